"""The official holiday arrangements 2004–2026, read from the ``chinesecalendar`` package.

``chinesecalendar`` transcribes each year's 国务院办公厅关于部分节假日安排的通知. We only read its
data tables (never its functions, which refuse years they do not know) and turn them into
``SpecialDay`` records with the festivals' official Chinese names. The result seeds the
``CalendarDay`` table once; after that the table, edited by the general office, is the truth.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from gongkai.calendar.workdays import DayKind, SpecialDay, WorkCalendar, YearStatus

# Official names as the State Council notices write them (the package abbreviates some).
HOLIDAY_NAMES: dict[str, str] = {
    chinese_calendar.Holiday.new_years_day.value: "元旦",
    chinese_calendar.Holiday.spring_festival.value: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "清明节",
    chinese_calendar.Holiday.labour_day.value: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival.value: "端午节",
    chinese_calendar.Holiday.national_day.value: "国庆节",
    chinese_calendar.Holiday.mid_autumn_festival.value: "中秋节",
    chinese_calendar.Holiday.anti_fascist_70th_day.value: (
        "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"
    ),
}

SOURCE = f"国务院办公厅关于部分节假日安排的通知（据 chinesecalendar {chinese_calendar.__version__} 导入）"


def _name(value: str) -> str:
    return HOLIDAY_NAMES.get(value, value)


def official_years() -> range:
    """The years the package covers completely (2004–2026 for chinesecalendar 1.11)."""
    years = {d.year for d in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def official_days(*, years: range | None = None) -> list[SpecialDay]:
    """Every holiday and make-up working day of ``years`` (default: all covered), by date."""
    years = years or official_years()
    days = [
        SpecialDay(d, DayKind.HOLIDAY, _name(v))
        for d, v in chinese_calendar.holidays.items()
        if d.year in years
    ]
    days += [
        SpecialDay(d, DayKind.WORKDAY, _name(v))
        for d, v in chinese_calendar.workdays.items()
        if d.year in years
    ]
    return sorted(days, key=lambda s: s.date)


def official_calendar() -> WorkCalendar:
    """A ``WorkCalendar`` straight from the package, all covered years confirmed.

    For tests and for code that runs without a database; the app itself uses the table
    (``selectors.get_work_calendar``).
    """
    return WorkCalendar.from_days(
        official_days(), years=dict.fromkeys(official_years(), YearStatus.CONFIRMED)
    )


def is_seeded_date(d: dt.date) -> bool:
    return d.year in official_years()
