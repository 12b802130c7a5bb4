"""The database selectors give exactly the counts of §5, and the same dict as the pure oracle."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.reports import selectors
from gongkai.reports.tables import assemble_report

pytestmark = pytest.mark.django_db

# Columns: natural_person, business, research, public_interest, legal_service, other_org, total.
# 2024, org A, worked out by hand from LEDGER_A in conftest.py:
#   new (received 2024): A5 NP, A8 NP, A10 business, A6 research, A7 legal_service
#   carried_in (received before 2024, open on 1 Jan): A1 NP (2022 → 2024, across two year
#     boundaries), A2 business (2022), A4 NP (2023, still open); A3 closed in 2023: not counted
#   concluded in 2024: A1 granted, A5 partial, A2 denied.4, A8 other.2, A10 not_processed.2
#     (A10 on 31 Dec counts as concluded); A6 concluded 2025-01-10: still open at year end
#   carried_out: A4 NP, A6 research, A7 legal_service (received on 31 Dec)
#   A9 received 2025: not in 2024 at all.
EXPECTED_2024 = {
    "new": [2, 1, 1, 0, 1, 0, 5],
    "carried_in": [2, 1, 0, 0, 0, 0, 3],
    "granted": [1, 0, 0, 0, 0, 0, 1],
    "partial": [1, 0, 0, 0, 0, 0, 1],
    "denied.4": [0, 1, 0, 0, 0, 0, 1],
    "other.2": [1, 0, 0, 0, 0, 0, 1],
    "not_processed.2": [0, 1, 0, 0, 0, 0, 1],
    "total": [3, 2, 0, 0, 0, 0, 5],
    "carried_out": [1, 0, 1, 0, 1, 0, 3],
}
# 2023: new A3, A4 (NP); carried_in A1 NP, A2 business (both 2022, open on 1 Jan 2023);
# A3 granted; carried_out A1, A2, A4.
EXPECTED_2023 = {
    "new": [2, 0, 0, 0, 0, 0, 2],
    "carried_in": [1, 1, 0, 0, 0, 0, 2],
    "granted": [1, 0, 0, 0, 0, 0, 1],
    "total": [1, 0, 0, 0, 0, 0, 1],
    "carried_out": [2, 1, 0, 0, 0, 0, 3],
}


def _nonzero(rows):
    return {k: v for k, v in rows.items() if any(v)}


def test_section3_counts_match_the_hand_checked_ledger(city):
    report = selectors.report_compute(org=city["a"], year=2024)
    assert _nonzero(report["section3"]["rows"]) == EXPECTED_2024


def test_an_application_from_2022_concluded_in_2024_is_carried_through_2023(city):
    report = selectors.report_compute(org=city["a"], year=2023)
    assert _nonzero(report["section3"]["rows"]) == EXPECTED_2023


def test_section4_counts_the_state_on_31_december(city):
    # C1 corrected in 2024; C2 upheld only in 2025 -> pending; C3 pending; C4 filed in 2023 is
    # not counted; C5 other.
    s4 = selectors.report_compute(org=city["a"], year=2024)["section4"]
    assert s4["review"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2}
    assert s4["litigation_direct"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    assert s4["litigation_after_review"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 1,
        "pending": 0,
        "total": 1,
    }


def test_section2_counts_documents_and_takes_the_entered_figures(city):
    # normative: made 2024-03-01 (in force), repealed 2024-06-30 (made 2020), in force since
    # 2019; the 2024 draft is not on the portal and does not count. regulation: made and
    # repealed on 31 Dec 2024, so not in force when the year closes.
    s2 = selectors.report_compute(org=city["a"], year=2024)["section2"]
    assert s2["normative_documents"] == {"made": 1, "repealed": 1, "in_force": 2}
    assert s2["regulations"] == {"made": 1, "repealed": 1, "in_force": 0}
    assert s2["licensing"] == {"decisions": 12}
    assert s2["punishment"] == {"decisions": 3}
    assert s2["fees"] == {"amount_10k_yuan": Decimal("1.2345")}


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_grouped_queries_equal_the_pure_oracle_and_the_naive_count(city, year):
    a = city["a"]
    ids = [a.pk]
    oracle, _refs = assemble_report(
        org_code=a.code,
        org_name=a.name,
        year=year,
        applications=selectors.application_records(org_ids=ids),
        cases=selectors.case_records(org_ids=ids),
        documents=selectors.document_records(org_ids=ids),
        annual_figures=selectors.figures_record(org=a, year=year),
    )
    assert selectors.report_compute(org=a, year=year) == oracle
    assert selectors.report_compute_naive(org=a, year=year) == oracle


def test_cell_records_list_exactly_the_applications_behind_the_cell(city):
    rows = selectors.cell_records(
        org_ids=[city["a"].pk], year=2024, path=("section3", "rows", "carried_in", 6)
    )
    assert sorted(rows.values_list("reference", flat=True)) == ["A1", "A2", "A4"]


def test_cell_names_parse_back_to_paths():
    assert selectors.parse_cell_name("section3.rows.denied.4[6]") == (
        "section3",
        "rows",
        "denied.4",
        6,
    )
    assert selectors.parse_cell_name("section4.review.pending") == ("section4", "review", "pending")
    assert selectors.parse_cell_name("section2.fees.amount_10k_yuan") == (
        "section2",
        "fees",
        "amount_10k_yuan",
    )
    for bad in ("section3.rows.nope[1]", "section3.rows.new[9]", "section4.review.x", "x"):
        with pytest.raises(ValueError):
            selectors.parse_cell_name(bad)


def test_rollup_sums_the_orgs_on_the_platform_and_the_submitted_table(city):
    import json

    from gongkai.reports.models import SubmittedReport
    from gongkai.reports.tables import empty_report, report_to_json

    submitted = empty_report("fc-c", "丰城市某乡人民政府", 2024)
    submitted["section3"]["rows"]["new"] = [1, 0, 0, 0, 0, 0, 1]
    submitted["section3"]["rows"]["granted"] = [1, 0, 0, 0, 0, 0, 1]
    submitted["section3"]["rows"]["total"] = [1, 0, 0, 0, 0, 0, 1]
    submitted["section4"]["review"].update(upheld=2, total=2)
    SubmittedReport.objects.create(
        org=city["c"], year=2024, data=json.loads(report_to_json(submitted))
    )
    result = selectors.report_rollup(org=city["gov"], year=2024)
    rows = result.report["section3"]["rows"]
    # new: A [2,1,1,0,1,0,5] + B1 natural person + C's one natural person.
    assert rows["new"] == [4, 1, 1, 0, 1, 0, 7]
    # granted: A1 + B1 + C's one.
    assert rows["granted"] == [3, 0, 0, 0, 0, 0, 3]
    # review: A has corrected 1 + pending 1; C has upheld 2.
    assert result.report["section4"]["review"] == {
        "upheld": 2,
        "corrected": 1,
        "other": 0,
        "pending": 1,
        "total": 4,
    }
    assert result.report["org"] == {"code": "fc", "name": "丰城市人民政府"}
    assert [o.code for o in result.submitted] == ["fc-c"]
    assert result.missing == []


def test_rollup_lists_an_org_off_the_platform_that_submitted_nothing(city):
    result = selectors.report_rollup(org=city["gov"], year=2024)
    assert [o.code for o in result.missing] == ["fc-c"]
