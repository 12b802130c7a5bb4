"""Working-day arithmetic against the official arrangements.

Every expected date is counted by hand from the State Council notices (weekdays checked with a
printed calendar); the reasoning is in the comment next to it.
"""

from __future__ import annotations

import datetime as dt
import pickle
import random

import pytest

from gongkai.calendar.seed import official_calendar
from gongkai.calendar.workdays import (
    WorkCalendar,
    YearStatus,
    naive_add_workdays,
    naive_workdays_between,
)

D = dt.date


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return official_calendar()


# --- is_workday / next_workday ---------------------------------------------------------------


def test_it_counts_a_make_up_saturday_as_a_working_day(cal):
    # 2025: Saturday 11 October was a make-up working day for National Day.
    assert cal.is_workday(D(2025, 10, 11))
    assert (
        cal.is_workday(D(2025, 10, 11)).steps[0]
        == "2025-10-11（星期六）为国庆节调休上班日，是工作日"
    )


def test_it_counts_a_make_up_sunday_as_a_working_day(cal):
    # 2025: Sunday 28 September was a make-up working day.
    assert cal.is_workday(D(2025, 9, 28))


def test_it_treats_holiday_weekdays_and_plain_weekends_as_days_off(cal):
    # Wednesday 8 October 2025 was the last day of the National Day/Mid-autumn break;
    # Saturday 4 October 2025 was both a weekend and a holiday; Sunday 12 October a plain Sunday.
    assert not cal.is_workday(D(2025, 10, 8))
    assert not cal.is_workday(D(2025, 10, 4))
    assert not cal.is_workday(D(2025, 10, 12))
    # A plain Tuesday.
    assert cal.is_workday(D(2025, 9, 30))


def test_it_finds_the_next_working_day_after_a_holiday(cal):
    # 1–8 Oct 2025 off, so the first working day from 1 Oct is Thursday 9 Oct.
    result = cal.next_workday(D(2025, 10, 1))
    assert result.date == D(2025, 10, 9)
    assert result.steps[-1] == "下一个工作日为 2025-10-09（星期四）"


def test_it_finds_a_make_up_sunday_as_the_next_working_day(cal):
    # Saturday 27 Sep 2025 is off; Sunday 28 Sep is a make-up working day.
    assert cal.next_workday(D(2025, 9, 27)).date == D(2025, 9, 28)


def test_next_workday_returns_the_day_itself_only_when_included(cal):
    # Thursday 9 Oct 2025 is a working day; the one after it is Friday 10 Oct.
    assert cal.next_workday(D(2025, 10, 9)).date == D(2025, 10, 9)
    assert cal.next_workday(D(2025, 10, 9), include_self=False).date == D(2025, 10, 10)


# --- add_workdays ------------------------------------------------------------------------------


def test_it_adds_twenty_working_days_across_national_day_2025(cal):
    # From Tue 30 Sep 2025 (not counted): 1–8 Oct off; Oct 9,10 = 1,2; Sat 11 (make-up) = 3;
    # 13–17 = 4–8; 20–24 = 9–13; 27–31 = 14–18; Nov 3 = 19, Tue Nov 4 = 20.
    result = cal.add_workdays(D(2025, 9, 30), 20)
    assert result.date == D(2025, 11, 4)
    assert not result.provisional
    assert result.steps == (
        "起算日 2025-09-30（星期二），当日不计入，自次日起计算",
        "2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计入",
        "2025-10-11（星期六）国庆节调休上班，计入",
        "其余星期六、星期日休息，不计入",
        "第 20 个工作日为 2025-11-04（星期二）",
    )


def test_it_counts_the_make_up_sunday_before_national_day_2025(cal):
    # From Fri 26 Sep 2025: Sat 27 off, Sun 28 make-up = 1st working day.
    assert cal.add_workdays(D(2025, 9, 26), 1).date == D(2025, 9, 28)


def test_it_adds_across_spring_festival_2024(cal):
    # 2024: 10–17 Feb off; Sun 4 Feb and Sun 18 Feb make-up days. From Thu 8 Feb:
    # Fri 9 = 1; 10–17 off; Sun 18 = 2; 19–23 = 3–7; 26–Mar 1 = 8–12; Mar 4–8 = 13–17;
    # Mar 11 = 18, 12 = 19, Wed 13 = 20.
    assert cal.add_workdays(D(2024, 2, 8), 20).date == D(2024, 3, 13)
    # From Fri 2 Feb 2024: Sat 3 off, Sun 4 make-up = 1st.
    assert cal.add_workdays(D(2024, 2, 2), 1).date == D(2024, 2, 4)


def test_it_adds_across_spring_festival_2025(cal):
    # 2025: 28 Jan–4 Feb off; Sun 26 Jan and Sat 8 Feb make-up. From Fri 24 Jan:
    # Sun 26 = 1, Mon 27 = 2; Feb 5,6,7 = 3,4,5; Sat 8 = 6; 10–14 = 7–11; 17–21 = 12–16;
    # 24,25,26 = 17,18,19; Thu 27 Feb = 20.
    assert cal.add_workdays(D(2025, 1, 24), 20).date == D(2025, 2, 27)


def test_it_adds_across_spring_festival_2026(cal):
    # 2026: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb make-up. From Thu 12 Feb:
    # Fri 13 = 1; Sat 14 = 2; Feb 24–27 = 3–6; Sat 28 = 7; Mar 2–6 = 8–12; 9–13 = 13–17;
    # 16, 17 = 18, 19; Wed 18 Mar = 20.
    assert cal.add_workdays(D(2026, 2, 12), 20).date == D(2026, 3, 18)


def test_it_adds_across_mid_autumn_and_national_day_2026(cal):
    # 2026: Sun 20 Sep make-up; 25–27 Sep (Mid-autumn) off; 1–7 Oct off. From Fri 18 Sep:
    # Sun 20 = 1; 21–24 = 2–5; Fri 25 off; 28, 29, 30 = 6, 7, 8; Oct 8 = 9; Fri 9 Oct = 10.
    assert cal.add_workdays(D(2026, 9, 18), 10).date == D(2026, 10, 9)


def test_it_counts_backwards_for_negative_n(cal):
    # Before Thu 9 Oct 2025: 1–8 Oct off, so the 1st working day before is Tue 30 Sep.
    assert cal.add_workdays(D(2025, 10, 9), -1).date == D(2025, 9, 30)
    # Before Mon 13 Oct 2025: Sun 12 off, Sat 11 make-up = 1, Fri 10 = 2.
    assert cal.add_workdays(D(2025, 10, 13), -2).date == D(2025, 10, 10)


def test_adding_zero_returns_the_start_even_on_a_holiday(cal):
    assert cal.add_workdays(D(2025, 10, 3), 0).date == D(2025, 10, 3)


# --- workdays_between ------------------------------------------------------------------------


def test_it_counts_working_days_between_two_dates(cal):
    # After Fri 26 Sep up to Sun 12 Oct 2025: Sun 28, Mon 29, Tue 30 = 3; 1–8 off;
    # Thu 9, Fri 10, Sat 11 (make-up) = 3 more; Sun 12 off. Total 6.
    result = cal.workdays_between(D(2025, 9, 26), D(2025, 10, 12))
    assert result.count == 6
    assert result.steps[-1] == "共 6 个工作日"


def test_between_is_zero_for_the_same_day_and_negative_backwards(cal):
    assert cal.workdays_between(D(2025, 10, 11), D(2025, 10, 11)).count == 0
    # The same six days as above, counted the other way round.
    assert cal.workdays_between(D(2025, 10, 12), D(2025, 9, 26)).count == -6


# --- provisional years -------------------------------------------------------------------------


def test_it_flags_a_computation_reaching_an_unknown_year(cal):
    # 2027 is not in the table: only weekends are off, so Fri 1 Jan 2027 counts. From Fri
    # 25 Dec 2026: Dec 28, 29, 30, 31 = 1–4; Fri 1 Jan 2027 = 5.
    result = cal.add_workdays(D(2026, 12, 25), 5)
    assert result.date == D(2027, 1, 1)
    assert result.provisional
    assert any("2027 年节假日安排尚未录入" in step for step in result.steps)


def test_it_does_not_flag_a_computation_inside_confirmed_years(cal):
    # From Mon 21 Dec 2026: 22, 23, 24, 25 Dec — all in confirmed 2026.
    result = cal.add_workdays(D(2026, 12, 21), 4)
    assert result.date == D(2026, 12, 25)
    assert not result.provisional


def test_it_uses_but_flags_a_provisional_year_entered_by_staff():
    cal = WorkCalendar(
        holidays={D(2027, 1, 1): "元旦"},
        years={2026: YearStatus.CONFIRMED, 2027: YearStatus.PROVISIONAL},
    )
    # From Thu 31 Dec 2026: Fri 1 Jan 2027 is a (provisional) holiday, 2–3 Jan weekend,
    # so the 1st working day is Mon 4 Jan 2027.
    result = cal.add_workdays(D(2026, 12, 31), 1)
    assert result.date == D(2027, 1, 4)
    assert result.provisional
    assert "注意：2027 年节假日安排尚未确认（暂定），结果可能变化" in result.steps
    # A day in a year missing from the table is provisional too (Tue 1 Jan 2030).
    check = cal.is_workday(D(2030, 1, 1))
    assert check.is_workday and check.provisional


# --- the calendar object ----------------------------------------------------------------------


def test_the_calendar_is_immutable_and_picklable(cal):
    with pytest.raises(AttributeError):
        cal._removed = []
    copy = pickle.loads(pickle.dumps(cal))  # noqa: S301 (our own bytes)
    assert copy == cal
    assert copy.add_workdays(D(2025, 9, 30), 20).date == D(2025, 11, 4)


def test_a_date_cannot_be_both_holiday_and_make_up_day():
    with pytest.raises(ValueError, match="2025-10-11"):
        WorkCalendar(holidays={D(2025, 10, 11): "x"}, workdays={D(2025, 10, 11): "y"})


# --- the fast arithmetic agrees with the day-by-day loop ------------------------------------


def test_fast_add_agrees_with_the_naive_loop_on_random_inputs(cal):
    rng = random.Random(20251001)
    first, span = (
        D(2003, 12, 1).toordinal(),
        D(2027, 1, 31).toordinal() - D(2003, 12, 1).toordinal(),
    )
    for _ in range(5000):
        start = D.fromordinal(first + rng.randrange(span))
        n = rng.choice([rng.randint(-30, 30), rng.randint(-400, 400)])
        assert cal.add_workdays(start, n).date == naive_add_workdays(cal, start, n), (start, n)


def test_fast_between_agrees_with_the_naive_loop_on_random_inputs(cal):
    rng = random.Random(20240210)
    first, span = (
        D(2003, 12, 1).toordinal(),
        D(2027, 1, 31).toordinal() - D(2003, 12, 1).toordinal(),
    )
    for _ in range(3000):
        a = D.fromordinal(first + rng.randrange(span))
        b = a + dt.timedelta(days=rng.randint(-200, 200))
        assert cal.workdays_between(a, b).count == naive_workdays_between(cal, a, b), (a, b)


def test_add_and_between_are_inverse_on_working_days(cal):
    rng = random.Random(7)
    for _ in range(500):
        start = D(2004, 1, 1) + dt.timedelta(days=rng.randrange(8000))
        n = rng.randint(1, 300)
        end = cal.add_workdays(start, n).date
        assert cal.workdays_between(start, end).count == n
