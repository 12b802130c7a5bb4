"""The statutory clock (Art. 30–33, 42). Every date is counted by hand from the State Council
holiday notices; the count is in the comment beside it (n = n-th working day)."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.applications.clock import (
    Channel,
    ClockRules,
    CorrectionReceived,
    CorrectionRequested,
    Extended,
    FeeNoticeReceived,
    FeePaid,
    PauseEnded,
    PauseKind,
    PauseStarted,
    clock_compute,
    receipt_date,
)
from gongkai.calendar.seed import official_calendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return official_calendar()


# --- receipt date (Art. 31) --------------------------------------------------------------------


def test_it_takes_the_day_submitted_in_person(cal):
    result = receipt_date(channel=Channel.IN_PERSON, arrived_on=D(2025, 9, 30), calendar=cal)
    assert result.date == D(2025, 9, 30)
    assert result.steps[0].startswith("当面提交")


def test_it_moves_arrival_on_a_holiday_to_the_next_working_day(cal):
    # Registered post signed for on Sat 17 Feb 2024 (last day of Spring Festival); the next
    # working day is Sun 18 Feb 2024, a make-up working day.
    result = receipt_date(channel=Channel.REGISTERED_POST, arrived_on=D(2024, 2, 17), calendar=cal)
    assert result.date == D(2024, 2, 18)
    assert "顺延至下一个工作日 2024-02-18（星期日）" in result.steps[-1]


def test_it_keeps_a_holiday_arrival_when_the_rule_is_off(cal):
    rules = ClockRules(next_workday_if_closed=False)
    result = receipt_date(
        channel=Channel.ONLINE, arrived_on=D(2024, 2, 17), calendar=cal, rules=rules
    )
    assert result.date == D(2024, 2, 17)


# --- reply deadline and correction limit -----------------------------------------------------


def test_it_sets_the_reply_deadline_across_national_day_2025(cal):
    # Received Tue 30 Sep 2025. 1–8 Oct off; Oct 9, 10 = 1, 2; Sat 11 (make-up) = 3;
    # 13–17 = 4–8; 20–24 = 9–13; 27–31 = 14–18; Nov 3 = 19; Tue 4 Nov = 20.
    # Correction limit, 7 working days: Oct 9, 10, 11, 13, 14, 15, 16 -> Thu 16 Oct.
    state = clock_compute(received_on=D(2025, 9, 30), calendar=cal)
    assert state.due_on == D(2025, 11, 4)
    assert state.correction_request_by == D(2025, 10, 16)
    assert not state.paused and not state.provisional
    assert state.steps[-1] == "当前答复期限：2025-11-04（星期二）"
    # The steps say why: the holiday run and the make-up Saturday are listed.
    assert "　· 2025-10-01 至 2025-10-08 国庆节、中秋节放假，不计入" in state.steps
    assert "　· 2025-10-11（星期六）国庆节调休上班，计入" in state.steps


def test_it_counts_both_make_up_days_of_national_day_2024(cal):
    # Received Fri 27 Sep 2024. Sun 29 Sep (make-up) = 1, Mon 30 = 2; 1–7 Oct off;
    # Oct 8–11 = 3–6; Sat 12 Oct (make-up) = 7; 14–18 = 8–12; 21–25 = 13–17; 28, 29, 30 = 18–20.
    # Correction limit: Sep 29, 30, Oct 8, 9, 10, 11, 12 -> Sat 12 Oct 2024 (a working day).
    state = clock_compute(received_on=D(2024, 9, 27), calendar=cal)
    assert state.due_on == D(2024, 10, 30)
    assert state.correction_request_by == D(2024, 10, 12)


def test_an_application_arriving_on_a_holiday_counts_from_the_next_working_day(cal):
    # Confirmed online on Fri 3 Oct 2025 (holiday) -> received Thu 9 Oct. Oct 10 = 1,
    # Sat 11 = 2, 13–17 = 3–7, 20–24 = 8–12, 27–31 = 13–17, Nov 3, 4, Wed 5 = 18–20.
    state = clock_compute(received_on=D(2025, 10, 3), calendar=cal)
    assert state.received_on == D(2025, 10, 9)
    assert state.due_on == D(2025, 11, 5)
    # Without the rule the count starts after 3 Oct itself: Oct 9 is the 1st working day,
    # which ends on Tue 4 Nov exactly as for a 30 Sep receipt.
    state = clock_compute(
        received_on=D(2025, 10, 3), calendar=cal, rules=ClockRules(next_workday_if_closed=False)
    )
    assert state.due_on == D(2025, 11, 4)


def test_it_flags_a_deadline_running_into_an_unconfirmed_year(cal):
    # Received Mon 14 Dec 2026: Dec 15–18 = 1–4, 21–25 = 5–9, 28–31 = 10–13; Fri 1 Jan 2027
    # is counted (2027 unknown, weekends only) = 14; Jan 4–8 = 15–19; Mon 11 Jan 2027 = 20.
    state = clock_compute(received_on=D(2026, 12, 14), calendar=cal)
    assert state.due_on == D(2027, 1, 11)
    assert state.provisional


# --- correction (Art. 30) ----------------------------------------------------------------------


def test_it_restarts_the_clock_after_correction(cal):
    # Received Mon 23 Sep 2024; correction asked Fri 27 Sep (limit: 24, 25, 26, 27, Sun 29
    # make-up, 30, Oct 8 -> Tue 8 Oct, so in time). Corrected application arrives Sat 12 Oct
    # 2024, a make-up working day, so that day stands. From it: Oct 14–18 = 1–5, 21–25 = 6–10,
    # 28–Nov 1 = 11–15, Nov 4–8 = 16–20 -> Fri 8 Nov 2024.
    asked = CorrectionRequested(on=D(2024, 9, 27))
    waiting = clock_compute(received_on=D(2024, 9, 23), events=[asked], calendar=cal)
    assert waiting.correction_request_by == D(2024, 10, 8)
    assert waiting.awaiting_correction
    assert waiting.due_on is None
    assert not waiting.warnings

    state = clock_compute(
        received_on=D(2024, 9, 23),
        events=[asked, CorrectionReceived(on=D(2024, 10, 12))],
        calendar=cal,
    )
    assert not state.awaiting_correction
    assert state.clock_start == D(2024, 10, 12)
    assert state.due_on == D(2024, 11, 8)


def test_it_warns_about_a_correction_request_after_seven_working_days(cal):
    # Received Tue 30 Sep 2025, limit Thu 16 Oct 2025 (see above); asked on Fri 17 Oct.
    state = clock_compute(
        received_on=D(2025, 9, 30),
        events=[CorrectionRequested(on=D(2025, 10, 17))],
        calendar=cal,
    )
    assert state.warnings == (
        "补正通知晚于法定期限 2025-10-16（星期四）（收到申请之日起 7 个工作日）",
    )


# --- pauses (Art. 32–34) -----------------------------------------------------------------------


def test_a_third_party_consultation_extends_the_deadline_by_the_days_paused(cal):
    # Received Mon 3 Mar 2025: Mar 4–7 = 1–4, 10–14 = 5–9, 17–21 = 10–14, 24–28 = 15–19,
    # Mon 31 Mar = 20. Third party asked Mon 10 Mar: 15 working days -> Mar 11–14 (4),
    # 17–21 (9), 24–28 (14), Mon 31 Mar = 15.
    started = PauseStarted(on=D(2025, 3, 10), kind=PauseKind.THIRD_PARTY)
    paused = clock_compute(received_on=D(2025, 3, 3), events=[started], calendar=cal)
    assert paused.paused and paused.pause_kinds == (PauseKind.THIRD_PARTY,)
    assert paused.third_party_reply_by == D(2025, 3, 31)
    assert paused.due_on == D(2025, 3, 31)

    # Answer received Fri 21 Mar: paused Mar 11–14, 17–21 = 9 working days. 31 Mar + 9:
    # Apr 1, 2, 3 = 1–3; Fri 4 Apr off (清明 4–6 Apr); Apr 7–11 = 4–8; Mon 14 Apr = 9.
    state = clock_compute(
        received_on=D(2025, 3, 3),
        events=[started, PauseEnded(on=D(2025, 3, 21), kind=PauseKind.THIRD_PARTY)],
        calendar=cal,
    )
    assert not state.paused
    assert state.paused_workdays == 9
    assert state.due_on == D(2025, 4, 14)
    assert state.third_party_reply_by is None


def test_it_shows_the_due_date_as_of_today_while_paused(cal):
    # As above, consulting another organ from Mon 10 Mar 2025; as of Fri 14 Mar, 4 working
    # days (11–14) are paused: 31 Mar + 4 = Apr 1, 2, 3, (4–6 off), Mon 7 Apr.
    state = clock_compute(
        received_on=D(2025, 3, 3),
        events=[PauseStarted(on=D(2025, 3, 10), kind=PauseKind.OTHER_ORGAN)],
        calendar=cal,
        as_of=D(2025, 3, 14),
    )
    assert state.paused
    assert state.due_on == D(2025, 4, 7)


def test_overlapping_pauses_count_once(cal):
    # Third party 10–21 Mar, other organ 17–26 Mar 2025: paused 11 Mar–26 Mar =
    # 11–14 (4), 17–21 (9), 24–26 (12) = 12. 31 Mar + 12: Apr 1–3 (3), 7–11 (8), 14–17 (12)
    # -> Thu 17 Apr 2025.
    state = clock_compute(
        received_on=D(2025, 3, 3),
        events=[
            PauseStarted(on=D(2025, 3, 10), kind=PauseKind.THIRD_PARTY),
            PauseStarted(on=D(2025, 3, 17), kind=PauseKind.OTHER_ORGAN),
            PauseEnded(on=D(2025, 3, 21), kind=PauseKind.THIRD_PARTY),
            PauseEnded(on=D(2025, 3, 26), kind=PauseKind.OTHER_ORGAN),
        ],
        calendar=cal,
    )
    assert state.paused_workdays == 12
    assert state.due_on == D(2025, 4, 17)


# --- extension (Art. 33) -----------------------------------------------------------------------


def test_an_extension_adds_up_to_twenty_working_days_across_labour_day(cal):
    # Due Mon 14 Apr 2025 after the consultation above; extended by 20 on Tue 1 Apr:
    # Apr 15–18 = 1–4, 21–25 = 5–9, Sun 27 Apr (make-up) = 10, 28–30 = 11–13, 1–5 May off,
    # May 6–9 = 14–17, 12, 13, Wed 14 May = 18–20.
    state = clock_compute(
        received_on=D(2025, 3, 3),
        events=[
            PauseStarted(on=D(2025, 3, 10), kind=PauseKind.THIRD_PARTY),
            PauseEnded(on=D(2025, 3, 21), kind=PauseKind.THIRD_PARTY),
            Extended(on=D(2025, 4, 1), days=20),
        ],
        calendar=cal,
    )
    assert state.extended_days == 20
    assert state.due_on == D(2025, 5, 14)


def test_a_second_extension_is_refused(cal):
    with pytest.raises(ValueError, match="只能延长一次"):
        clock_compute(
            received_on=D(2025, 3, 3),
            events=[Extended(on=D(2025, 3, 20), days=5), Extended(on=D(2025, 3, 21), days=5)],
            calendar=cal,
        )


@pytest.mark.parametrize("days", [0, 21])
def test_an_extension_outside_one_to_twenty_days_is_refused(cal, days):
    with pytest.raises(ValueError, match="1 至 20 个工作日"):
        clock_compute(
            received_on=D(2025, 3, 3), events=[Extended(on=D(2025, 3, 20), days=days)], calendar=cal
        )


# --- fees (Art. 42) ------------------------------------------------------------------------------


def test_the_fee_notice_pauses_the_clock_until_payment_across_spring_festival_2026(cal):
    # Received Mon 5 Jan 2026: Jan 6–9 = 1–4, 12–16 = 5–9, 19–23 = 10–14, 26–30 = 15–19,
    # Mon 2 Feb = 20. Fee notice received Fri 9 Jan: pay within 20 working days = Jan 12–16,
    # 19–23, 26–30, Feb 2–6 -> Fri 6 Feb 2026.
    notice = FeeNoticeReceived(on=D(2026, 1, 9))
    waiting = clock_compute(received_on=D(2026, 1, 5), events=[notice], calendar=cal)
    assert waiting.due_on == D(2026, 2, 2)
    assert waiting.fee_payment_by == D(2026, 2, 6)
    assert waiting.paused and waiting.pause_kinds == (PauseKind.FEE,)

    # Paid Wed 4 Feb: paused Jan 12–16, 19–23, 26–30 (15) + Feb 2, 3, 4 = 18 working days.
    # 2 Feb + 18: Feb 3–6 = 1–4, 9–13 = 5–9, Sat 14 (make-up) = 10, 15–23 off (春节),
    # 24–27 = 11–14, Sat 28 (make-up) = 15, Mar 2, 3, Wed 4 Mar = 16–18.
    state = clock_compute(
        received_on=D(2026, 1, 5), events=[notice, FeePaid(on=D(2026, 2, 4))], calendar=cal
    )
    assert state.paused_workdays == 18
    assert state.due_on == D(2026, 3, 4)
    assert state.fee_payment_by is None
    assert not state.warnings


def test_the_fee_period_can_count_in_the_deadline_when_configured(cal):
    # Same case with the local rule that the fee period is counted: due stays Mon 2 Feb 2026.
    state = clock_compute(
        received_on=D(2026, 1, 5),
        events=[FeeNoticeReceived(on=D(2026, 1, 9)), FeePaid(on=D(2026, 2, 4))],
        calendar=cal,
        rules=ClockRules(fee_pauses_clock=False),
    )
    assert state.due_on == D(2026, 2, 2)
    assert not state.paused


def test_it_warns_about_a_fee_paid_after_the_payment_window(cal):
    # Payment window ends Fri 6 Feb 2026 (see above); paid Mon 9 Feb.
    state = clock_compute(
        received_on=D(2026, 1, 5),
        events=[FeeNoticeReceived(on=D(2026, 1, 9)), FeePaid(on=D(2026, 2, 9))],
        calendar=cal,
    )
    assert len(state.warnings) == 1 and "2026-02-06" in state.warnings[0]


# --- impossible sequences -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([CorrectionReceived(on=D(2025, 3, 5))], "未要求补正"),
        (
            [
                CorrectionRequested(on=D(2025, 3, 4)),
                CorrectionReceived(on=D(2025, 3, 6)),
                CorrectionRequested(on=D(2025, 3, 7)),
            ],
            "一次性告知",
        ),
        ([PauseEnded(on=D(2025, 3, 5), kind=PauseKind.THIRD_PARTY)], "未开始"),
        (
            [
                PauseStarted(on=D(2025, 3, 5), kind=PauseKind.OTHER_ORGAN),
                PauseStarted(on=D(2025, 3, 6), kind=PauseKind.OTHER_ORGAN),
            ],
            "重复开始",
        ),
        ([FeePaid(on=D(2025, 3, 5))], "未通知收费"),
        (
            [FeeNoticeReceived(on=D(2025, 3, 5)), FeeNoticeReceived(on=D(2025, 3, 6))],
            "尚未缴费",
        ),
        ([Extended(on=D(2025, 3, 6), days=5), Extended(on=D(2025, 3, 5), days=5)], "先后"),
        ([CorrectionRequested(on=D(2025, 3, 1))], "先后"),
        (
            [CorrectionRequested(on=D(2025, 3, 4)), Extended(on=D(2025, 3, 5), days=5)],
            "等待补正",
        ),
    ],
)
def test_it_refuses_impossible_sequences(cal, events, message):
    with pytest.raises(ValueError, match=message):
        clock_compute(received_on=D(2025, 3, 3), events=events, calendar=cal)
