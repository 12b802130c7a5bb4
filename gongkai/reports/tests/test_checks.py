"""The consistency rules of §5 find and name broken cells; consistent reports pass."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from gongkai.reports.checks import (
    ReportFormatError,
    check_report,
    json_line_map,
    parse_report_json,
)
from gongkai.reports.tables import empty_report, report_to_json


def consistent_report() -> dict:
    """A hand-filled report that satisfies every rule.

    自然人: new 3 + carried_in 1 = 4 = total 3 (granted 2 + denied.4 1) + carried_out 1.
    商业企业: new 1 + 0 = 1 = total 1 (partial 1) + 0.
    总计 column: new 4, carried_in 1, granted 2, partial 1, denied.4 1, total 4, carried_out 1.
    """
    report = empty_report("fc-edu", "丰城市教育局", 2024)
    rows = report["section3"]["rows"]
    rows["new"] = [3, 1, 0, 0, 0, 0, 4]
    rows["carried_in"] = [1, 0, 0, 0, 0, 0, 1]
    rows["granted"] = [2, 0, 0, 0, 0, 0, 2]
    rows["partial"] = [0, 1, 0, 0, 0, 0, 1]
    rows["denied.4"] = [1, 0, 0, 0, 0, 0, 1]
    rows["total"] = [3, 1, 0, 0, 0, 0, 4]
    rows["carried_out"] = [1, 0, 0, 0, 0, 0, 1]
    report["section4"]["review"] = {
        "upheld": 1, "corrected": 1, "other": 0, "pending": 1, "total": 3,
    }  # fmt: skip
    report["section2"]["normative_documents"] = {"made": 5, "repealed": 1, "in_force": 25}
    report["section2"]["fees"]["amount_10k_yuan"] = Decimal("0.0150")
    return report


def test_a_consistent_report_passes():
    assert check_report(consistent_report()) == []


def test_a_broken_total_column_is_named_by_key_and_label():
    report = consistent_report()
    report["section3"]["rows"]["new"][6] = 5  # the applicant columns sum to 4
    violations = check_report(report)
    assert sorted(v.rule for v in violations) == ["column_balance", "row_total"]
    row_total = next(v for v in violations if v.rule == "row_total")
    assert row_total.message == (
        "section3.rows.new[6] 一、本年新收政府信息公开申请数量/总计 = 5，但六类申请人之和为 4"
    )
    balance = next(v for v in violations if v.rule == "column_balance")
    # new 5 + carried_in 1 = 6 against total 4 + carried_out 1 = 5, in the 总计 column.
    assert "= 6" in balance.message and "= 5" in balance.message
    assert "总计" in balance.message
    assert balance.cell_names == (
        "section3.rows.new[6]",
        "section3.rows.carried_in[6]",
        "section3.rows.total[6]",
        "section3.rows.carried_out[6]",
    )


def test_a_wrong_grand_total_row_is_found_per_column():
    report = consistent_report()
    rows = report["section3"]["rows"]
    # （七）总计 claims 4 natural persons (the outcome rows give 3) and 5 overall (they give 4);
    # carried_out is lowered so that 一 + 二 = 三 + 四 and row sums still hold.
    rows["total"] = [4, 1, 0, 0, 0, 0, 5]
    rows["carried_out"] = [0, 0, 0, 0, 0, 0, 0]
    violations = check_report(report)
    assert [v.rule for v in violations] == ["outcome_total", "outcome_total"]
    assert violations[0].message == (
        "section3.rows.total[0] （七）总计/自然人 = 4，但各办理结果行之和为 3"
    )
    assert violations[1].message == (
        "section3.rows.total[6] （七）总计/总计 = 5，但各办理结果行之和为 4"
    )
    assert "section3.rows.denied.4[6]" in violations[1].cell_names


def test_a_broken_section4_total_is_named():
    report = consistent_report()
    report["section4"]["review"]["total"] = 2  # 1 + 1 + 0 + 1 = 3
    report["section4"]["litigation_direct"]["pending"] = 1  # total stays 0
    violations = check_report(report)
    assert [v.rule for v in violations] == ["section4_total", "section4_total"]
    assert violations[0].message == (
        "section4.review.total 行政复议/总计 = 2，但 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 3"
    )
    assert violations[1].message.startswith(
        "section4.litigation_direct.total 行政诉讼/未经复议直接起诉/总计 = 0"
    )


def test_negative_counts_and_too_precise_fees_are_violations():
    report = consistent_report()
    report["section2"]["licensing"]["decisions"] = -2
    report["section2"]["fees"]["amount_10k_yuan"] = Decimal("1.00005")
    violations = check_report(report)
    assert [(v.rule, v.cell_names) for v in violations] == [
        ("non_negative", ("section2.licensing.decisions",)),
        ("fee_precision", ("section2.fees.amount_10k_yuan",)),
    ]
    assert "行政许可/本年处理决定数量" in violations[0].message


def test_structural_problems_are_reported_alone():
    report = consistent_report()
    del report["section3"]["rows"]["carried_out"]
    report["section3"]["rows"]["new"] = [3, 1, 0, 0, 0, 4]  # six cells
    report["section4"]["review"]["upheld"] = True  # not a count
    report["section4"]["review"]["total"] = 99  # would break a sum, but shape comes first
    violations = check_report(report)
    assert {v.rule for v in violations} == {"shape"}
    names = {v.cell_names[0] for v in violations}
    assert names == {
        "section3.rows.carried_out",
        "section3.rows.new",
        "section4.review.upheld",
    }


def test_parse_report_json_round_trips_with_exact_fee_amount():
    report = consistent_report()
    parsed = parse_report_json(report_to_json(report))
    assert parsed == report
    assert parsed["section2"]["fees"]["amount_10k_yuan"] == Decimal("0.015")


def test_parse_report_json_names_the_missing_parts_with_lines():
    data = consistent_report()
    data["section2"]["fees"]["amount_10k_yuan"] = 0
    del data["section4"]["litigation_after_review"]
    data["section3"]["rows"]["granted"][2] = "2"
    text = json.dumps(data, ensure_ascii=False, indent=1)
    lines = text.splitlines()
    with pytest.raises(ReportFormatError) as excinfo:
        parse_report_json(text)
    problems = {p.message.split(":")[0]: p for p in excinfo.value.problems}
    assert set(problems) == {"section4.litigation_after_review", "section3.rows.granted[2]"}
    # The string "2" sits on its own line; the missing group is reported at section4's line.
    assert lines[problems["section3.rows.granted[2]"].line - 1].strip() == '"2",'
    assert lines[problems["section4.litigation_after_review"].line - 1].strip() == '"section4": {'


def test_parse_report_json_reports_syntax_errors_with_their_line():
    with pytest.raises(ReportFormatError) as excinfo:
        parse_report_json('{\n "year": 2024,\n "org": }\n')
    assert excinfo.value.problems[0].line == 3
    assert "不是有效的 JSON" in excinfo.value.problems[0].message


def test_json_line_map_finds_nested_values():
    text = '{\n "a": {\n  "b": [\n   1,\n   2\n  ]\n },\n "c": "x"\n}'
    lines = json_line_map(text)
    assert lines[("a", "b", 1)] == 5
    assert lines[("c",)] == 8
