"""Pure computation of the annual report tables (sections 二, 三 and 四) from plain records.

No database access: the models hand over simple records, so the counting rules of the law
(ogi-rules.md §5) can be tested exhaustively and reused by commands, views and tasks alike.

The in-memory report is a dict in exactly the JSON shape of ``json_shape_example``; the only
non-JSON value is the fee amount, kept as a ``Decimal`` (see ``report_to_json``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from gongkai.statute import layout

FEE_DECIMALS = 4
FEE_QUANTUM = Decimal(1).scaleb(-FEE_DECIMALS)


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    """One application of the 依申请公开 ledger, as much as the report needs."""

    received_on: date
    applicant_type: str  # a section 三 column key, e.g. "natural_person"
    concluded_on: date | None = None  # None: still open
    outcome: str | None = None  # a section 三 outcome row key, e.g. "denied.4"
    reference: str = ""


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """One reconsideration or litigation case about OGI work."""

    kind: str  # "review", "litigation_direct" or "litigation_after_review"
    filed_on: date
    result: str | None = None  # "upheld", "corrected", "other"; None while pending
    concluded_on: date | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    """A regulation (规章) or normative document (行政规范性文件) for section 二."""

    doc_type: str  # "regulation" or "normative"
    made_on: date  # 成文/发布 date
    repealed_on: date | None = None
    reference: str = ""


@dataclass(frozen=True, slots=True)
class AnnualFigures:
    """Section 二 figures the org enters by hand (the platform does not keep these records)."""

    licensing: int = 0
    punishment: int = 0
    coercion: int = 0
    fees_10k_yuan: Decimal = Decimal(0)


@dataclass(slots=True)
class Section3Result:
    """Section 三 counts plus, per cell, the references of the applications behind it."""

    rows: dict[str, list[int]]
    references: dict[str, list[list[str]]] = field(default_factory=dict)


@dataclass(slots=True)
class Section4Result:
    """Section 四 counts plus, per cell, the references of the cases behind it."""

    groups: dict[str, dict[str, int]]
    references: dict[str, dict[str, list[str]]] = field(default_factory=dict)


DOC_TYPE_ROWS = {"regulation": "regulations", "normative": "normative_documents"}


# --- Empty shapes ------------------------------------------------------------------------------


def empty_section2() -> dict[str, dict[str, Any]]:
    section: dict[str, dict[str, Any]] = {}
    for block, row in layout.section2_rows():
        section[row.key] = {f: (Decimal(0) if f == "amount_10k_yuan" else 0) for f in block.fields}
    return section


def empty_section3_rows() -> dict[str, list[int]]:
    width = len(layout.section3_column_keys())
    return {key: [0] * width for key in layout.section3_row_keys()}


def empty_section4() -> dict[str, dict[str, int]]:
    fields = [f.key for f in layout.section4_fields()]
    return {g.key: dict.fromkeys(fields, 0) for g in layout.section4_groups()}


def empty_report(org_code: str, org_name: str, year: int) -> dict[str, Any]:
    """A report with every cell present and zero, in the JSON shape of the spec."""
    return {
        "org": {"code": org_code, "name": org_name},
        "year": year,
        "format": layout.report_format(),
        "section2": empty_section2(),
        "section3": {
            "columns": list(layout.section3_column_keys()),
            "rows": empty_section3_rows(),
        },
        "section4": empty_section4(),
    }


# --- Section 三 ----------------------------------------------------------------------------------


def _application_error(record: ApplicationRecord, message: str) -> ValueError:
    who = record.reference or f"received {record.received_on.isoformat()}"
    return ValueError(f"application {who}: {message}")


def compute_section3(applications: Iterable[ApplicationRecord], year: int) -> Section3Result:
    """Count applications for the report of ``year`` by the rules of §5.

    - 本年新收 (new): received in the year;
    - 上年结转 (carried_in): received before the year, not concluded before 1 January;
    - outcome rows: concluded in the year, by outcome; （七）总计 is their sum;
    - 结转下年度 (carried_out): received by 31 December and not concluded by 31 December;
    - the 总计 column is the sum of the six applicant columns.

    An application is open while ``concluded_on`` is None (its outcome is then ignored).
    Records that cannot be counted (unknown type or outcome, concluded without an outcome,
    concluded before received) raise ValueError naming the record, because a silently skipped
    record would break the 勾稽关系 of the published table.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    columns = layout.section3_column_keys()
    applicant_columns = layout.applicant_column_keys()
    total_index = columns.index("total")
    outcomes = set(layout.outcome_keys())
    rows = empty_section3_rows()
    refs: dict[str, list[list[str]]] = {key: [[] for _ in columns] for key in rows}

    def add(row: str, column: int, reference: str) -> None:
        for index in (column, total_index):
            rows[row][index] += 1
            refs[row][index].append(reference)

    for record in applications:
        if record.applicant_type not in applicant_columns:
            raise _application_error(record, f"unknown applicant type {record.applicant_type!r}")
        if record.concluded_on is not None:
            if record.outcome not in outcomes:
                raise _application_error(
                    record, f"concluded with unknown or missing outcome {record.outcome!r}"
                )
            if record.concluded_on < record.received_on:
                raise _application_error(record, "concluded before it was received")
        if record.received_on > end:
            continue
        column = applicant_columns.index(record.applicant_type)
        concluded = record.concluded_on
        if record.received_on >= start:
            add("new", column, record.reference)
        elif concluded is None or concluded >= start:
            add("carried_in", column, record.reference)
        else:
            continue  # concluded in an earlier year
        if concluded is not None and start <= concluded <= end:
            assert record.outcome is not None  # checked above
            add(record.outcome, column, record.reference)
            add("total", column, record.reference)
        else:
            add("carried_out", column, record.reference)
    return Section3Result(rows=rows, references=refs)


# --- Section 四 ----------------------------------------------------------------------------------


def compute_section4(cases: Iterable[CaseRecord], year: int) -> Section4Result:
    """Count cases filed in ``year`` by their result at year end.

    A result reached after 31 December counts as 尚未审结 (pending): the report shows the state
    on the last day of the period. A result without a conclusion date is taken as reached.
    """
    end = date(year, 12, 31)
    groups = empty_section4()
    refs: dict[str, dict[str, list[str]]] = {
        g: {f: [] for f in fields} for g, fields in groups.items()
    }
    results = set(layout.section4_result_keys()) - {"pending"}
    for case in cases:
        if case.kind not in groups:
            raise ValueError(f"case {case.reference or case.filed_on}: unknown kind {case.kind!r}")
        if case.result is not None and case.result not in results:
            raise ValueError(
                f"case {case.reference or case.filed_on}: unknown result {case.result!r}"
            )
        if case.filed_on.year != year:
            continue
        reached = case.result is not None and (
            case.concluded_on is None or case.concluded_on <= end
        )
        result = case.result if reached and case.result else "pending"
        for key in (result, "total"):
            groups[case.kind][key] += 1
            refs[case.kind][key].append(case.reference)
    return Section4Result(groups=groups, references=refs)


# --- Section 二 ----------------------------------------------------------------------------------


def check_fee_amount(amount: Decimal) -> Decimal:
    """Fees are reported in 万元 with at most four decimals (i.e. to the yuan)."""
    if not isinstance(amount, Decimal):
        amount = Decimal(str(amount))
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"fee amount must be a non-negative number of 万元, got {amount}")
    if amount != amount.quantize(FEE_QUANTUM):
        raise ValueError(f"fee amount {amount} has more than {FEE_DECIMALS} decimals (万元)")
    return amount


def compute_section2(
    documents: Iterable[DocumentRecord],
    year: int,
    annual_figures: AnnualFigures | None = None,
) -> dict[str, dict[str, Any]]:
    """Section 二: documents made, repealed and in force, plus the org-entered figures.

    In force at year end means made by 31 December and not repealed by 31 December (a
    document repealed on 31 December is no longer 现行有效 when the year closes).
    """
    end = date(year, 12, 31)
    section = empty_section2()
    for doc in documents:
        row = DOC_TYPE_ROWS.get(doc.doc_type)
        if row is None:
            raise ValueError(
                f"document {doc.reference or doc.made_on}: unknown doc_type {doc.doc_type!r}"
            )
        if doc.made_on.year == year:
            section[row]["made"] += 1
        if doc.repealed_on is not None and doc.repealed_on.year == year:
            section[row]["repealed"] += 1
        if doc.made_on <= end and (doc.repealed_on is None or doc.repealed_on > end):
            section[row]["in_force"] += 1
    figures = annual_figures or AnnualFigures()
    for key, value in (
        ("licensing", figures.licensing),
        ("punishment", figures.punishment),
        ("coercion", figures.coercion),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{key}: decisions must be a non-negative integer, got {value!r}")
        section[key]["decisions"] = value
    section["fees"]["amount_10k_yuan"] = check_fee_amount(figures.fees_10k_yuan)
    return section


# --- Whole report -------------------------------------------------------------------------------


def assemble_report(
    *,
    org_code: str,
    org_name: str,
    year: int,
    applications: Iterable[ApplicationRecord] = (),
    cases: Iterable[CaseRecord] = (),
    documents: Iterable[DocumentRecord] = (),
    annual_figures: AnnualFigures | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The whole report plus its drill-down references (``{"section3": …, "section4": …}``)."""
    report = empty_report(org_code, org_name, year)
    section3 = compute_section3(applications, year)
    section4 = compute_section4(cases, year)
    report["section2"] = compute_section2(documents, year, annual_figures)
    report["section3"]["rows"] = section3.rows
    report["section4"] = section4.groups
    return report, {"section3": section3.references, "section4": section4.references}


def rollup(
    reports: Iterable[Mapping[str, Any]],
    *,
    org_code: str | None = None,
    org_name: str | None = None,
) -> dict[str, Any]:
    """Sum several reports of the same year cell by cell (the government-wide report).

    The org defaults to the first report's, since a government rolls up its own report
    followed by those of the orgs under it.
    """
    reports = list(reports)
    if not reports:
        raise ValueError("nothing to roll up")
    years = {r["year"] for r in reports}
    if len(years) != 1:
        raise ValueError(f"cannot roll up reports of different years: {sorted(years)}")
    first = reports[0]
    result = empty_report(
        org_code if org_code is not None else first["org"]["code"],
        org_name if org_name is not None else first["org"]["name"],
        first["year"],
    )
    for report in reports:
        for row_key, fields in result["section2"].items():
            for f in fields:
                fields[f] += report["section2"][row_key][f]
        for row_key, cells in result["section3"]["rows"].items():
            other = report["section3"]["rows"][row_key]
            for i in range(len(cells)):
                cells[i] += other[i]
        for group_key, fields in result["section4"].items():
            for f in fields:
                fields[f] += report["section4"][group_key][f]
    return result


# --- JSON ---------------------------------------------------------------------------------------


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        # Fee amounts have at most 4 decimals, which a float's shortest repr keeps exactly.
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def report_to_json(report: Mapping[str, Any], *, indent: int | None = 1) -> str:
    """Serialise a report; read it back with ``checks.parse_report_json``."""
    return json.dumps(report, ensure_ascii=False, indent=indent, default=_json_default)


def copy_report(report: Mapping[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(dict(report))
