"""A ledger in the office's own words: 办理结果 as clerks write it, not only the table's label.

Before, “予以公开” was refused: only “（一）予以公开” or the key ``granted`` was accepted, so a
real office's ledger failed on every row.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from gongkai.applications.models import Application
from gongkai.statute import layout

HEADER = "编号,收到日期,申请人类型,办结日期,办理结果\n"

WORDS = {
    "予以公开": "granted",
    "（一）予以公开": "granted",
    "部分公开": "partial",
    "不予公开/属于国家秘密": "denied.1",
    "不予公开（保护第三方合法权益）": "denied.4",
    "（三）不予公开 5.属于三类内部事务信息": "denied.5",
    "不予公开-危及“三安全一稳定”": "denied.3",
    "无法提供 / 本机关不掌握相关政府信息": "unable.1",
    "本机关不掌握相关政府信息": "unable.1",
    "无法提供：没有现成信息需要另行制作": "unable.2",
    "重复申请": "not_processed.2",
    "不予处理／信访举报投诉类申请": "not_processed.1",
    "其他": "other.3",
    "（１）予以公开": "granted",  # a full-width digit
    "denied.8": "denied.8",
}


@pytest.mark.parametrize(("words", "key"), list(WORDS.items()))
def test_the_words_an_office_writes_name_the_outcome(words, key):
    assert layout.outcome_key(words) == key


@pytest.mark.parametrize(
    ("words", "candidates"),
    [
        ("不予公开", [f"denied.{n}" for n in range(1, 9)]),
        ("无法提供", ["unable.1", "unable.2", "unable.3"]),
        ("其他处理", ["other.1", "other.2", "other.3"]),
    ],
)
def test_a_group_alone_is_ambiguous_and_the_candidates_are_given(words, candidates):
    with pytest.raises(layout.OutcomeAmbiguous) as caught:
        layout.outcome_key(words)
    assert [key for key, _label in caught.value.candidates] == candidates


@pytest.mark.parametrize("words", ["（七）总计", "予以", "同意", ""])
def test_words_that_are_no_outcome_are_refused(words):
    with pytest.raises(KeyError):
        layout.outcome_key(words)


@pytest.mark.django_db
def test_a_ledger_in_the_offices_words_imports(tmp_path, org_a, calendar_2025):
    path = tmp_path / "ledger.csv"
    rows = "".join(f"L-{n},2025-03-03,自然人,2025-03-20,{words}\n" for n, words in enumerate(WORDS))
    path.write_text(HEADER + rows, encoding="utf-8")
    call_command("import_applications", str(path), "--org", org_a.code, stdout=io.StringIO())
    stored = dict(Application.objects.values_list("reference", "outcome"))
    assert stored == {f"L-{n}": key for n, key in enumerate(WORDS.values())}


@pytest.mark.django_db
def test_an_ambiguous_outcome_names_the_line_and_the_candidates(tmp_path, org_a, calendar_2025):
    path = tmp_path / "ledger.csv"
    path.write_text(
        HEADER
        + "L-1,2025-03-03,自然人,2025-03-20,予以公开\nL-2,2025-03-03,自然人,2025-03-20,无法提供\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("import_applications", str(path), "--org", org_a.code, stderr=err)
    assert exited.value.code == 1
    message = err.getvalue()
    assert f"{path}:3:" in message and f"{path}:2:" not in message
    assert "“无法提供”不明确，可能是：1.本机关不掌握相关政府信息（unable.1）" in message
    assert "3.补正后申请内容仍不明确（unable.3）" in message
    assert "必须填写办理结果" not in message  # one error for one mistake
    assert not Application.objects.exists()
