"""Numbers written the way people write them, and the markings 内部资料/注意保密.

Before, a resident ID written in groups (440306 19780301 0121, 360981-19870615-100X,
3622 2219 6512 0310 8X) or a mobile with dots or a zero-width space passed the pre-check and the
public letter list's masking (issue 20: 3 valid IDs and 3 mobiles on one public page), and
“内部资料/注意保密” was not taken for a marking. The numbers below are the issue's own examples
(their check digits are valid) and numbers with hand-checked check digits.
"""

from __future__ import annotations

import pytest

from gongkai.mailbox.rules import public_text
from gongkai.pii.precheck import mask_text, scan_text

ZWSP = "\u200b"


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in scan_text(text)]


@pytest.mark.parametrize(
    "number",
    [
        "440306 19780301 0121",
        "360981-19870615-100X",
        "3622 2219 6512 0310 8X",
        "440306\u00a019780301\u00a00121",  # no-break spaces
        "440306　19780301　0121",  # full-width spaces
        "440306.1978.0301.0121",
        f"4403{ZWSP}0619{ZWSP}7803010121",
        "４４０３０６ １９７８０３０１ ０１２１",  # full-width digits
    ],
)
def test_a_resident_id_written_in_groups_is_found_as_written(number):
    text = f"申请人身份证号码：{number}，请核实。"
    assert found(text) == [("id_number", number)]


@pytest.mark.parametrize(
    "number",
    [
        "138 1234 5678",
        "138-1234-5678",
        "138.1234.5678",
        "1381 234 5678",
        "138–1234–5678",  # an en dash, as word processors write it
        f"1381{ZWSP}2345678",
        f"1{ZWSP}3{ZWSP}8{ZWSP}12345678",
    ],
)
def test_a_mobile_written_with_separators_or_invisible_characters_is_found(number):
    assert found(f"联系电话{number}。") == [("mobile", number)]


@pytest.mark.parametrize(
    "text",
    [
        "2024 1301 5678 9999 12 项目编号",  # figures, not an ID (no valid check digit / date)
        "金额 138 12 345 678 元",  # no mobile grouping
        "序号 13 8 1234 5678",  # separators in the wrong places
        "1381234-5678-9",  # longer than a mobile
    ],
)
def test_separated_figures_that_are_not_numbers_of_people_are_left(text):
    assert [k for k, _v in found(text) if k in ("id_number", "mobile")] == []


def test_masking_masks_exactly_the_characters_as_written():
    text = f"身份证 440306 19780301 0121，手机 138.1234.5678，备用 1381{ZWSP}2345678。"
    masked = mask_text(text, scan_text(text))
    assert masked == f"身份证 440*** ******** 0121，手机 138.****.5678，备用 138*{ZWSP}***5678。"


def test_the_public_letter_list_masks_grouped_ids_and_mobiles():
    """The issue's public page: three valid IDs and three mobiles, none may be shown."""
    letter = (
        "我母亲身份证440306 19780301 0121，父亲360981-19870615-100X，"
        "我本人3622 2219 6512 0310 8X。电话138-1234-5678、139.8765.4321、"
        f"150{ZWSP}1234{ZWSP}5678。"
    )
    shown = public_text(letter)
    for digits in ("19780301", "19870615", "6512 0310", "1234-5678", "8765.4321", "1234"):
        assert digits not in shown, digits
    assert shown.count("*") >= 3 * 11 + 3 * 4


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("内部资料/注意保密\n关于……的情况通报", "内部资料/注意保密"),
        ("内部资料 注意保密", "内部资料 注意保密"),
        ("注意保密，内部资料", "注意保密，内部资料"),
        ("内部资料，请勿外传", "内部资料，请勿外传"),
        ("注意保密\n各单位：", "注意保密"),
        ("【注意保密】", "注意保密"),
    ],
)
def test_the_markings_neibu_ziliao_and_zhuyi_baomi_are_found(text, value):
    assert ("secrecy_mark", value) in found(text)


@pytest.mark.parametrize(
    "text", ["工作人员应当注意保密纪律。", "请注意保密。", "内部资料室开放时间"]
)
def test_the_same_words_in_a_sentence_are_no_marking(text):
    assert [k for k, _v in found(text) if k == "secrecy_mark"] == []
