"""``manage.py precheck FILE…``: output format and exit codes (interfaces.md)."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.documents.tests.builders import (
    CARD,
    ID_MASKED,
    MOBILE_MASKED,
    build_docx,
    build_pdf,
    build_xlsx,
)

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "precheck_sample.txt"
CLEAN = FIXTURES / "clean.txt"
REPO = Path(__file__).resolve().parents[3]


def run(*args: str) -> tuple[int, list[str], str]:
    """(exit code, stdout lines, stderr) of the command run in-process."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("precheck", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue().splitlines(), err.getvalue()


def test_it_finds_exactly_the_real_identifiers_among_look_alikes_and_exits_1():
    code, lines, err = run(str(SAMPLE))
    # precheck_sample.txt, by hand: line 1 is the marking 内部资料 注意保存 (9 characters,
    # masked to first + 7 stars + last); line 4 "申请人身份证号：" is 8 characters, so the ID
    # starts at column 9; lines 5 and 6 have 5-character labels, so column 6. Lines 8-12 hold
    # only look-alikes: a wrong check digit, 17 digits, a 19-digit non-Luhn number, dates,
    # 20241001, a landline, an amount, 内部控制/内部审计/国家秘密 — none may be reported.
    assert lines == [
        f"{SAMPLE}:1:1: secrecy_mark: 内*******存",
        f"{SAMPLE}:4:9: id_number: {ID_MASKED}",
        f"{SAMPLE}:5:6: mobile: {MOBILE_MASKED}",
        f"{SAMPLE}:6:6: bank_card: 6228 **** **** ***8 903",
    ]
    assert code == 1
    assert err == ""


def test_a_clean_file_prints_nothing_and_exits_0():
    assert run(str(CLEAN)) == (0, [], "")


def test_it_checks_the_sensitive_words_of_a_word_list(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("张某某\n\n", encoding="utf-8")
    code, lines, _err = run(str(CLEAN), str(SAMPLE), "--words", str(words))
    # 关于张某某: the name starts at column 3 of line 2 of the sample; the clean file has none.
    assert f"{SAMPLE}:2:3: sensitive_word: 张*某" in lines
    assert not any(line.startswith(str(CLEAN)) for line in lines)
    assert code == 1


def test_a_missing_file_is_a_usage_error_with_exit_2(tmp_path):
    missing = tmp_path / "nope.txt"
    code, lines, err = run(str(SAMPLE), str(missing))
    assert code == 2
    assert lines == []  # nothing is checked when the command line is wrong
    assert f"{missing}: 文件不存在" in err


def test_an_unsupported_type_is_a_usage_error_that_says_what_to_do(tmp_path):
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _lines, err = run(str(legacy))
    assert code == 2
    assert f"{legacy}: " in err and "另存为 DOCX" in err


def test_a_corrupt_file_is_reported_and_exits_2_even_when_others_have_findings(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    code, lines, err = run(str(SAMPLE), str(broken))
    assert code == 2
    assert len(lines) == 4  # the sample is still checked
    assert f"{broken}: " in err


def test_docx_findings_use_the_paragraph_number_as_line(tmp_path):
    path = tmp_path / "答复.docx"
    path.write_bytes(build_docx())
    code, lines, _err = run(str(path), "--with-location")
    # build_docx: paragraph 1 "联系电话：" + mobile (column 6); paragraph 5 is table cell 2/2,
    # "身份证 " + ID (column 5); paragraph 7 the header 机密★1年. The deleted 13912345678 in
    # paragraph 6 is not visible text and is not reported.
    assert lines == [
        f"{path}:1:6: mobile: {MOBILE_MASKED} [第1段]",
        f"{path}:5:5: id_number: {ID_MASKED} [表格1 第2行第2列]",
        f"{path}:7:1: secrecy_mark: 机* [页眉]",
    ]
    assert code == 1


def test_xlsx_findings_use_the_row_as_line_and_the_position_in_the_cell_as_column(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(build_xlsx())
    code, lines, _err = run(str(path), "--with-location")
    assert lines == [
        f"{path}:3:1: id_number: {ID_MASKED} [表 名单!B3]",
        f"{path}:3:1: mobile: {MOBILE_MASKED} [表 名单!C3]",
    ]
    assert code == 1


def test_pdf_findings_use_the_line_within_the_page(tmp_path):
    path = tmp_path / "reply.pdf"
    path.write_bytes(build_pdf())
    code, lines, _err = run(str(path))
    # Page 1 line 2 is "Phone <mobile> card <card in 4 groups>": the mobile after "Phone "
    # (column 7), the card after "Phone 13812345678 card " (6 + 11 + 6 = 23 -> column 24).
    # Page 2 line 1 is "ID <id>": column 4.
    assert lines == [
        f"{path}:2:7: mobile: {MOBILE_MASKED}",
        f"{path}:2:24: bank_card: {CARD[:4]} **** **** {CARD[12:]}",
        f"{path}:1:4: id_number: {ID_MASKED}",
    ]
    assert code == 1


@pytest.mark.slow
def test_the_real_command_line_exits_1_on_findings():
    # One end-to-end run through manage.py, to see the process exit code scripts rely on.
    result = subprocess.run(
        [sys.executable, "manage.py", "precheck", str(SAMPLE)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"GONGKAI_TESTING": "1", "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[1] == f"{SAMPLE}:4:9: id_number: {ID_MASKED}"


def test_a_command_line_without_files_is_refused():
    # On a real command line Django turns this CommandError into exit code 2.
    with pytest.raises(CommandError, match="FILE"):
        call_command("precheck")
