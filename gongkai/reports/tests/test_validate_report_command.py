"""``validate_report FILE``: one line per violated rule, exit 0 / 1 / 2 as documented."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.reports.render import render_xlsx
from gongkai.reports.tables import report_to_json
from gongkai.reports.tests.test_checks import consistent_report

REPO = Path(__file__).resolve().parents[3]


def run(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("validate_report", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_a_consistent_json_report_passes(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(report_to_json(consistent_report()), encoding="utf-8")
    code, out, _err = run(path)
    assert code == 0
    assert "通过" in out and "fc-edu" in out


def test_a_broken_json_report_prints_one_line_per_rule_with_its_line(tmp_path):
    report = consistent_report()
    report["section3"]["rows"]["total"][6] = 5  # outcome rows give 4; row sums to 4
    report["section4"]["review"]["total"] = 2  # parts give 3
    text = report_to_json(report)
    path = tmp_path / "report.json"
    path.write_text(text, encoding="utf-8")
    code, out, _err = run(path)
    assert code == 1
    lines = out.strip().splitlines()
    # total[6] = 5 breaks: the row's 总计 (applicants sum to 4), （七）总计 (outcomes sum to 4)
    # and the balance of the 总计 column (4 + 1 vs 5 + 1); plus section 四's review total.
    assert len(lines) == 4
    assert sum("[row_total" in line for line in lines) == 1
    assert sum("[outcome_total" in line for line in lines) == 1
    assert sum("[column_balance" in line for line in lines) == 1
    assert sum("[section4_total" in line for line in lines) == 1
    outcome = next(line for line in lines if "[outcome_total" in line)
    # The 7th cell of the rows' "total" list: 7 lines below the line that opens the list.
    file_lines = text.splitlines()
    opening = next(i for i, line in enumerate(file_lines) if line.strip() == '"total": [')
    assert outcome.startswith(
        f"{path}:{opening + 1 + 7}: section3.rows.total[6] （七）总计/总计 = 5"
    )


def test_a_malformed_json_report_says_what_to_fix(tmp_path):
    report = consistent_report()
    del report["section3"]["rows"]["carried_out"]
    path = tmp_path / "report.json"
    path.write_text(report_to_json(report), encoding="utf-8")
    code, _out, err = run(path)
    assert code == 1
    assert (
        "section3.rows.carried_out: 缺失或不是 7 个整数组成的列表（四、结转下年度继续办理）" in err
    )


def test_a_broken_xlsx_report_names_the_sheet_cell(tmp_path):
    report = consistent_report()
    report["section3"]["rows"]["total"][6] = 5
    path = tmp_path / "report.xlsx"
    path.write_bytes(render_xlsx(report))
    code, out, _err = run(path)
    assert code == 1
    # （七）总计 is sheet row 48 and 总计 column J (xlsx module docstring).
    assert f"{path}:48: section3.rows.total[6]" in out
    assert "(cell J48)" in out


def test_a_consistent_xlsx_report_passes(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(render_xlsx(consistent_report()))
    assert run(path)[0] == 0


@pytest.mark.parametrize("name", ["missing.json", "report.txt"])
def test_usage_errors_exit_2(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("{}", encoding="utf-8")
    assert run(path)[0] == 2


@pytest.mark.slow
def test_the_real_process_exit_codes(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(report_to_json(consistent_report()), encoding="utf-8")
    broken = consistent_report()
    broken["section3"]["rows"]["new"][0] = 4
    bad.write_text(report_to_json(broken), encoding="utf-8")

    def exit_code(*args: str) -> int:
        cmd = [sys.executable, "manage.py", "validate_report", *args]
        return subprocess.run(cmd, cwd=REPO, capture_output=True, check=False).returncode

    assert exit_code(str(good)) == 0
    assert exit_code(str(bad)) == 1
    assert exit_code(str(tmp_path / "nope.xlsx")) == 2
