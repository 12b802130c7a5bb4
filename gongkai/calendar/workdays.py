"""Chinese working-day arithmetic, pure and database-free.

A working day (工作日) is a Monday–Friday that is not a public holiday, plus any weekend day the
State Council declares a make-up working day (调休上班). Statutory deadlines in 依申请公开 are
counted in working days, so every answer here also says *how* it was reached (``steps``, in
Chinese, for staff and applicants) and whether it leans on a year whose arrangement is not yet
confirmed (``provisional``): the law wants such answers flagged, not silently assumed.

The arithmetic never walks day by day. Mon–Fri days between two dates follow from week
arithmetic on ordinals; exceptions (weekday holidays, weekend make-up days) are counted with
``bisect`` over sorted ordinals. ``add_workdays`` then guesses the answer by week arithmetic and,
only when an exception lies in the way, bisects over the (monotone) count. ``naive_add_workdays``
is the obvious day-by-day loop, kept for benchmarks and property tests.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, partial

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class DayKind(StrEnum):
    HOLIDAY = "holiday"
    WORKDAY = "workday"


class YearStatus(StrEnum):
    CONFIRMED = "confirmed"
    PROVISIONAL = "provisional"


@dataclass(frozen=True, slots=True)
class SpecialDay:
    """One entry of the official arrangement: a holiday or a make-up working day."""

    date: dt.date
    kind: DayKind
    name: str = ""


def format_date(d: dt.date) -> str:
    return d.isoformat()


def format_date_weekday(d: dt.date) -> str:
    """``2025-10-11（星期六）`` — the form used in every step."""
    return f"{d.isoformat()}（{WEEKDAY_NAMES[d.weekday()]}）"


# --- results -----------------------------------------------------------------------------------
# Steps are built lazily: callers in hot loops (deadline lists, benchmarks) only want the date.


def _no_steps() -> tuple[str, ...]:
    return ()


@dataclass(frozen=True, kw_only=True)
class _Explained:
    provisional: bool
    _explain: Callable[[], Iterable[str]] = field(default=_no_steps, repr=False, compare=False)

    @cached_property
    def steps(self) -> tuple[str, ...]:
        """Human-readable explanation in Chinese, one step per line."""
        return tuple(self._explain())


@dataclass(frozen=True, kw_only=True)
class DayCheck(_Explained):
    """Answer of ``is_workday``; truthy exactly when the day is a working day."""

    date: dt.date
    is_workday: bool

    def __bool__(self) -> bool:
        return self.is_workday


@dataclass(frozen=True, kw_only=True)
class DateResult(_Explained):
    date: dt.date


@dataclass(frozen=True, kw_only=True)
class CountResult(_Explained):
    count: int


# --- week arithmetic on ordinals -----------------------------------------------------------------
# date.fromordinal(1) is Monday 0001-01-01, so ordinal o is a weekday iff (o - 1) % 7 < 5.


def _is_weekday_ord(o: int) -> bool:
    return (o - 1) % 7 < 5


def _weekdays_upto(o: int) -> int:
    """Number of Mon–Fri days among ordinals 1..o."""
    weeks, rest = divmod(o, 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday_ord(t: int) -> int:
    """Smallest ordinal o with ``_weekdays_upto(o) == t`` (the t-th Mon–Fri since 0001-01-01)."""
    if t < 1:
        raise OverflowError("date out of range")
    weeks, rest = divmod(t, 5)
    return (weeks - 1) * 7 + 5 if rest == 0 else weeks * 7 + rest


class WorkCalendar:
    """An immutable working-day calendar.

    ``holidays`` and ``workdays`` map dates to the festival's Chinese name (may be empty);
    ``years`` gives each year's status. A year missing from ``years`` is unknown: it is treated
    like a provisional one, and with no entries for it, only weekends are days off.
    Holidays that fall on a weekend are kept too: they change no count but make the steps read
    like the official notice ("10月1日至8日放假").
    """

    __slots__ = (
        "_holidays",
        "_workdays",
        "_years",
        "_removed",
        "_added",
        "_removed_set",
        "_added_set",
        "_holiday_ords",
        "_workday_ords",
    )

    def __init__(
        self,
        *,
        holidays: Mapping[dt.date, str] | None = None,
        workdays: Mapping[dt.date, str] | None = None,
        years: Mapping[int, YearStatus | str] | None = None,
    ) -> None:
        hol = dict(holidays or {})
        wrk = dict(workdays or {})
        both = sorted(set(hol) & set(wrk))
        if both:
            raise ValueError(f"{both[0].isoformat()} 不能既是放假日又是调休上班日")
        set_ = object.__setattr__
        set_(self, "_holidays", hol)
        set_(self, "_workdays", wrk)
        set_(self, "_years", {int(y): YearStatus(s) for y, s in (years or {}).items()})
        hol_ords = sorted(d.toordinal() for d in hol)
        wrk_ords = sorted(d.toordinal() for d in wrk)
        removed = [o for o in hol_ords if _is_weekday_ord(o)]
        added = [o for o in wrk_ords if not _is_weekday_ord(o)]
        set_(self, "_holiday_ords", hol_ords)
        set_(self, "_workday_ords", wrk_ords)
        set_(self, "_removed", removed)
        set_(self, "_added", added)
        set_(self, "_removed_set", frozenset(removed))
        set_(self, "_added_set", frozenset(added))

    @classmethod
    def from_days(
        cls, days: Iterable[SpecialDay], *, years: Mapping[int, YearStatus | str] | None = None
    ) -> WorkCalendar:
        holidays: dict[dt.date, str] = {}
        workdays: dict[dt.date, str] = {}
        for day in days:
            target = holidays if DayKind(day.kind) is DayKind.HOLIDAY else workdays
            target[day.date] = day.name
        return cls(holidays=holidays, workdays=workdays, years=years)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("WorkCalendar is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("WorkCalendar is immutable")

    def __reduce__(self):
        return (_rebuild, (self._holidays, self._workdays, self._years))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        return (self._holidays, self._workdays, self._years) == (
            other._holidays,
            other._workdays,
            other._years,
        )

    def __hash__(self) -> int:
        return hash((len(self._holidays), len(self._workdays), tuple(sorted(self._years))))

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {len(self._holidays)} holidays, {len(self._workdays)} make-up days, "
            f"{len(self._years)} years>"
        )

    # --- introspection --------------------------------------------------------------------

    def year_status(self, year: int) -> YearStatus | None:
        """The year's status, or None when the year is not in the table at all."""
        return self._years.get(year)

    def is_confirmed(self, year: int) -> bool:
        return self._years.get(year) is YearStatus.CONFIRMED

    @property
    def years(self) -> dict[int, YearStatus]:
        return dict(self._years)

    @property
    def special_days(self) -> list[SpecialDay]:
        days = [SpecialDay(d, DayKind.HOLIDAY, n) for d, n in self._holidays.items()]
        days += [SpecialDay(d, DayKind.WORKDAY, n) for d, n in self._workdays.items()]
        return sorted(days, key=lambda s: s.date)

    # --- core (no result objects; used in loops) -------------------------------------------

    def _is_workday_ord(self, o: int) -> bool:
        if _is_weekday_ord(o):
            return o not in self._removed_set
        return o in self._added_set

    def is_workday_fast(self, d: dt.date) -> bool:
        """Plain bool, no explanation: for loops over many dates."""
        return self._is_workday_ord(d.toordinal())

    def _count(self, a: int, b: int) -> int:
        """Working days among ordinals a+1..b (a <= b)."""
        br = bisect.bisect_right
        removed, added = self._removed, self._added
        return (
            _weekdays_upto(b)
            - _weekdays_upto(a)
            - (br(removed, b) - br(removed, a))
            + (br(added, b) - br(added, a))
        )

    def _add_forward(self, start: int, n: int) -> int:
        """Smallest ordinal o > start with n working days in start+1..o (n >= 1)."""
        lo, hi = start + 1, _nth_weekday_ord(_weekdays_upto(start) + n)
        got = self._count(start, hi)
        # Week arithmetic gives the answer when no exception is in the way; each holiday on
        # the way only pushes it further by as many Mon–Fri days as are still missing.
        while got < n:
            lo = hi + 1
            hi = _nth_weekday_ord(_weekdays_upto(hi) + (n - got))
            got = self._count(start, hi)
        if got == n and self._is_workday_ord(hi):
            return hi
        # A make-up weekend day overshot: the answer lies in lo..hi, where the count is monotone.
        offset = bisect.bisect_left(range(lo, hi + 1), n, key=lambda o: self._count(start, o))
        return lo + offset

    def _add_backward(self, start: int, m: int) -> int:
        """Largest ordinal o < start with m working days in o..start-1 (m >= 1)."""
        end = start - 1
        lo = _nth_weekday_ord(_weekdays_upto(end) - m + 1)
        got = self._count(lo - 1, end)
        while got < m:
            lo = _nth_weekday_ord(_weekdays_upto(lo - 1) - (m - got) + 1)
            got = self._count(lo - 1, end)
        # -count(o-1, end) is non-decreasing in o; we want the last o where count >= m.
        idx = bisect.bisect_right(range(lo, start), -m, key=lambda o: -self._count(o - 1, end))
        return lo + idx - 1

    def _provisional(self, first: int, last: int) -> bool:
        """Whether any day in ordinals first..last lies in a year not confirmed."""
        if first > last:
            return False
        y1 = dt.date.fromordinal(first).year
        y2 = dt.date.fromordinal(last).year
        years = self._years
        return any(years.get(y) is not YearStatus.CONFIRMED for y in range(y1, y2 + 1))

    # --- public API -----------------------------------------------------------------------

    def is_workday(self, d: dt.date) -> DayCheck:
        o = d.toordinal()
        return DayCheck(
            date=d,
            is_workday=self._is_workday_ord(o),
            provisional=self._provisional(o, o),
            _explain=partial(self._explain_day, d),
        )

    def next_workday(self, d: dt.date, *, include_self: bool = True) -> DateResult:
        """The first working day on or after ``d`` (after ``d`` when ``include_self`` is False)."""
        o = d.toordinal()
        if include_self and self._is_workday_ord(o):
            result = o
        else:
            result = self._add_forward(o if not include_self else o - 1, 1)
        first = o if include_self else o + 1
        return DateResult(
            date=dt.date.fromordinal(result),
            provisional=self._provisional(first, result),
            _explain=partial(self._explain_next, d, include_self, result),
        )

    def add_workdays(self, start: dt.date, n: int) -> DateResult:
        """The n-th working day after ``start`` (``start`` itself is never counted).

        n = 0 returns ``start`` unchanged, whether or not it is a working day; n < 0 gives the
        |n|-th working day before ``start``. ``provisional`` covers exactly the days examined:
        start+1..result (or result..start-1 going back).
        """
        o = start.toordinal()
        if n > 0:
            result = self._add_forward(o, n)
            first, last = o + 1, result
        elif n < 0:
            result = self._add_backward(o, -n)
            first, last = result, o - 1
        else:
            result, first, last = o, o + 1, o
        return DateResult(
            date=dt.date.fromordinal(result),
            provisional=self._provisional(first, last),
            _explain=partial(self._explain_add, start, n, result),
        )

    def workdays_between(self, d1: dt.date, d2: dt.date) -> CountResult:
        """Working days after ``d1`` up to and including ``d2``.

        Equal dates give 0. When ``d2`` is before ``d1`` the answer is negative: minus the
        working days after ``d2`` up to and including ``d1``, so that
        ``workdays_between(a, b) == -workdays_between(b, a)`` and, for a working day ``b`` after
        ``a``, ``add_workdays(a, workdays_between(a, b)) == b``.
        """
        a, b = d1.toordinal(), d2.toordinal()
        if a <= b:
            count = self._count(a, b)
            first, last = a + 1, b
        else:
            count = -self._count(b, a)
            first, last = b + 1, a
        return CountResult(
            count=count,
            provisional=self._provisional(first, last),
            _explain=partial(self._explain_between, d1, d2, count),
        )

    # --- explanations -----------------------------------------------------------------------

    def _day_reason(self, d: dt.date) -> str:
        o = d.toordinal()
        label = format_date_weekday(d)
        if d in self._workdays and not _is_weekday_ord(o):
            return f"{label}为{self._workdays[d]}调休上班日，是工作日"
        if d in self._holidays:
            name = self._holidays[d] or "法定节假日"
            return f"{label}为{name}假期，不是工作日"
        if _is_weekday_ord(o):
            return f"{label}是工作日"
        return f"{label}为周末，不是工作日"

    def _exceptions_in(self, first: int, last: int) -> list[str]:
        """Steps naming the holidays and make-up days within ordinals first..last."""
        if first > last:
            return []
        items: list[tuple[int, str]] = []
        lo = bisect.bisect_left(self._holiday_ords, first)
        hi = bisect.bisect_right(self._holiday_ords, last)
        run: list[int] = []

        def flush() -> None:
            if not run:
                return
            names: list[str] = []
            for o in run:
                name = self._holidays[dt.date.fromordinal(o)]
                if name and name not in names:
                    names.append(name)
            what = "、".join(names) or "法定节假日"
            d1, d2 = dt.date.fromordinal(run[0]), dt.date.fromordinal(run[-1])
            if len(run) == 1:
                text = f"{format_date_weekday(d1)} {what}放假，不计入"
            else:
                text = f"{format_date(d1)} 至 {format_date(d2)} {what}放假，不计入"
            items.append((run[0], text))
            run.clear()

        for o in self._holiday_ords[lo:hi]:
            if run and o != run[-1] + 1:
                flush()
            run.append(o)
        flush()
        lo = bisect.bisect_left(self._workday_ords, first)
        hi = bisect.bisect_right(self._workday_ords, last)
        for o in self._workday_ords[lo:hi]:
            if not _is_weekday_ord(o):
                d = dt.date.fromordinal(o)
                items.append((o, f"{format_date_weekday(d)}{self._workdays[d]}调休上班，计入"))
        items.sort()
        steps = [text for _, text in items]
        has_weekend = last - first >= 6 or any(
            not _is_weekday_ord(o) for o in range(first, last + 1)
        )
        if has_weekend:
            steps.append(
                "其余星期六、星期日休息，不计入" if steps else "期间星期六、星期日休息，不计入"
            )
        return steps

    def _status_steps(self, first: int, last: int) -> list[str]:
        if first > last:
            return []
        steps = []
        for y in range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 1):
            status = self._years.get(y)
            if status is YearStatus.CONFIRMED:
                continue
            if status is YearStatus.PROVISIONAL:
                steps.append(f"注意：{y} 年节假日安排尚未确认（暂定），结果可能变化")
            else:
                steps.append(
                    f"注意：{y} 年节假日安排尚未录入，暂按星期六、星期日休息计算，结果可能变化"
                )
        return steps

    def _explain_day(self, d: dt.date) -> list[str]:
        o = d.toordinal()
        return [self._day_reason(d), *self._status_steps(o, o)]

    def _explain_next(self, d: dt.date, include_self: bool, result: int) -> list[str]:
        o = d.toordinal()
        r = dt.date.fromordinal(result)
        if include_self and result == o:
            return [self._day_reason(d), *self._status_steps(o, o)]
        steps = []
        if include_self:
            steps.append(self._day_reason(d))
            first = o + 1
        else:
            steps.append(f"自 {format_date_weekday(d)} 的次日起查找")
            first = o + 1
        steps += self._exceptions_in(first, result - 1)
        steps += self._status_steps(o if include_self else first, result)
        steps.append(f"下一个工作日为 {format_date_weekday(r)}")
        return steps

    def _explain_add(self, start: dt.date, n: int, result: int) -> list[str]:
        o = start.toordinal()
        r = dt.date.fromordinal(result)
        if n == 0:
            return [f"起算日 {format_date_weekday(start)}，加 0 个工作日，结果即起算日"]
        if n > 0:
            steps = [f"起算日 {format_date_weekday(start)}，当日不计入，自次日起计算"]
            steps += self._exceptions_in(o + 1, result)
            steps += self._status_steps(o + 1, result)
            steps.append(f"第 {n} 个工作日为 {format_date_weekday(r)}")
            return steps
        steps = [f"起算日 {format_date_weekday(start)}，当日不计入，向前倒数"]
        steps += self._exceptions_in(result, o - 1)
        steps += self._status_steps(result, o - 1)
        steps.append(f"向前第 {-n} 个工作日为 {format_date_weekday(r)}")
        return steps

    def _explain_between(self, d1: dt.date, d2: dt.date, count: int) -> list[str]:
        a, b = sorted((d1.toordinal(), d2.toordinal()))
        lo, hi = dt.date.fromordinal(a), dt.date.fromordinal(b)
        if a == b:
            return ["起止日期相同，工作日数为 0"]
        steps = [f"自 {format_date_weekday(lo)} 次日起至 {format_date_weekday(hi)}（含）"]
        if d2 < d1:
            steps[0] += "；终止日早于起算日，结果取负数"
        steps += self._exceptions_in(a + 1, b)
        steps += self._status_steps(a + 1, b)
        steps.append(f"共 {count} 个工作日")
        return steps


def _rebuild(holidays, workdays, years) -> WorkCalendar:
    return WorkCalendar(holidays=holidays, workdays=workdays, years=years)


def naive_add_workdays(calendar: WorkCalendar, start: dt.date, n: int) -> dt.date:
    """Day-by-day reference implementation of ``WorkCalendar.add_workdays`` (benchmarks, tests)."""
    step = dt.timedelta(days=1 if n >= 0 else -1)
    d, left = start, abs(n)
    while left:
        d += step
        if calendar.is_workday_fast(d):
            left -= 1
    return d


def naive_workdays_between(calendar: WorkCalendar, d1: dt.date, d2: dt.date) -> int:
    """Day-by-day reference implementation of ``WorkCalendar.workdays_between``."""
    sign = 1
    if d2 < d1:
        d1, d2, sign = d2, d1, -1
    count, d = 0, d1
    while d < d2:
        d += dt.timedelta(days=1)
        count += calendar.is_workday_fast(d)
    return sign * count
