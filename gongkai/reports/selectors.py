"""Reads for the annual report: the tables computed in the database, drill-down and status.

The pure functions of ``tables.py`` are the definition (the oracle); these selectors compute
the same dicts with a handful of grouped queries (GROUP BY org, applicant type, outcome with
conditional counts), so the government-wide roll-up of 62 orgs costs five queries, not one
per cell. ``cell_filter`` states each cell's rule once more as a queryset filter: the staff
drill-down lists the records behind a cell with it, and ``report_compute_naive`` (one COUNT per
cell, kept for the benchmark and as a cross-check) is built from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from gongkai.appeals.models import Appeal
from gongkai.applications.models import Application
from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.models import Org
from gongkai.statute import layout

from .checks import CellPath, parse_report_json
from .models import AnnualFigures, AnnualReport, ReportStatus, SubmittedReport
from .tables import (
    DOC_TYPE_ROWS,
    ApplicationRecord,
    CaseRecord,
    DocumentRecord,
    check_fee_amount,
    empty_report,
    rollup,
)
from .tables import (
    AnnualFigures as FiguresRecord,
)

# --- Record sources (shared by the grouped queries, the drill-down and the oracle) -------------


def _applications() -> QuerySet:
    return Application.objects.all()


def _appeals() -> QuerySet:
    return Appeal.objects.all()


def _documents() -> QuerySet:
    """Regulations and normative documents as published in the catalogue.

    A document counts once it is on the portal (live, not withdrawn); 废止 is its
    ``valid_until`` date (the import's 废止日期), whatever the validity label says.
    """
    return CatalogueItem.objects.filter(
        doc_type__in=list(DOC_TYPE_ROWS), live=True, withdrawn_at__isnull=True
    )


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def application_records(*, org_ids: Iterable[int]) -> list[ApplicationRecord]:
    """The ledger as plain records, for the pure functions (tests, the oracle)."""
    return [
        ApplicationRecord(
            received_on=a["receipt_date"],
            applicant_type=a["applicant_type"],
            concluded_on=a["concluded_on"],
            outcome=a["outcome"] or None,
            reference=a["reference"],
        )
        for a in _applications()
        .filter(org_id__in=list(org_ids))
        .values("receipt_date", "applicant_type", "concluded_on", "outcome", "reference")
    ]


def case_records(*, org_ids: Iterable[int]) -> list[CaseRecord]:
    return [
        CaseRecord(
            kind=c["kind"],
            filed_on=c["filed_on"],
            result=c["result"] or None,
            concluded_on=c["concluded_on"],
            reference=c["reference"],
        )
        for c in _appeals()
        .filter(org_id__in=list(org_ids))
        .values("kind", "filed_on", "result", "concluded_on", "reference")
    ]


def document_records(*, org_ids: Iterable[int]) -> list[DocumentRecord]:
    return [
        DocumentRecord(
            doc_type=d["doc_type"],
            made_on=d["formed_on"],
            repealed_on=d["valid_until"],
            reference=d["index_number"],
        )
        for d in _documents()
        .filter(org_id__in=list(org_ids))
        .values("doc_type", "formed_on", "valid_until", "index_number")
    ]


def figures_record(*, org: Org, year: int) -> FiguresRecord:
    row = AnnualFigures.objects.filter(org=org, year=year).first()
    if row is None:
        return FiguresRecord()
    return FiguresRecord(
        licensing=row.licensing,
        punishment=row.punishment,
        coercion=row.coercion,
        fees_10k_yuan=row.fees_10k_yuan,
    )


# --- Grouped computation --------------------------------------------------------------------


def reports_compute(*, orgs: Iterable[Org], year: int) -> dict[int, dict[str, Any]]:
    """Each org's report of ``year`` from its own records, in five grouped queries in all."""
    orgs = list(orgs)
    ids = [o.pk for o in orgs]
    start, end = _bounds(year)
    reports = {o.pk: empty_report(o.code, o.name, year) for o in orgs}
    columns = layout.applicant_column_keys()
    total_col = layout.section3_column_keys().index("total")
    outcomes = set(layout.outcome_keys())

    def bump(org_id: int, row: str, applicant_type: str, n: int) -> None:
        if applicant_type not in columns:
            raise ValueError(f"org {org_id}: unknown applicant type {applicant_type!r}")
        cells = reports[org_id]["section3"]["rows"][row]
        cells[columns.index(applicant_type)] += n
        cells[total_col] += n

    # Section 三. Everything received by 31 December and not concluded before 1 January.
    apps = (
        _applications()
        .filter(org_id__in=ids, receipt_date__lte=end)
        .exclude(concluded_on__lt=start)
    )
    open_at_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    for r in apps.values("org_id", "applicant_type").annotate(
        new=Count("id", filter=Q(receipt_date__gte=start)),
        carried_in=Count("id", filter=Q(receipt_date__lt=start)),
        carried_out=Count("id", filter=open_at_end),
    ):
        for row in ("new", "carried_in", "carried_out"):
            if r[row]:
                bump(r["org_id"], row, r["applicant_type"], r[row])
    for r in (
        apps.filter(concluded_on__gte=start, concluded_on__lte=end)
        .values("org_id", "applicant_type", "outcome")
        .annotate(n=Count("id"))
    ):
        if r["outcome"] not in outcomes:
            raise ValueError(
                f"org {r['org_id']}: {r['n']} application(s) concluded in {year} with unknown "
                f"or missing outcome {r['outcome']!r}"
            )
        bump(r["org_id"], r["outcome"], r["applicant_type"], r["n"])
        bump(r["org_id"], "total", r["applicant_type"], r["n"])

    # Section 四: cases filed in the year, by result reached by 31 December.
    reached = ~Q(result="") & (Q(concluded_on__isnull=True) | Q(concluded_on__lte=end))
    for r in (
        _appeals()
        .filter(org_id__in=ids, filed_on__gte=start, filed_on__lte=end)
        .values("org_id", "kind")
        .annotate(
            total=Count("id"),
            upheld=Count("id", filter=reached & Q(result="upheld")),
            corrected=Count("id", filter=reached & Q(result="corrected")),
            other=Count("id", filter=reached & Q(result="other")),
        )
    ):
        group = reports[r["org_id"]]["section4"][r["kind"]]
        for key in ("upheld", "corrected", "other", "total"):
            group[key] += r[key]
        group["pending"] += r["total"] - r["upheld"] - r["corrected"] - r["other"]

    # Section 二: documents made, repealed and in force, then the figures entered by hand.
    repealed_by_end = Q(valid_until__isnull=False) & Q(valid_until__lte=end)
    for r in (
        _documents()
        .filter(org_id__in=ids, formed_on__lte=end)
        .values("org_id", "doc_type")
        .annotate(
            made=Count("id", filter=Q(formed_on__gte=start)),
            repealed=Count("id", filter=Q(valid_until__gte=start, valid_until__lte=end)),
            in_force=Count("id", filter=~repealed_by_end),
        )
    ):
        cells = reports[r["org_id"]]["section2"][DOC_TYPE_ROWS[r["doc_type"]]]
        for key in ("made", "repealed", "in_force"):
            cells[key] += r[key]
    # A document repealed in the year but made after it cannot exist (废止 ≥ 成文), so counting
    # repeals among documents made by 31 December loses nothing.
    for f in AnnualFigures.objects.filter(org_id__in=ids, year=year):
        section2 = reports[f.org_id]["section2"]
        section2["licensing"]["decisions"] = f.licensing
        section2["punishment"]["decisions"] = f.punishment
        section2["coercion"]["decisions"] = f.coercion
        section2["fees"]["amount_10k_yuan"] = check_fee_amount(f.fees_10k_yuan)
    return reports


def report_compute(*, org: Org, year: int) -> dict[str, Any]:
    """One org's report from its own records (not rolled up)."""
    return reports_compute(orgs=[org], year=year)[org.pk]


@dataclass
class Rollup:
    report: dict[str, Any]
    own: list[Org] = field(default_factory=list)  # computed from platform records
    submitted: list[Org] = field(default_factory=list)  # from validated submitted tables
    missing: list[Org] = field(default_factory=list)  # off the platform, nothing submitted


def report_rollup(*, org: Org, year: int) -> Rollup:
    """The government-wide report: the org's own records plus every org below it.

    Orgs on the platform contribute their records; orgs off it contribute their validated
    submitted tables (``SubmittedReport``); an org off the platform with no submission is
    listed as missing, so the general office knows the sum is incomplete.
    """
    ids = org.descendant_ids()
    orgs = list(Org.objects.filter(pk__in=ids).order_by("sort_order", "code"))
    on = [o for o in orgs if o.on_platform or o.pk == org.pk]
    off = [o for o in orgs if o not in on]
    computed = reports_compute(orgs=on, year=year)
    parts = [computed[org.pk]] + [computed[o.pk] for o in on if o.pk != org.pk]
    result = Rollup(report={}, own=on)
    submitted = {s.org_id: s for s in SubmittedReport.objects.filter(org__in=off, year=year)}
    for o in off:
        if o.pk in submitted:
            parts.append(parse_report_json(submitted[o.pk].data))
            result.submitted.append(o)
        else:
            result.missing.append(o)
    result.report = rollup(parts, org_code=org.code, org_name=org.name)
    return result


# --- One cell: the rule as a filter, the drill-down, the naive computation --------------------


_PATH_RE = re.compile(r"^(section[234])\.(?:rows\.)?([a-z_.0-9]+?)(?:\[(\d)\]|\.([a-z_0-9]+))$")


def parse_cell_name(name: str) -> CellPath:
    """Inverse of ``checks.cell_name``: ``section3.rows.granted[0]`` -> path tuple."""
    match = _PATH_RE.match(name.strip())
    if not match:
        raise ValueError(name)
    section, key, index, fld = match.groups()
    if section == "section3":
        if index is None or key not in layout.section3_row_keys():
            raise ValueError(name)
        if int(index) >= len(layout.section3_column_keys()):
            raise ValueError(name)
        return ("section3", "rows", key, int(index))
    if fld is None:
        raise ValueError(name)
    if section == "section4":
        if key not in {g.key for g in layout.section4_groups()}:
            raise ValueError(name)
        if fld not in {f.key for f in layout.section4_fields()}:
            raise ValueError(name)
        return ("section4", key, fld)
    try:
        if fld not in layout.section2_fields(key):
            raise ValueError(name)
    except KeyError:
        raise ValueError(name) from None
    return ("section2", key, fld)


def cell_filter(path: CellPath, year: int) -> tuple[str, Q] | None:
    """Which records a cell counts: ("applications" | "appeals" | "documents", filter).

    None for cells of figures entered by hand (licensing, penalty, coercion, fees).
    """
    start, end = _bounds(year)
    if path[0] == "section3":
        _s, _r, row, index = path
        columns = layout.section3_column_keys()
        q = Q(receipt_date__lte=end)
        if columns[int(index)] != "total":
            q &= Q(applicant_type=columns[int(index)])
        in_year = Q(concluded_on__gte=start, concluded_on__lte=end)
        if row == "new":
            q &= Q(receipt_date__gte=start)
        elif row == "carried_in":
            q &= Q(receipt_date__lt=start) & (
                Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
            )
        elif row == "carried_out":
            q &= Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
        elif row == "total":
            q &= in_year
        else:
            q &= in_year & Q(outcome=row)
        return "applications", q
    if path[0] == "section4":
        _s, kind, fld = path
        q = Q(kind=kind, filed_on__gte=start, filed_on__lte=end)
        reached = ~Q(result="") & (Q(concluded_on__isnull=True) | Q(concluded_on__lte=end))
        if fld == "pending":
            q &= ~reached
        elif fld != "total":
            q &= reached & Q(result=fld)
        return "appeals", q
    _s, row, fld = path
    doc_type = {v: k for k, v in DOC_TYPE_ROWS.items()}.get(str(row))
    if doc_type is None:
        return None
    q = Q(doc_type=doc_type)
    if fld == "made":
        q &= Q(formed_on__gte=start, formed_on__lte=end)
    elif fld == "repealed":
        q &= Q(valid_until__gte=start, valid_until__lte=end)
    else:
        q &= Q(formed_on__lte=end) & (Q(valid_until__isnull=True) | Q(valid_until__gt=end))
    return "documents", q


_SOURCES = {"applications": _applications, "appeals": _appeals, "documents": _documents}


def cell_records(*, org_ids: Iterable[int], year: int, path: CellPath) -> QuerySet | None:
    """The records behind one cell, for the orgs given. Callers scope ``org_ids`` first."""
    found = cell_filter(path, year)
    if found is None:
        return None
    source, q = found
    return _SOURCES[source]().filter(q, org_id__in=list(org_ids))


def all_cell_paths() -> list[CellPath]:
    paths: list[CellPath] = []
    for block, row in layout.section2_rows():
        paths.extend(("section2", row.key, f) for f in block.fields)
    for key in layout.section3_row_keys():
        paths.extend(
            ("section3", "rows", key, i) for i in range(len(layout.section3_column_keys()))
        )
    for group in layout.section4_groups():
        paths.extend(("section4", group.key, f.key) for f in layout.section4_fields())
    return paths


def report_compute_naive(*, org: Org, year: int) -> dict[str, Any]:
    """The same report with one COUNT query per cell: the obvious way, kept as a yardstick."""
    report = empty_report(org.code, org.name, year)
    figures = figures_record(org=org, year=year)
    for path in all_cell_paths():
        records = cell_records(org_ids=[org.pk], year=year, path=path)
        if path[0] == "section3":
            report["section3"]["rows"][path[2]][path[3]] = records.count()
        elif path[0] == "section4":
            report["section4"][path[1]][path[2]] = records.count()
        elif records is not None:
            report["section2"][path[1]][path[2]] = records.count()
        elif path[1] == "fees":
            report["section2"]["fees"]["amount_10k_yuan"] = figures.fees_10k_yuan
        else:
            report["section2"][path[1]]["decisions"] = getattr(figures, str(path[1]))
    return report


# --- Facts for the prose draft and the pre-2019 presentation ----------------------------------


@dataclass
class ReportFacts:
    """What the prose sections and the older presentation say beyond the tables."""

    items_total: int = 0
    items_by_class: list[tuple[str, int]] = field(default_factory=list)
    items_by_channel: dict[str, int] = field(default_factory=dict)  # org kind -> items
    fee_notices: int = 0
    fees_billed_yuan: Decimal = Decimal(0)
    fees_collected_yuan: Decimal = Decimal(0)
    press_conferences: int | None = None  # None: no such records on the platform
    mailbox_letters: int | None = None
    mailbox_replied: int | None = None


def _count_in_year(app_label: str, year: int, date_fields: tuple[str, ...], org_ids) -> int | None:
    """Count another app's records of the year if that app has such records; None otherwise.

    Press conferences and mailbox letters are kept by other apps whose models may not exist
    yet on an instance; the draft mentions them only when they do.
    """
    from django.apps import apps

    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return None
    for model in config.get_models():
        names = {f.name for f in model._meta.get_fields()}
        date_field = next((d for d in date_fields if d in names), None)
        if date_field is None or "org" not in names:
            continue
        return model._default_manager.filter(
            org_id__in=list(org_ids), **{f"{date_field}__year": year}
        ).count()
    return None


def report_facts(*, org_ids: Iterable[int], year: int) -> ReportFacts:
    ids = list(org_ids)
    items = CatalogueItem.objects.filter(
        org_id__in=ids, live=True, published_on__year=year, withdrawn_at__isnull=True
    )
    facts = ReportFacts()
    facts.items_by_class = [
        (r["category__name"], r["n"])
        for r in items.values("category__name", "category__sort_order")
        .annotate(n=Count("id"))
        .order_by("category__sort_order", "category__name")
    ]
    merged: dict[str, int] = {}
    for name, n in facts.items_by_class:  # several orgs' copies of one class
        merged[name] = merged.get(name, 0) + n
    facts.items_by_class = list(merged.items())
    facts.items_total = sum(merged.values())
    facts.items_by_channel = {
        r["org__kind"]: r["n"] for r in items.values("org__kind").annotate(n=Count("id"))
    }
    apps = _applications().filter(org_id__in=ids)
    noticed = apps.filter(fee_notice_on__year=year).aggregate(n=Count("id"), s=Sum("fee_amount"))
    facts.fee_notices = noticed["n"] or 0
    facts.fees_billed_yuan = noticed["s"] or Decimal(0)
    facts.fees_collected_yuan = apps.filter(fee_paid_on__year=year).aggregate(s=Sum("fee_amount"))[
        "s"
    ] or Decimal(0)
    facts.press_conferences = _count_in_year("press", year, ("held_on", "date", "held_at"), ids)
    facts.mailbox_letters = _count_in_year(
        "mailbox", year, ("received_on", "submitted_on", "created_on"), ids
    )
    return facts


# --- Status board for the general office -------------------------------------------------------


def report_deadline(*, org: Org, year: int) -> dt.date:
    """Art. 49: departments (and towns) by 31 January; the government-wide report by 31 March."""
    if org.kind == Org.Kind.GOVERNMENT:
        return dt.date(year + 1, 3, 31)
    return dt.date(year + 1, 1, 31)


def report_effective_status(report: AnnualReport | None) -> str:
    """The stored status, corrected by the publishing item's state (a rejected submission
    goes back to 已校验; a published item means published)."""
    if report is None:
        return ""
    if report.legacy_file and report.catalogue_item_id is None:
        return report.status
    item = report.catalogue_item
    if item is not None:
        if item.live:
            return ReportStatus.PUBLISHED
        if item.workflow_in_progress:
            return ReportStatus.IN_REVIEW
        if report.status in (ReportStatus.IN_REVIEW, ReportStatus.PUBLISHED):
            return ReportStatus.CHECKED
    return report.status


@dataclass(frozen=True)
class StatusRow:
    org: Org
    report: AnnualReport | None
    status: str
    deadline: dt.date
    overdue: bool

    @property
    def status_label(self) -> str:
        return str(ReportStatus(self.status).label) if self.status else _("未起草")

    @property
    def drafted(self) -> bool:
        return self.report is not None

    @property
    def checked(self) -> bool:
        return self.status in (ReportStatus.CHECKED, ReportStatus.IN_REVIEW, ReportStatus.PUBLISHED)

    @property
    def signed(self) -> bool:
        return self.status == ReportStatus.PUBLISHED


def report_status_board(
    *, year: int, today: dt.date, org_ids: set[int] | None = None
) -> list[StatusRow]:
    """Per org: drafted, checked, in review, published; overdue against its deadline."""
    orgs = Org.objects.active().order_by("sort_order", "code")
    if org_ids is not None:
        orgs = orgs.filter(pk__in=org_ids)
    reports = {
        r.org_id: r for r in AnnualReport.objects.filter(year=year).select_related("catalogue_item")
    }
    rows = []
    for org in orgs:
        report = reports.get(org.pk)
        status = report_effective_status(report)
        deadline = report_deadline(org=org, year=year)
        rows.append(
            StatusRow(
                org=org,
                report=report,
                status=status,
                deadline=deadline,
                overdue=today > deadline and status != ReportStatus.PUBLISHED,
            )
        )
    return rows
