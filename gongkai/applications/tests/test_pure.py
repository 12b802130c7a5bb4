"""Pure helpers: masking, duplicate detection, captcha, ledger row parsing."""

from __future__ import annotations

import datetime as dt

from gongkai.applications.duplicates import find_duplicate, similarity
from gongkai.applications.ledger import parse_row
from gongkai.core import antiabuse as captcha
from gongkai.core.tabular import RowErrors
from gongkai.pii.masking import mask_id_number, mask_name, mask_phone


def test_masking_keeps_only_what_tells_applicants_apart():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_phone("13812345678") == "138****5678"
    # 11 digits, but a landline (area code 0795), not a mobile: only the last 4 are kept.
    assert mask_phone("0795-1234567") == "*******4567"
    assert mask_id_number("110101199003071234") == "110***********1234"


def test_identical_text_after_punctuation_and_width_is_the_same_request():
    assert similarity("２０２４年预算。", "2024年预算") == 1.0
    match = find_duplicate("2024年部门预算", [(1, "本局2023年决算"), (2, "2024年 部门预算！")])
    assert match is not None and (match.other_id, match.kind) == (2, "same")
    assert find_duplicate("2024年部门预算", [(1, "城区道路改造招标文件")]) is None


def test_captcha_is_single_use():
    session = {}
    svg, words = captcha.captcha_issue(session)
    answer = session[captcha.SESSION_KEY]
    assert svg.startswith("<svg") and "<text" not in svg  # the question is strokes, not text
    assert words.endswith("等于几？")
    assert captcha.captcha_check(session, answer) is True
    assert captcha.captcha_check(session, answer) is False  # used up


def test_ledger_row_accepts_keys_or_chinese_labels():
    errors = RowErrors()
    row = parse_row(
        2,
        {
            "received_on": "2024-03-01",
            "applicant_type": "商业企业",
            "channel": "网上申请",
            "concluded_on": "2024-03-20",
            "outcome": "4.保护第三方合法权益",
            "reference": "",
            "applicant_name": "",
            "subject": "x",
        },
        errors,
    )
    assert not errors
    assert (row.applicant_type, row.channel, row.outcome) == ("business", "online", "denied.4")
    assert row.concluded_on == dt.date(2024, 3, 20)


def test_ledger_row_needs_an_outcome_when_concluded():
    errors = RowErrors()
    parse_row(
        5,
        {
            "received_on": "2024-03-01",
            "applicant_type": "natural_person",
            "concluded_on": "2024-03-20",
            "outcome": "",
        },
        errors,
    )
    assert [e.line for e in errors.sorted()] == [5]
