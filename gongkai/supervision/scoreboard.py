"""The scoreboard: every org's score for a month, quarter or year under the active scheme.

Measures come from the aggregate selectors (a dozen GROUP BY queries for the whole city), the
arithmetic from ``rules.score_compute``; snapshots keep each period's result for trends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from gongkai.orgs.models import Org

from . import selectors
from .models import Indicator, ScoreSnapshot, ScoringScheme
from .rules import (
    DEFAULT_INDICATORS,
    IndicatorRule,
    Period,
    ScoreResult,
    periods_back,
    rank,
    score_compute,
)


def scoring_scheme_active() -> ScoringScheme:
    """The scheme in use; the national-indicator default is created the first time."""
    scheme = ScoringScheme.objects.filter(is_active=True).order_by("-id").first()
    if scheme is not None:
        return scheme
    with transaction.atomic():
        scheme = ScoringScheme.objects.create(
            name="政务公开工作考核（默认方案）",
            is_active=True,
            note="按国办秘函〔2019〕19号检查指标和条例时限设置，可由办公室调整。",
        )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    scheme=scheme,
                    key=rule.key,
                    label=rule.label,
                    weight=rule.weight,
                    deduction=rule.deduction,
                    cap=rule.cap,
                    sort_order=order,
                )
                for order, rule in enumerate(DEFAULT_INDICATORS)
            ]
        )
    return scheme


def scheme_rules(scheme: ScoringScheme) -> list[IndicatorRule]:
    return [
        IndicatorRule(
            key=ind.key, label=ind.label, weight=ind.weight, deduction=ind.deduction, cap=ind.cap
        )
        for ind in Indicator.objects.filter(scheme=scheme).order_by("sort_order", "id")
    ]


@dataclass
class OrgScore:
    org: Org
    result: ScoreResult
    measures: dict[str, int]
    rank: int = 0


@dataclass
class Scoreboard:
    scheme: ScoringScheme
    period: Period
    as_of: dt.date
    rows: list[OrgScore]

    @property
    def indicators(self) -> list[str]:
        return [line.label for line in self.rows[0].result.lines] if self.rows else []


def measures_by_org(
    *, period: Period, today: dt.date, org_ids: set[int] | None = None
) -> dict[int, dict[str, int]]:
    """Every org's raw measures for the period, as of the period's end (or today if earlier)."""
    as_of = min(period.end, today)
    columns = selectors.column_report(today=as_of, org_ids=org_ids, with_letters=False)
    timeliness = selectors.timeliness_by_org(
        start=period.start, end=period.end, today=today, org_ids=org_ids
    )
    findings = selectors.open_findings_at(end=as_of, org_ids=org_ids)
    rectifications = selectors.overdue_rectifications(
        start=period.start, end=period.end, today=today, org_ids=org_ids
    )
    out: dict[int, dict[str, int]] = {}
    for oc in columns:
        t = timeliness.get(oc.org.pk, selectors.Timeliness())
        out[oc.org.pk] = {
            "stale_columns": oc.counts.should_update,
            "blank_columns": oc.counts.blank,
            "late_items": t.late_items,
            "application_overdue": t.overdue,
            "letters_unanswered": t.letters.over_limit,
            "site_findings": findings.get(oc.org.pk, 0),
            "rectification_overdue": rectifications.get(oc.org.pk, 0),
        }
    return out


def scoreboard_compute(
    *,
    period: Period,
    today: dt.date,
    scheme: ScoringScheme | None = None,
    org_ids: set[int] | None = None,
) -> Scoreboard:
    """Score and rank every org for ``period``. Read-only; ``scoreboard_save`` keeps it."""
    scheme = scheme or scoring_scheme_active()
    indicators = scheme_rules(scheme)
    org_qs = Org.objects.active()
    if org_ids is not None:
        org_qs = org_qs.filter(pk__in=org_ids)
    orgs = {o.pk: o for o in org_qs}
    measures = measures_by_org(period=period, today=today, org_ids=org_ids)
    rows = [
        OrgScore(
            org=orgs[org_id],
            result=score_compute(indicators=indicators, measures=m),
            measures=m,
        )
        for org_id, m in measures.items()
        if org_id in orgs
    ]
    ranks = rank({r.org.pk: r.result.total for r in rows})
    for r in rows:
        r.rank = ranks[r.org.pk]
    rows.sort(key=lambda r: (r.rank, r.org.sort_order, r.org.code))
    return Scoreboard(scheme=scheme, period=period, as_of=min(period.end, today), rows=rows)


def scoreboard_save(*, board: Scoreboard) -> int:
    """Keep (or replace) every org's snapshot of this period; returns how many were written."""
    p = board.period
    with transaction.atomic():
        existing = {
            s.org_id: s for s in ScoreSnapshot.objects.filter(scheme=board.scheme, period_key=p.key)
        }
        new, changed = [], []
        for row in board.rows:
            snap = existing.get(row.org.pk) or ScoreSnapshot(
                scheme=board.scheme, org=row.org, period_key=p.key
            )
            snap.period_kind, snap.period_start, snap.period_end = p.kind, p.start, p.end
            snap.score, snap.rank = row.result.total, row.rank
            snap.breakdown, snap.measures = row.result.as_json(), row.measures
            (changed if snap.pk else new).append(snap)
        ScoreSnapshot.objects.bulk_create(new)
        ScoreSnapshot.objects.bulk_update(
            changed,
            ["period_kind", "period_start", "period_end", "score", "rank", "breakdown", "measures"],
        )
    return len(new) + len(changed)


def scoreboard_trend(
    *,
    kind: str,
    until: dt.date,
    today: dt.date,
    count: int = 4,
    scheme: ScoringScheme | None = None,
) -> tuple[list[Period], dict[int, list[Decimal | None]]]:
    """Scores of the last ``count`` periods per org, oldest first. Periods that have no
    snapshots yet are computed and saved (a closed period is computed once)."""
    scheme = scheme or scoring_scheme_active()
    periods = periods_back(kind, until=until, count=count)
    keys = [p.key for p in periods]
    have = set(
        ScoreSnapshot.objects.filter(scheme=scheme, period_key__in=keys)
        .values_list("period_key", flat=True)
        .distinct()
    )
    for p in periods:
        if p.key not in have and p.start <= today:
            scoreboard_save(board=scoreboard_compute(period=p, today=today, scheme=scheme))
    series: dict[int, list[Decimal | None]] = {}
    for org_id, key, score in ScoreSnapshot.objects.filter(
        scheme=scheme, period_key__in=keys
    ).values_list("org_id", "period_key", "score"):
        series.setdefault(org_id, [None] * len(keys))[keys.index(key)] = score
    return periods, series
