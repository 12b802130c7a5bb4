"""Column rules, inspection verdicts, periods and scoring: pure functions, no database.

The national website inspection indicators (国办秘函〔2019〕19号, ogi-rules.md §6) fail a site
outright for any one of: the home page not updated for 2 weeks; 5 or more news/dynamic columns
(over 2 weeks) and notice/policy columns (over 6 months) not updated; 10 or more columns that
should be updated but are not; 5 or more blank columns; an interaction message left unanswered
over 3 months within the past year. Everything here turns dates and counts into those verdicts
so the dashboard, the periodic warnings, the scoreboard and the tests share one definition.

Conventions chosen, and why:

* "Over 2 weeks" is strict: a news column last updated on 1 March is still fresh on 15 March
  (14 days) and stale from 16 March (15 days). Inspectors count "超过2周", i.e. more than 14 days.
* "6 months" is calendar months, like the inspectors' "半年": last updated 31 August → due
  28 (or 29) February, stale the day after. Month ends clamp to the shorter month.
* "3 months unanswered" is calendar months in the same way; a letter counts if it was received
  within the past year (365 days before today) and was answered late or is still unanswered
  past the limit.
* A blank column (no published item at all) that must not be empty counts as blank, never also
  as stale: inspectors list the two separately.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

# --- Columns ----------------------------------------------------------------------------------


class Freshness(StrEnum):
    """Mirrors ``Category.Freshness`` (kept here so the rules need no Django)."""

    NEWS = "news"
    NOTICE = "notice"
    OTHER = "other"


class ColumnStatus(StrEnum):
    OK = "ok"
    WARN = "warn"  # not stale yet, but will be within ``warn_days``
    STALE = "stale"
    BLANK = "blank"  # must not be empty, and nothing is published
    EMPTY_ALLOWED = "empty_allowed"  # empty, and allowed to be


@dataclass(frozen=True, slots=True)
class ColumnRules:
    """The update limits and inspection thresholds. Defaults are the national indicators.

    ``other_days`` is the limit for columns of the "other" class; None means such columns need
    not be updated (the default, as ``Category.Freshness.OTHER`` says). ``warn_days`` is how many
    days before a column goes stale its org's editors are warned.
    """

    news_days: int = 14
    notice_months: int = 6
    other_days: int | None = None
    warn_days: int = 3
    home_days: int = 14
    stale_threshold: int = 5
    should_update_threshold: int = 10
    blank_threshold: int = 5
    unanswered_months: int = 3

    @classmethod
    def from_mapping(cls, values: Mapping[str, object] | None) -> ColumnRules:
        """Build from a settings dict, ignoring unknown keys (a typo must not crash the site)."""
        if not values:
            return cls()
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        return cls(**known)  # type: ignore[arg-type]


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus ``months`` calendar months, the day clamped to the target month's length."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def last_fresh_day(freshness: str, last_published: dt.date, rules: ColumnRules) -> dt.date | None:
    """The last day a column updated on ``last_published`` still counts as updated.

    None when the column's class has no update limit.
    """
    if freshness == Freshness.NEWS:
        return last_published + dt.timedelta(days=rules.news_days)
    if freshness == Freshness.NOTICE:
        return add_months(last_published, rules.notice_months)
    if rules.other_days is None:
        return None
    return last_published + dt.timedelta(days=rules.other_days)


@dataclass(frozen=True, slots=True)
class ColumnState:
    status: ColumnStatus
    freshness: str
    last_published: dt.date | None
    stale_from: dt.date | None = None  # first stale day
    days_left: int | None = None  # days until stale (0 = last fresh day); negative once stale

    @property
    def is_stale(self) -> bool:
        return self.status == ColumnStatus.STALE

    @property
    def is_blank(self) -> bool:
        return self.status == ColumnStatus.BLANK

    @property
    def counts_for_stale_rule(self) -> bool:
        """Whether it counts toward "5 or more news/notice columns not updated"."""
        return self.is_stale and self.freshness in (Freshness.NEWS, Freshness.NOTICE)


def column_state(
    *,
    freshness: str,
    last_published: dt.date | None,
    today: dt.date,
    must_not_be_empty: bool = True,
    rules: ColumnRules | None = None,
) -> ColumnState:
    """Classify one column on ``today`` from the date of its latest published item."""
    rules = rules or ColumnRules()
    if last_published is None:
        status = ColumnStatus.BLANK if must_not_be_empty else ColumnStatus.EMPTY_ALLOWED
        return ColumnState(status=status, freshness=freshness, last_published=None)
    fresh_until = last_fresh_day(freshness, last_published, rules)
    if fresh_until is None:
        return ColumnState(
            status=ColumnStatus.OK, freshness=freshness, last_published=last_published
        )
    days_left = (fresh_until - today).days
    if days_left < 0:
        status = ColumnStatus.STALE
    elif days_left < rules.warn_days:
        status = ColumnStatus.WARN
    else:
        status = ColumnStatus.OK
    return ColumnState(
        status=status,
        freshness=freshness,
        last_published=last_published,
        stale_from=fresh_until + dt.timedelta(days=1),
        days_left=days_left,
    )


# --- Messages (mailbox) -----------------------------------------------------------------------


def message_unanswered_too_long(
    *,
    received: dt.date,
    replied: dt.date | None,
    today: dt.date,
    rules: ColumnRules | None = None,
) -> bool:
    """Whether a message received within the past year was left unanswered over 3 months."""
    rules = rules or ColumnRules()
    if received < today - dt.timedelta(days=365) or received > today:
        return False
    limit = add_months(received, rules.unanswered_months)
    answered_on = replied if replied is not None else today
    return answered_on > limit


def message_approaching_limit(
    *, received: dt.date, replied: dt.date | None, today: dt.date, within_days: int = 14
) -> bool:
    """Unanswered and within ``within_days`` of the 3-month limit (not yet past it)."""
    if replied is not None:
        return False
    limit = add_months(received, 3)
    return 0 <= (limit - today).days < within_days


# --- Inspection verdict -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SiteCounts:
    """What the inspection verdict needs to know about one site."""

    home_last_updated: dt.date | None
    stale_news_notice: int
    should_update: int
    blank: int
    unanswered_over_limit: int = 0


@dataclass(frozen=True, slots=True)
class Verdict:
    passes: bool
    reasons: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()  # one step from failing


def site_counts(
    *, states: Iterable[ColumnState], home_last_updated: dt.date | None, unanswered: int = 0
) -> SiteCounts:
    states = list(states)
    return SiteCounts(
        home_last_updated=home_last_updated,
        stale_news_notice=sum(1 for s in states if s.counts_for_stale_rule),
        should_update=sum(1 for s in states if s.is_stale),
        blank=sum(1 for s in states if s.is_blank),
        unanswered_over_limit=unanswered,
    )


def inspection_verdict(
    counts: SiteCounts, *, today: dt.date, rules: ColumnRules | None = None
) -> Verdict:
    """Would the site fail an inspection today, and why (in the inspectors' words)."""
    rules = rules or ColumnRules()
    reasons: list[str] = []
    risks: list[str] = []
    if counts.home_last_updated is None:
        reasons.append(_("首页栏目无任何已发布信息"))
    else:
        idle = (today - counts.home_last_updated).days
        if idle > rules.home_days:
            reasons.append(
                _("首页已{idle}天未更新（超过{limit}天）").format(idle=idle, limit=rules.home_days)
            )
        elif idle > rules.home_days - rules.warn_days:
            risks.append(
                _("首页已{idle}天未更新，{left}天后将超过{limit}天").format(
                    idle=idle, left=rules.home_days - idle + 1, limit=rules.home_days
                )
            )
    for value, threshold, fail_text, risk_text in (
        (
            counts.stale_news_notice,
            rules.stale_threshold,
            gettext_noop("动态要闻、通知公告及政策文件类栏目未按期更新{n}个（达到{t}个即不合格）"),
            gettext_noop("动态要闻、通知公告及政策文件类栏目未按期更新{n}个（再有1个即不合格）"),
        ),
        (
            counts.should_update,
            rules.should_update_threshold,
            gettext_noop("应更新未更新栏目{n}个（达到{t}个即不合格）"),
            gettext_noop("应更新未更新栏目{n}个（再有1个即不合格）"),
        ),
        (
            counts.blank,
            rules.blank_threshold,
            gettext_noop("空白栏目{n}个（达到{t}个即不合格）"),
            gettext_noop("空白栏目{n}个（再有1个即不合格）"),
        ),
    ):
        if value >= threshold:
            reasons.append(_(fail_text).format(n=value, t=threshold))
        elif value == threshold - 1 and value > 0:
            risks.append(_(risk_text).format(n=value))
    if counts.unanswered_over_limit > 0:
        reasons.append(
            _("过去一年内有{n}条留言超过{months}个月未答复").format(
                n=counts.unanswered_over_limit, months=rules.unanswered_months
            )
        )
    return Verdict(passes=not reasons, reasons=tuple(reasons), risks=tuple(risks))


# --- Periods ----------------------------------------------------------------------------------


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class Period:
    kind: PeriodKind
    key: str  # "2024-03", "2024-Q1", "2024"
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return _("{year}年{month}月").format(year=self.start.year, month=self.start.month)
        if self.kind == PeriodKind.QUARTER:
            return _("{year}年第{quarter}季度").format(
                year=self.start.year, quarter=(self.start.month - 1) // 3 + 1
            )
        return _("{year}年").format(year=self.start.year)

    def previous(self) -> Period:
        return period_containing(self.kind, self.start - dt.timedelta(days=1))


_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:(\d{2})|Q([1-4])))?$")


def period_parse(key: str) -> Period:
    """ "2024" → the year, "2024-Q2" → the quarter, "2024-05" → the month. ValueError otherwise."""
    m = _PERIOD_RE.match(key.strip())
    if not m:
        raise ValueError(f"unknown period {key!r}: use 2024, 2024-Q1 or 2024-03")
    year = int(m.group(1))
    if m.group(2):
        month = int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"unknown month in {key!r}")
        return period_containing(PeriodKind.MONTH, dt.date(year, month, 1))
    if m.group(3):
        return period_containing(PeriodKind.QUARTER, dt.date(year, 3 * int(m.group(3)) - 2, 1))
    return period_containing(PeriodKind.YEAR, dt.date(year, 1, 1))


def period_containing(kind: str, d: dt.date) -> Period:
    kind = PeriodKind(kind)
    if kind == PeriodKind.MONTH:
        start = d.replace(day=1)
        key = f"{d.year}-{d.month:02d}"
        months = 1
    elif kind == PeriodKind.QUARTER:
        q = (d.month - 1) // 3 + 1
        start = dt.date(d.year, 3 * q - 2, 1)
        key = f"{d.year}-Q{q}"
        months = 3
    else:
        start = dt.date(d.year, 1, 1)
        key = str(d.year)
        months = 12
    end = add_months(start, months) - dt.timedelta(days=1)
    return Period(kind=kind, key=key, start=start, end=end)


def periods_back(kind: str, *, until: dt.date, count: int) -> list[Period]:
    """The ``count`` periods of ``kind`` ending with the one containing ``until``, oldest first."""
    periods = [period_containing(kind, until)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods[::-1]


# --- Scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorRule:
    """One line of a scoring scheme: ``weight`` points, minus ``deduction`` per unit measured,
    at most ``cap`` points deducted (the weight when None), never below zero."""

    key: str
    label: str
    weight: Decimal
    deduction: Decimal
    cap: Decimal | None = None


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    key: str
    label: str
    units: Decimal
    weight: Decimal
    deducted: Decimal
    score: Decimal


@dataclass(frozen=True, slots=True)
class ScoreResult:
    total: Decimal
    maximum: Decimal
    lines: tuple[IndicatorScore, ...] = field(default_factory=tuple)

    def as_json(self) -> dict[str, object]:
        return {
            "total": str(self.total),
            "maximum": str(self.maximum),
            "lines": [
                {
                    "key": line.key,
                    "label": line.label,
                    "units": str(line.units),
                    "weight": str(line.weight),
                    "deducted": str(line.deducted),
                    "score": str(line.score),
                }
                for line in self.lines
            ],
        }


_CENT = Decimal("0.01")


def score_compute(
    *, indicators: Sequence[IndicatorRule], measures: Mapping[str, Decimal | int | float]
) -> ScoreResult:
    """Score an org: each indicator's weight minus its capped deduction. A missing measure is
    zero units (nothing to deduct), so a new indicator never punishes orgs it cannot measure."""
    lines = []
    for ind in indicators:
        units = Decimal(str(measures.get(ind.key, 0) or 0))
        if units < 0:
            units = Decimal(0)
        cap = ind.weight if ind.cap is None else min(ind.cap, ind.weight)
        deducted = min(cap, units * ind.deduction).quantize(_CENT, rounding=ROUND_HALF_UP)
        score = (ind.weight - deducted).quantize(_CENT, rounding=ROUND_HALF_UP)
        lines.append(
            IndicatorScore(
                key=ind.key,
                label=ind.label,
                units=units,
                weight=ind.weight,
                deducted=deducted,
                score=score,
            )
        )
    total = sum((line.score for line in lines), Decimal(0)).quantize(_CENT)
    maximum = sum((ind.weight for ind in indicators), Decimal(0)).quantize(_CENT)
    return ScoreResult(total=total, maximum=maximum, lines=tuple(lines))


def rank(scores: Mapping[int, Decimal]) -> dict[int, int]:
    """Competition ranking (1, 2, 2, 4): equal scores share a rank."""
    ordered = sorted(scores.items(), key=lambda kv: -kv[1])
    ranks: dict[int, int] = {}
    previous: Decimal | None = None
    current = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            current, previous = position, value
        ranks[key] = current
    return ranks


def on_time_rate(*, concluded: int, on_time: int) -> Decimal | None:
    """Percentage of concluded applications answered by their due date; None when none."""
    if concluded <= 0:
        return None
    return (Decimal(on_time) * 100 / Decimal(concluded)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# The measures the scoreboard can deduct for, with their Chinese labels, and the default scheme
# the general office starts from (100 points; every weight, deduction and cap is editable).
MEASURES: dict[str, str] = {
    "stale_columns": "栏目未按期更新（个）",
    "blank_columns": "空白栏目（个）",
    "late_items": "超过20个工作日发布的信息（条）",
    "application_overdue": "依申请公开超期办理（件）",
    "letters_unanswered": "留言超过3个月未答复（条）",
    "site_findings": "网站检查发现问题（个）",
    "rectification_overdue": "整改逾期未完成（次）",
}

DEFAULT_INDICATORS: tuple[IndicatorRule, ...] = (
    IndicatorRule("stale_columns", "栏目更新", Decimal(20), Decimal(2)),
    IndicatorRule("blank_columns", "栏目建设", Decimal(15), Decimal(3)),
    IndicatorRule("late_items", "主动公开时效", Decimal(15), Decimal("0.5")),
    IndicatorRule("application_overdue", "依申请公开办理", Decimal(20), Decimal(5)),
    IndicatorRule("letters_unanswered", "互动回应", Decimal(10), Decimal(5)),
    IndicatorRule("site_findings", "网站内容检查", Decimal(10), Decimal(1)),
    IndicatorRule("rectification_overdue", "问题整改", Decimal(10), Decimal(5)),
)
