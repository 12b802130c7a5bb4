"""Reads for supervision: columns per org, timeliness, findings, visits, public figures.

Every selector works on all orgs at once with a handful of aggregate queries (one GROUP BY per
figure, never a query per org or per column), so the dashboard and the scoreboard stay fast for
a city of 62 orgs × 9 columns and ~100,000 items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Max, Q, Sum
from django.utils.translation import gettext_noop

from gongkai.applications.models import PAUSED_STATUSES, Application, Status
from gongkai.catalogue.models import CatalogueItem, Category, Topic
from gongkai.orgs.models import Org
from gongkai.search.models import SearchQueryLog

from .mailbox_bridge import (
    LetterFlags,
    letters_flags_by_org,
    mailbox_figures_by_org,
    mailbox_figures_for,
)
from .models import (
    DailyVisits,
    FindingStatus,
    NoticeStatus,
    RectificationNotice,
    SiteCheckFinding,
)
from .rules import (
    ColumnRules,
    ColumnState,
    ColumnStatus,
    SiteCounts,
    Verdict,
    column_state,
    inspection_verdict,
    on_time_rate,
    site_counts,
)

ARTICLE_26_LIMIT_WORKDAYS = 20


def rules_current() -> ColumnRules:
    """The national defaults, overridable by the ``GONGKAI_SUPERVISION_RULES`` setting (a dict
    of ``ColumnRules`` field names, e.g. ``{"other_days": 365, "warn_days": 5}``)."""
    return ColumnRules.from_mapping(getattr(settings, "GONGKAI_SUPERVISION_RULES", None))


def _org_qs(org_ids: set[int] | None):
    qs = Org.objects.active()
    if org_ids is not None:
        qs = qs.filter(pk__in=org_ids)
    return qs.order_by("sort_order", "code")


# --- Columns ----------------------------------------------------------------------------------


@dataclass
class ColumnRow:
    category: Category
    state: ColumnState


@dataclass
class OrgColumns:
    org: Org
    columns: list[ColumnRow]
    home_last_updated: dt.date | None
    counts: SiteCounts
    verdict: Verdict
    letters: LetterFlags = field(default_factory=LetterFlags)

    def _with(self, status: ColumnStatus) -> list[ColumnRow]:
        return [c for c in self.columns if c.state.status == status]

    @property
    def stale(self) -> list[ColumnRow]:
        return self._with(ColumnStatus.STALE)

    @property
    def blank(self) -> list[ColumnRow]:
        return self._with(ColumnStatus.BLANK)

    @property
    def warn(self) -> list[ColumnRow]:
        return self._with(ColumnStatus.WARN)


def org_columns_map(orgs: list[Org]) -> dict[int, list[Category]]:
    """Each org's columns: its own classes if it configured any, else the defaults (org NULL),
    as the portal shows them. One query for all orgs."""
    own: dict[int, list[Category]] = defaultdict(list)
    defaults: list[Category] = []
    for cat in Category.objects.order_by("org_id", "sort_order", "id"):
        if cat.org_id is None:
            defaults.append(cat)
        else:
            own[cat.org_id].append(cat)
    return {org.pk: own.get(org.pk) or defaults for org in orgs}


def last_published_by_column(
    *, on: dt.date, org_ids: set[int] | None = None
) -> dict[tuple[int, int], dt.date]:
    """(org id, category id) → date of the latest public item published on or before ``on``.

    One GROUP BY over the public items.
    """
    qs = CatalogueItem.objects.public().filter(published_on__lte=on)
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    rows = qs.values("org_id", "category_id").annotate(last=Max("published_on")).order_by()
    return {(r["org_id"], r["category_id"]): r["last"] for r in rows}


def column_report(
    *,
    today: dt.date,
    org_ids: set[int] | None = None,
    rules: ColumnRules | None = None,
    with_letters: bool = True,
) -> list[OrgColumns]:
    """Every org's columns classified on ``today`` (ok/warn/stale/blank) and its site verdict."""
    rules = rules or rules_current()
    orgs = list(_org_qs(org_ids))
    columns = org_columns_map(orgs)
    last = last_published_by_column(on=today, org_ids=org_ids)
    home: dict[int, dt.date] = {}
    for (org_id, _cat), d in last.items():
        if org_id not in home or d > home[org_id]:
            home[org_id] = d
    letters = (
        letters_flags_by_org(today=today, org_ids=org_ids, rules=rules) if with_letters else {}
    )
    report = []
    for org in orgs:
        rows = [
            ColumnRow(
                category=cat,
                state=column_state(
                    freshness=cat.freshness,
                    last_published=last.get((org.pk, cat.pk)),
                    today=today,
                    must_not_be_empty=cat.must_not_be_empty,
                    rules=rules,
                ),
            )
            for cat in columns[org.pk]
        ]
        flags = letters.get(org.pk, LetterFlags())
        counts = site_counts(
            states=[r.state for r in rows],
            home_last_updated=home.get(org.pk),
            unanswered=flags.over_limit,
        )
        report.append(
            OrgColumns(
                org=org,
                columns=rows,
                home_last_updated=home.get(org.pk),
                counts=counts,
                verdict=inspection_verdict(counts, today=today, rules=rules),
                letters=flags,
            )
        )
    return report


@dataclass
class SiteWide:
    orgs: int
    failing: int
    stale: int
    blank: int
    warn: int


def site_wide(report: list[OrgColumns]) -> SiteWide:
    return SiteWide(
        orgs=len(report),
        failing=sum(1 for r in report if not r.verdict.passes),
        stale=sum(len(r.stale) for r in report),
        blank=sum(len(r.blank) for r in report),
        warn=sum(len(r.warn) for r in report),
    )


@dataclass
class TopicColumn:
    """A key column (重点领域栏目) on the portal's home page: a featured topic across orgs."""

    topic: Topic
    items: int
    last_published: dt.date | None

    @property
    def blank(self) -> bool:
        return self.items == 0


def portal_topic_columns(*, today: dt.date) -> list[TopicColumn]:
    """The home page's featured topic columns with their public items up to ``today``.

    Inspectors count a column with no content (栏目无内容) on the portal as they do on an
    org's site; these columns gather items of every org, so no org's own report shows them.
    """
    figures = {
        row["topic_id"]: row
        for row in CatalogueItem.objects.public()
        .filter(topic__featured=True, published_on__lte=today)
        .values("topic_id")
        .annotate(n=Count("pk"), last=Max("published_on"))
    }
    return [
        TopicColumn(
            topic=topic,
            items=figures.get(topic.pk, {}).get("n", 0),
            last_published=figures.get(topic.pk, {}).get("last"),
        )
        for topic in Topic.objects.filter(featured=True).order_by("sort_order", "pk")
    ]


# --- Timeliness and responsiveness ------------------------------------------------------------


@dataclass
class Timeliness:
    items_published: int = 0
    late_items: int = 0
    applications_received: int = 0
    concluded: int = 0
    concluded_on_time: int = 0
    # due in the period (up to yesterday) and not answered by the due date, or due earlier and
    # still not answered at the period's end (now, for the current period)
    overdue: int = 0
    open_overdue: int = 0  # still open and past due today
    letters: LetterFlags = field(default_factory=LetterFlags)

    @property
    def on_time_rate(self) -> Decimal | None:
        return on_time_rate(concluded=self.concluded, on_time=self.concluded_on_time)


def timeliness_by_org(
    *,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    org_ids: set[int] | None = None,
    with_letters: bool = True,
) -> dict[int, Timeliness]:
    """Per org for the period: items published and published late (Art. 26), applications
    received, concluded and concluded on time, overdue cases, and the mailbox's flags."""
    out: dict[int, Timeliness] = defaultdict(Timeliness)
    items = CatalogueItem.objects.public().filter(published_on__range=(start, end))
    if org_ids is not None:
        items = items.filter(org_id__in=org_ids)
    for row in (
        items.values("org_id")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=Q(publish_delay_workdays__gt=ARTICLE_26_LIMIT_WORKDAYS)),
        )
        .order_by()
    ):
        out[row["org_id"]].items_published = row["n"]
        out[row["org_id"]].late_items = row["late"]

    apps = Application.objects.all()
    if org_ids is not None:
        apps = apps.filter(org_id__in=org_ids)
    for row in (
        apps.filter(receipt_date__range=(start, end))
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[row["org_id"]].applications_received = row["n"]
    for row in (
        apps.filter(concluded_on__range=(start, end))
        .values("org_id")
        .annotate(
            n=Count("id"),
            on_time=Count(
                "id", filter=Q(due_date__isnull=True) | Q(concluded_on__lte=F("due_date"))
            ),
        )
        .order_by()
    ):
        out[row["org_id"]].concluded = row["n"]
        out[row["org_id"]].concluded_on_time = row["on_time"]
    last_due = min(end, today - dt.timedelta(days=1))
    # Measured at the period's last day, or now for the current period.
    measured_on = min(end, today)
    fell_due_in_period = Q(due_date__range=(start, last_due)) & (
        Q(concluded_on__isnull=True) | Q(concluded_on__gt=F("due_date"))
    )
    # Overdue since an earlier period and still not answered when this one is measured:
    # overdue in this period too (otherwise a case left open for years costs points once).
    still_open_past_due = Q(due_date__lt=start) & (
        Q(concluded_on__isnull=True) | Q(concluded_on__gt=measured_on)
    )
    for row in (
        apps.filter(fell_due_in_period | still_open_past_due)
        .exclude(status__in=PAUSED_STATUSES)
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[row["org_id"]].overdue = row["n"]
    for row in (
        apps.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=today)
        .values("org_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        out[row["org_id"]].open_overdue = row["n"]
    if with_letters:
        for org_id, flags in letters_flags_by_org(today=min(end, today), org_ids=org_ids).items():
            out[org_id].letters = flags
    return dict(out)


def overdue_applications(*, org_id: int, today: dt.date):
    """The org's open applications past their due date, oldest due first."""
    return list(
        Application.objects.filter(
            org_id=org_id, status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__lt=today
        )
        .order_by("due_date", "id")
        .only("id", "reference", "receipt_date", "due_date", "status")[:200]
    )


def late_items(*, org_id: int, start: dt.date, end: dt.date):
    """The org's items published in the period more than 20 working days after 成文日期."""
    return list(
        CatalogueItem.objects.public()
        .filter(
            org_id=org_id,
            published_on__range=(start, end),
            publish_delay_workdays__gt=ARTICLE_26_LIMIT_WORKDAYS,
        )
        .order_by("-publish_delay_workdays", "-published_on")
        .only("id", "title", "index_number", "formed_on", "published_on", "publish_delay_workdays")[
            :200
        ]
    )


# --- Findings and notices ---------------------------------------------------------------------


def open_findings_at(*, end: dt.date, org_ids: set[int] | None = None) -> dict[int, int]:
    """Per org: site-check findings open at the end of ``end`` (found by then, not yet fixed or
    dismissed by then)."""
    qs = SiteCheckFinding.objects.filter(first_seen__lte=end).filter(
        Q(status=FindingStatus.OPEN) | Q(resolved_on__gt=end)
    )
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    return {r["org_id"]: r["n"] for r in qs.values("org_id").annotate(n=Count("id")).order_by()}


def overdue_rectifications(
    *, start: dt.date, end: dt.date, today: dt.date, org_ids: set[int] | None = None
) -> dict[int, int]:
    """Per org: notices due in the period that were not verified by their due date."""
    last_due = min(end, today - dt.timedelta(days=1))
    qs = RectificationNotice.objects.filter(due_date__range=(start, last_due)).filter(
        Q(verified_at__isnull=True) | Q(verified_at__date__gt=F("due_date"))
    )
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    return {r["org_id"]: r["n"] for r in qs.values("org_id").annotate(n=Count("id")).order_by()}


def findings_for(
    *, org_ids: set[int] | None, org_id: int | None = None, kind: str = "", status: str = ""
):
    qs = SiteCheckFinding.objects.select_related("org", "item")
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    if org_id is not None:
        qs = qs.filter(org_id=org_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-first_seen", "-id")


def notices_for(*, org_ids: set[int] | None, status: str = ""):
    qs = RectificationNotice.objects.select_related("org")
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    if status:
        qs = qs.filter(status=status)
    return qs


def pending_notices_count(*, org_ids: set[int] | None) -> int:
    return notices_for(org_ids=org_ids).exclude(status=NoticeStatus.VERIFIED).count()


# --- Visits -----------------------------------------------------------------------------------


@dataclass
class VisitSummary:
    total: int
    peak_day: dt.date | None
    peak_count: int
    by_day: list[tuple[dt.date, int]]
    by_month: list[tuple[int, int]]
    top_items: list[tuple[int, str, int]]  # (item id, title, visits)
    top_columns: list[tuple[str, int]]
    top_terms: list[tuple[str, int]]


def visit_summary(
    *, start: dt.date, end: dt.date, org_ids: set[int] | None = None, top: int = 10
) -> VisitSummary:
    """Visits in the period: total, peak day, per day and month, top items and columns, and the
    most searched terms (search statistics are kept per month, site-wide)."""
    qs = DailyVisits.objects.filter(date__range=(start, end))
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    by_day = [
        (r["date"], r["n"]) for r in qs.values("date").annotate(n=Sum("count")).order_by("date")
    ]
    total = sum(n for _d, n in by_day)
    peak_day, peak_count = max(by_day, key=lambda dn: (dn[1], dn[0]), default=(None, 0))
    months: dict[int, int] = defaultdict(int)
    for d, n in by_day:
        months[d.month] += n
    top_items = [
        (r["item_id"], r["item__title"], r["n"])
        for r in qs.filter(item__isnull=False)
        .values("item_id", "item__title")
        .annotate(n=Sum("count"))
        .order_by("-n", "item_id")[:top]
    ]
    top_columns = [
        (r["category__name"], r["n"])
        for r in qs.filter(category__isnull=False)
        .values("category__name")
        .annotate(n=Sum("count"))
        .order_by("-n", "category__name")[:top]
    ]
    return VisitSummary(
        total=total,
        peak_day=peak_day,
        peak_count=peak_count,
        by_day=by_day,
        by_month=sorted(months.items()),
        top_items=top_items,
        top_columns=top_columns,
        top_terms=top_search_terms(start=start, end=end, top=top),
    )


def top_search_terms(*, start: dt.date, end: dt.date, top: int = 10) -> list[tuple[str, int]]:
    months = []
    d = start.replace(day=1)
    while d <= end:
        months.append(d.strftime("%Y-%m"))
        d = (d + dt.timedelta(days=32)).replace(day=1)
    return [
        (r["query"], r["n"])
        for r in SearchQueryLog.objects.filter(month__in=months)
        .values("query")
        .annotate(n=Sum("count"))
        .order_by("-n", "query")[:top]
    ]


def visits_by_org(*, start: dt.date, end: dt.date) -> dict[int, int]:
    return {
        r["org_id"]: r["n"]
        for r in DailyVisits.objects.filter(date__range=(start, end))
        .values("org_id")
        .annotate(n=Sum("count"))
        .order_by()
    }


# --- Public figures ---------------------------------------------------------------------------

PUBLIC_COLUMNS: tuple[tuple[str, str], ...] = (
    ("org_code", gettext_noop("单位代码")),
    ("org_name", gettext_noop("单位名称")),
    ("items_published", gettext_noop("主动公开信息（条）")),
    ("applications_received", gettext_noop("收到申请（件）")),
    ("applications_concluded", gettext_noop("办结申请（件）")),
    ("applications_on_time", gettext_noop("按时办结（件）")),
    ("on_time_rate", gettext_noop("按时办结率（%）")),
    ("letters", gettext_noop("收到留言（件）")),
    ("letters_replied", gettext_noop("答复留言（件）")),
    ("satisfaction_rate", gettext_noop("群众满意率（%）")),
    ("visits", gettext_noop("访问量（次）")),
)


def public_figures(*, start: dt.date, end: dt.date, today: dt.date) -> list[dict[str, object]]:
    """One row per active org, plus a last row for the whole government, of figures that are
    public anyway (counts and rates, no names): the open-data table of the statistics page."""
    timeliness = timeliness_by_org(start=start, end=end, today=today, with_letters=False)
    mailbox = mailbox_figures_by_org(start=start, end=end)
    visits = visits_by_org(start=start, end=end)
    rows: list[dict[str, object]] = []
    for org in _org_qs(None):
        t = timeliness.get(org.pk, Timeliness())
        m = mailbox.get(org.pk, {})
        rows.append(
            {
                "org_code": org.code,
                "org_name": org.name,
                "items_published": t.items_published,
                "applications_received": t.applications_received,
                "applications_concluded": t.concluded,
                "applications_on_time": t.concluded_on_time,
                "on_time_rate": t.on_time_rate,
                "letters": m.get("letters", 0),
                "letters_replied": m.get("replied", 0),
                "satisfaction_rate": m.get("satisfaction_rate"),
                "visits": visits.get(org.pk, 0),
            }
        )
    total_concluded = sum(int(r["applications_concluded"]) for r in rows)
    total_on_time = sum(int(r["applications_on_time"]) for r in rows)
    overall = mailbox_figures_for(start=start, end=end) or {}
    rows.append(
        {
            "org_code": "",
            "org_name": "合计",
            "items_published": sum(int(r["items_published"]) for r in rows),
            "applications_received": sum(int(r["applications_received"]) for r in rows),
            "applications_concluded": total_concluded,
            "applications_on_time": total_on_time,
            "on_time_rate": on_time_rate(concluded=total_concluded, on_time=total_on_time),
            "letters": overall.get("letters", 0),
            "letters_replied": overall.get("replied", 0),
            "satisfaction_rate": overall.get("satisfaction_rate"),
            "visits": sum(int(r["visits"]) for r in rows),
        }
    )
    return rows
