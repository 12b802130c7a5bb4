"""Counting rules of the annual report tables (ogi-rules.md §5), on hand-built ledgers."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.reports import tables
from gongkai.reports.checks import check_report
from gongkai.reports.tables import (
    AnnualFigures,
    ApplicationRecord,
    CaseRecord,
    DocumentRecord,
    compute_section2,
    compute_section3,
    compute_section4,
    empty_report,
    rollup,
)

SPEC = json.loads(
    (
        Path(__file__).resolve().parents[2] / "statute" / "spec" / "annual-report-2021.json"
    ).read_text("utf-8")
)
ROW_KEYS = [r["key"] for r in SPEC["section3"]["rows"] if "key" in r]
NP, BUS, RES, PUB, LEGAL, OTHER, TOTAL = range(7)  # column order of the spec


def zeros() -> list[int]:
    return [0] * 7


def row(**cells: int) -> list[int]:
    """A row from named cells; the total column is written by hand in each test."""
    out = zeros()
    index = {"np": NP, "bus": BUS, "res": RES, "pub": PUB, "legal": LEGAL, "other": OTHER}
    index["total"] = TOTAL
    for name, value in cells.items():
        out[index[name]] = value
    return out


def app(
    ref: str, received: str, kind: str, concluded: str | None = None, outcome: str | None = None
):
    return ApplicationRecord(
        received_on=date.fromisoformat(received),
        applicant_type=kind,
        concluded_on=date.fromisoformat(concluded) if concluded else None,
        outcome=outcome,
        reference=ref,
    )


def test_the_bundled_spec_is_the_shared_one():
    # shared/ (the product's specification) sits beside the repository checkout.
    repository = Path(__file__).resolve().parents[3]
    shared = repository.parent / "shared" / "spec" / "annual-report-2021.json"
    if not shared.exists():
        pytest.skip(f"{shared} not present beside this checkout")
    assert json.loads(shared.read_text("utf-8")) == SPEC


def test_empty_report_has_every_row_and_group_of_the_spec():
    report = empty_report("fc-gov", "丰城市人民政府", 2024)
    example = SPEC["json_shape_example"]
    # 25 row keys: new, carried_in, granted, partial, 8 denied, 3 unable, 5 not_processed,
    # 3 other, total, carried_out (counted in the spec by hand).
    assert len(ROW_KEYS) == 25
    assert list(report["section3"]["rows"]) == ROW_KEYS
    assert all(cells == [0] * 7 for cells in report["section3"]["rows"].values())
    assert report["section3"]["columns"] == example["section3"]["columns"]
    assert set(report) == set(example)
    assert report["org"] == {"code": "fc-gov", "name": "丰城市人民政府"}
    assert (report["year"], report["format"]) == (2024, "gb-2021")
    assert {k: set(v) for k, v in report["section2"].items()} == {
        k: set(v) for k, v in example["section2"].items()
    }
    assert report["section4"] == {
        g: {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
        for g in ("review", "litigation_direct", "litigation_after_review")
    }
    assert check_report(report) == []


# An application received 2022-06-01 and concluded 2024-03-01: open across two year ends.
LONG_RUNNER = app("A", "2022-06-01", "natural_person", "2024-03-01", "granted")


def test_long_running_application_is_carried_out_in_2022():
    rows = compute_section3([LONG_RUNNER], 2022).rows
    # Received in 2022 -> new; still open on 2022-12-31 -> carried out.
    assert rows["new"] == row(np=1, total=1)
    assert rows["carried_out"] == row(np=1, total=1)
    assert rows["carried_in"] == zeros()
    assert rows["total"] == zeros()


def test_long_running_application_is_carried_in_and_out_in_2023():
    rows = compute_section3([LONG_RUNNER], 2023).rows
    # Open on 2023-01-01 and on 2023-12-31, received before 2023.
    assert rows["new"] == zeros()
    assert rows["carried_in"] == row(np=1, total=1)
    assert rows["carried_out"] == row(np=1, total=1)
    assert rows["granted"] == zeros()


def test_long_running_application_is_carried_in_and_concluded_in_2024():
    rows = compute_section3([LONG_RUNNER], 2024).rows
    assert rows["carried_in"] == row(np=1, total=1)
    assert rows["granted"] == row(np=1, total=1)
    assert rows["total"] == row(np=1, total=1)
    assert rows["carried_out"] == zeros()
    assert rows["new"] == zeros()


def test_long_running_application_is_gone_in_2025():
    rows = compute_section3([LONG_RUNNER], 2025).rows
    assert all(cells == zeros() for cells in rows.values())


LEDGER = [
    LONG_RUNNER,  # 2024: carried_in np, granted np
    app("B", "2023-12-31", "business", "2024-01-01", "partial"),  # carried_in bus, partial bus
    app("C", "2024-12-31", "research"),  # new res, carried_out res
    app("D", "2024-12-31", "legal_service", "2024-12-31", "denied.4"),  # new legal, denied.4
    app("E", "2024-01-01", "other_org", "2025-01-01", "unable.1"),  # new other, carried_out
    app("F", "2023-05-05", "natural_person", "2023-12-31", "granted"),  # 2024: nothing
    app("G", "2025-01-01", "natural_person"),  # 2024: nothing
    app("H", "2024-03-03", "natural_person", "2024-04-01", "not_processed.2"),  # new np, np.2
    app("I", "2023-11-01", "public_interest"),  # carried_in pub, carried_out pub
]


def test_ledger_counts_for_2024_match_the_hand_count():
    rows = compute_section3(LEDGER, 2024).rows
    # Hand count (see the comments on LEDGER):
    assert rows["new"] == row(np=1, res=1, legal=1, other=1, total=4)  # H, C, D, E
    assert rows["carried_in"] == row(np=1, bus=1, pub=1, total=3)  # A, B, I
    assert rows["granted"] == row(np=1, total=1)  # A
    assert rows["partial"] == row(bus=1, total=1)  # B
    assert rows["denied.4"] == row(legal=1, total=1)  # D, received and concluded on 31 Dec
    assert rows["not_processed.2"] == row(np=1, total=1)  # H
    assert rows["unable.1"] == zeros()  # E concludes on 2025-01-01
    assert rows["total"] == row(np=2, bus=1, legal=1, total=4)
    assert rows["carried_out"] == row(res=1, pub=1, other=1, total=3)  # C, I, E
    untouched = set(ROW_KEYS) - {
        "new", "carried_in", "granted", "partial", "denied.4", "not_processed.2", "total",
        "carried_out",
    }  # fmt: skip
    assert all(rows[key] == zeros() for key in untouched)


def test_edges_of_2023_count_31_december_receipts_as_new_and_carried_out():
    rows = compute_section3(LEDGER, 2023).rows
    # 2023: A carried in (received 2022) and out; B new on 31 Dec and out; F new and granted
    # on 31 Dec; I new and out. C, D, E, G, H are received in 2024 or later.
    assert rows["new"] == row(np=1, bus=1, pub=1, total=3)  # F, B, I
    assert rows["carried_in"] == row(np=1, total=1)  # A
    assert rows["granted"] == row(np=1, total=1)  # F
    assert rows["total"] == row(np=1, total=1)
    assert rows["carried_out"] == row(np=1, bus=1, pub=1, total=3)  # A, B, I


def test_drill_down_lists_the_references_behind_each_cell():
    refs = compute_section3(LEDGER, 2024).references
    assert refs["new"][TOTAL] == ["C", "D", "E", "H"]  # ledger order
    assert refs["new"][NP] == ["H"]
    assert refs["carried_out"][TOTAL] == ["C", "E", "I"]
    assert refs["total"][NP] == ["A", "H"]
    assert refs["unable.1"][OTHER] == []


def test_a_computed_report_satisfies_every_rule():
    report, _refs = tables.assemble_report(
        org_code="fc-gov", org_name="丰城市人民政府", year=2024, applications=LEDGER
    )
    assert check_report(report) == []


@pytest.mark.parametrize(
    "record, message",
    [
        (app("X", "2024-01-02", "natural_person", "2024-01-03", None), "outcome"),
        (app("X", "2024-01-02", "alien", None, None), "applicant type"),
        (app("X", "2024-01-02", "natural_person", "2024-01-01", "granted"), "before"),
        (app("X", "2024-01-02", "natural_person", "2024-01-03", "denied.9"), "outcome"),
    ],
)
def test_uncountable_applications_are_refused_by_reference(record, message):
    with pytest.raises(ValueError, match=message) as excinfo:
        compute_section3([record], 2024)
    assert "X" in str(excinfo.value)


def test_section4_counts_cases_filed_in_the_year_by_result_at_year_end():
    cases = [
        CaseRecord("review", date(2024, 2, 1), "upheld", date(2024, 6, 1), "R1"),
        # Corrected only in 2025: still pending on 2024-12-31.
        CaseRecord("review", date(2024, 11, 1), "corrected", date(2025, 1, 10), "R2"),
        CaseRecord("litigation_direct", date(2024, 12, 31), None, None, "L1"),
        # Filed in 2023: belongs to the 2023 report even though it ended in 2024.
        CaseRecord("litigation_after_review", date(2023, 12, 31), "upheld", date(2024, 1, 5)),
        CaseRecord("litigation_after_review", date(2024, 1, 1), "other", date(2024, 12, 31)),
    ]
    result = compute_section4(cases, 2024)
    assert result.groups == {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
        "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
        "litigation_after_review": {
            "upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1,
        },
    }  # fmt: skip
    assert result.references["review"]["pending"] == ["R2"]


def test_section2_counts_documents_made_repealed_and_in_force():
    documents = [
        DocumentRecord("regulation", date(2024, 3, 1)),  # made, in force
        DocumentRecord("normative", date(2020, 1, 1), date(2024, 6, 30)),  # repealed
        DocumentRecord("normative", date(2024, 5, 1), date(2024, 12, 31)),  # made, repealed
        DocumentRecord("normative", date(2019, 1, 1)),  # in force
        DocumentRecord("normative", date(2025, 1, 2)),  # not yet made
        DocumentRecord("normative", date(2018, 1, 1), date(2025, 1, 1)),  # in force at year end
    ]
    figures = AnnualFigures(
        licensing=120, punishment=3, coercion=0, fees_10k_yuan=Decimal("1.2345")
    )
    section = compute_section2(documents, 2024, figures)
    assert section["regulations"] == {"made": 1, "repealed": 0, "in_force": 1}
    assert section["normative_documents"] == {"made": 1, "repealed": 2, "in_force": 2}
    assert section["licensing"] == {"decisions": 120}
    assert section["punishment"] == {"decisions": 3}
    assert section["coercion"] == {"decisions": 0}
    assert section["fees"] == {"amount_10k_yuan": Decimal("1.2345")}


@pytest.mark.parametrize("amount", [Decimal("1.23456"), Decimal("-1")])
def test_fee_amounts_beyond_four_decimals_or_negative_are_refused(amount):
    with pytest.raises(ValueError):
        compute_section2([], 2024, AnnualFigures(fees_10k_yuan=amount))


def test_rollup_sums_reports_cell_by_cell():
    a = empty_report("fc-gov", "丰城市人民政府", 2024)
    b = empty_report("fc-edu", "丰城市教育局", 2024)
    a["section3"]["rows"]["new"] = row(np=2, bus=1, total=3)
    b["section3"]["rows"]["new"] = row(np=3, total=3)
    a["section2"]["fees"]["amount_10k_yuan"] = Decimal("0.5")
    b["section2"]["fees"]["amount_10k_yuan"] = Decimal("1.25")
    b["section4"]["review"]["pending"] = 2
    total = rollup([a, b])
    assert total["org"] == {"code": "fc-gov", "name": "丰城市人民政府"}
    assert total["section3"]["rows"]["new"] == row(np=5, bus=1, total=6)
    assert total["section2"]["fees"]["amount_10k_yuan"] == Decimal("1.75")
    assert total["section4"]["review"]["pending"] == 2
    assert a["section3"]["rows"]["new"] == row(np=2, bus=1, total=3)  # inputs untouched


def test_rollup_refuses_reports_of_different_years():
    with pytest.raises(ValueError, match="different years"):
        rollup([empty_report("a", "A", 2023), empty_report("b", "B", 2024)])
