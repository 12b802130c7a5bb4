"""Pure rules: deadlines across 调休, rating outcomes, alarms, figures, masking, text cleaning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.calendar.workdays import WorkCalendar
from gongkai.mailbox.rules import (
    LetterFacts,
    RatingOutcome,
    alarm_stage,
    clean_text,
    compute_figures,
    figures_sentence,
    percent,
    public_text,
    rating_outcome,
    reminder_kind,
    reply_due,
)

# 2025 National Day (ogi-rules §4): 1–8 October off; Sunday 28 September and Saturday
# 11 October worked.
NATIONAL_DAY_2025 = WorkCalendar(
    holidays={dt.date(2025, 10, d): "国庆节、中秋节" for d in range(1, 9)},
    workdays={dt.date(2025, 9, 28): "国庆节", dt.date(2025, 10, 11): "国庆节"},
    years={2025: "confirmed"},
)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        # Fri 26 Sep: Sun 28 (调休, 1), Mon 29 (2), Tue 30 (3), holiday to 8 Oct, Thu 9 (4),
        # Fri 10 (5).
        (dt.date(2025, 9, 26), dt.date(2025, 10, 10)),
        # Sat 27 Sep (a letter sent at the weekend): Sun 28 (1), 29 (2), 30 (3), 9 (4), 10 (5).
        (dt.date(2025, 9, 27), dt.date(2025, 10, 10)),
        # Tue 30 Sep: Thu 9 (1), Fri 10 (2), Sat 11 (调休, 3), Mon 13 (4), Tue 14 (5).
        # Weekends alone would give Tue 7 October, in the middle of the holiday.
        (dt.date(2025, 9, 30), dt.date(2025, 10, 14)),
    ],
)
def test_it_counts_five_working_days_for_a_consultation_across_the_national_day(start, expected):
    due = reply_due(NATIONAL_DAY_2025, start=start, workdays=5)
    assert due.date == expected
    assert due.provisional is False


def test_it_marks_a_deadline_in_an_unconfirmed_year_provisional():
    # 2026 is not in the calendar's years: the arrangement is unknown.
    due = reply_due(NATIONAL_DAY_2025, start=dt.date(2025, 12, 29), workdays=5)
    # Tue 30, Wed 31 Dec, then Thu 1 Jan, Fri 2, Mon 5 (weekends only, no arrangement known).
    assert due.date == dt.date(2026, 1, 5)
    assert due.provisional is True


@pytest.mark.parametrize(
    ("rating", "before", "expected"),
    [
        ("satisfied", 0, RatingOutcome.CLOSE),
        ("basically", 1, RatingOutcome.CLOSE),
        ("dissatisfied", 0, RatingOutcome.REOPEN),
        ("dissatisfied", 1, RatingOutcome.ESCALATE),
        ("dissatisfied", 2, RatingOutcome.CLOSE_DISSATISFIED),
    ],
)
def test_a_repeated_dissatisfied_rating_escalates(rating, before, expected):
    assert rating_outcome(rating, dissatisfied_before=before) == expected


def test_it_refuses_an_unknown_rating():
    with pytest.raises(ValueError):
        rating_outcome("great", dissatisfied_before=0)


def test_the_alarm_reaches_its_stages_in_calendar_days():
    since = dt.date(2025, 1, 2)
    stages = (60, 75, 85)
    # 2 Jan + 59 days = 2 Mar (Jan has 29 days left, Feb 28 → 57 on 28 Feb, 59 on 2 Mar).
    assert alarm_stage(since=since, today=dt.date(2025, 3, 2), stages=stages) is None
    assert alarm_stage(since=since, today=dt.date(2025, 3, 3), stages=stages) == 60
    # 17 Mar is day 74, 18 Mar day 75.
    assert alarm_stage(since=since, today=dt.date(2025, 3, 17), stages=stages) == 60
    assert alarm_stage(since=since, today=dt.date(2025, 3, 18), stages=stages) == 75
    # 28 Mar is day 85; the three months run out on day 90 (2 Apr).
    assert alarm_stage(since=since, today=dt.date(2025, 3, 28), stages=stages) == 85


def test_reminders_come_before_the_deadline_and_after_it():
    due = dt.date(2025, 11, 10)
    soon = dt.date(2025, 11, 12)  # two working days after 10 Nov
    assert (
        reminder_kind(due=due, today=dt.date(2025, 11, 5), soon_limit=dt.date(2025, 11, 7)) is None
    )
    assert reminder_kind(due=due, today=dt.date(2025, 11, 6), soon_limit=soon) == "due_soon"
    assert reminder_kind(due=due, today=due, soon_limit=soon) == "due_soon"
    assert reminder_kind(due=due, today=dt.date(2025, 11, 11), soon_limit=soon) == "overdue"


def test_satisfaction_rate_is_rounded_as_the_seed_states_it():
    # 49 of 50 rated letters satisfied or basically satisfied: 98 %.
    facts = [LetterFacts(dt.date(2025, 3, 3), None, None, "") for _ in range(102)]
    facts += [LetterFacts(dt.date(2025, 3, 3), dt.date(2025, 3, 4), True, "satisfied")] * 40
    facts += [LetterFacts(dt.date(2025, 3, 3), dt.date(2025, 3, 4), True, "basically")] * 9
    facts += [LetterFacts(dt.date(2025, 3, 3), dt.date(2025, 3, 4), True, "dissatisfied")]
    figures = compute_figures(facts, NATIONAL_DAY_2025)
    assert figures.letters == 152
    assert figures.satisfaction_rate == Decimal("98")
    assert figures_sentence(figures, label="市长信箱") == "全年受理市长信箱152条，群众满意率达98%。"


def test_average_reply_time_counts_working_days_only():
    facts = [
        # Fri 26 Sep → Thu 9 Oct: Sun 28, Mon 29, Tue 30, Thu 9 = 4 working days.
        LetterFacts(dt.date(2025, 9, 26), dt.date(2025, 10, 9), True, ""),
        # Same-day reply: 0.
        LetterFacts(dt.date(2025, 9, 29), dt.date(2025, 9, 29), True, ""),
        # Mon 29 Sep → Mon 13 Oct: 30, 9, 10, 11 (调休), 13 = 5, late.
        LetterFacts(dt.date(2025, 9, 29), dt.date(2025, 10, 13), False, ""),
    ]
    figures = compute_figures(facts, NATIONAL_DAY_2025)
    assert figures.replied == 3
    assert figures.replied_on_time == 2
    assert figures.average_reply_workdays == Decimal("3.0")  # (4 + 0 + 5) / 3
    assert figures.satisfaction_rate is None


def test_percent_rounds_half_up():
    assert percent(1, 8) == Decimal("13")  # 12.5 → 13, not banker's 12
    assert percent(0, 0) is None


def test_public_text_removes_the_writers_contact_details():
    text = (
        "我是李晓梅，电话13912345678，邮箱li@example.com，身份证110101199003071233，"
        "单位电话0791-88881234。"
    )
    masked = public_text(
        text, writer_name="李晓梅", writer_phone="13912345678", writer_email="li@example.com"
    )
    assert "李晓梅" not in masked and "李**" in masked
    assert "13912345678" not in masked and "139****5678" in masked
    assert "li@example.com" not in masked
    # GB 11643 check digit of 11010119900307123: weighted sum 174, 174 mod 11 = 9 → "3".
    assert "110101199003071233" not in masked and "110***********1233" in masked
    assert "88881234" not in masked
    assert masked.startswith("我是")


def test_clean_text_keeps_markup_but_drops_control_characters():
    assert (
        clean_text("<script>alert(1)</script>\x00\u202e\r\nok ") == "<script>alert(1)</script>\nok"
    )
