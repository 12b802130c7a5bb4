"""The seed reads the official arrangements with the notices' own names."""

from __future__ import annotations

import datetime as dt

from gongkai.calendar.seed import official_days, official_years
from gongkai.calendar.workdays import DayKind, SpecialDay


def test_it_covers_2004_to_2026():
    assert official_years() == range(2004, 2027)


def test_it_reads_holidays_and_make_up_days_with_chinese_names():
    days = {d.date: d for d in official_days()}
    # 2025 notice: 国庆节、中秋节 1–8 Oct (the 6th is Mid-autumn); Sat 11 Oct make-up.
    assert days[dt.date(2025, 10, 1)] == SpecialDay(dt.date(2025, 10, 1), DayKind.HOLIDAY, "国庆节")
    assert days[dt.date(2025, 10, 6)].name == "中秋节"
    assert days[dt.date(2025, 10, 11)] == SpecialDay(
        dt.date(2025, 10, 11), DayKind.WORKDAY, "国庆节"
    )
    # 2024 Spring Festival started on Sat 10 Feb; Qingming 2024 was 4 April.
    assert days[dt.date(2024, 2, 10)].name == "春节"
    assert days[dt.date(2024, 4, 4)].name == "清明节"
    # The one-off holiday of 3 Sep 2015.
    assert days[dt.date(2015, 9, 3)].name.startswith("中国人民抗日战争暨世界反法西斯战争胜利70周年")
    # A plain Monday is not listed.
    assert dt.date(2025, 10, 13) not in days
