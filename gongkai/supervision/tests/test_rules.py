"""Pure rules: each threshold crossed with real dates, worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.supervision.charts import bar_chart_svg, line_chart_svg, score_bands
from gongkai.supervision.rules import (
    ColumnRules,
    ColumnStatus,
    IndicatorRule,
    SiteCounts,
    add_months,
    column_state,
    inspection_verdict,
    message_approaching_limit,
    message_unanswered_too_long,
    on_time_rate,
    period_containing,
    period_parse,
    periods_back,
    rank,
    score_compute,
)

D = dt.date


# --- News columns: "over 2 weeks" ------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status", "days_left"),
    [
        # Last update 1 March 2024. 12 March is 11 days later: 3 days of freshness left, no warning.
        (D(2024, 3, 12), ColumnStatus.OK, 3),
        # 13 March: 2 days left, inside the 3-day warning window.
        (D(2024, 3, 13), ColumnStatus.WARN, 2),
        # 15 March is exactly 14 days later: still not "over 2 weeks" (last fresh day).
        (D(2024, 3, 15), ColumnStatus.WARN, 0),
        # 16 March is 15 days later: over 2 weeks, stale.
        (D(2024, 3, 16), ColumnStatus.STALE, -1),
    ],
)
def test_a_news_column_goes_stale_after_fourteen_days(today, status, days_left):
    state = column_state(freshness="news", last_published=D(2024, 3, 1), today=today)
    assert state.status == status
    assert state.days_left == days_left
    assert state.stale_from == D(2024, 3, 16)


def test_a_news_column_updated_today_is_fine():
    state = column_state(freshness="news", last_published=D(2024, 3, 1), today=D(2024, 3, 1))
    assert state.status == ColumnStatus.OK and state.days_left == 14


# --- Notice/policy columns: "6 months" ------------------------------------------------------


def test_a_notice_column_is_fresh_for_six_calendar_months_in_a_leap_year():
    # 31 August 2023 + 6 months → 29 February 2024 (2024 is a leap year; 31 clamps to 29).
    last = D(2023, 8, 31)
    assert column_state(freshness="notice", last_published=last, today=D(2024, 2, 29)).status == (
        ColumnStatus.WARN
    )
    stale = column_state(freshness="notice", last_published=last, today=D(2024, 3, 1))
    assert stale.status == ColumnStatus.STALE
    assert stale.stale_from == D(2024, 3, 1)


def test_a_notice_column_month_end_clamps_to_28_february_in_a_common_year():
    # 31 August 2022 + 6 months → 28 February 2023; stale from 1 March 2023.
    state = column_state(freshness="notice", last_published=D(2022, 8, 31), today=D(2023, 2, 1))
    assert state.stale_from == D(2023, 3, 1)
    assert state.status == ColumnStatus.OK  # 27 days left


def test_add_months_crosses_the_year():
    assert add_months(D(2024, 11, 30), 3) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 15), -2) == D(2023, 11, 15)


# --- Other columns, blank columns -----------------------------------------------------------


def test_an_other_column_never_goes_stale_by_default():
    state = column_state(freshness="other", last_published=D(2011, 1, 1), today=D(2024, 6, 1))
    assert state.status == ColumnStatus.OK


def test_an_other_column_goes_stale_when_the_office_configures_a_limit():
    rules = ColumnRules(other_days=365)
    # 2023-06-01 + 365 days = 2024-05-31 (2024 leap day in between): fresh that day, stale after.
    last = D(2023, 6, 1)
    assert (
        column_state(
            freshness="other", last_published=last, today=D(2024, 5, 31), rules=rules
        ).status
        == ColumnStatus.WARN
    )
    assert (
        column_state(
            freshness="other", last_published=last, today=D(2024, 6, 1), rules=rules
        ).status
        == ColumnStatus.STALE
    )


def test_an_empty_column_is_blank_unless_allowed():
    assert column_state(freshness="news", last_published=None, today=D(2024, 1, 1)).status == (
        ColumnStatus.BLANK
    )
    allowed = column_state(
        freshness="news", last_published=None, today=D(2024, 1, 1), must_not_be_empty=False
    )
    assert allowed.status == ColumnStatus.EMPTY_ALLOWED


# --- Inspection verdict ----------------------------------------------------------------------


def _counts(**kw):
    base = {
        "home_last_updated": D(2024, 3, 10),
        "stale_news_notice": 0,
        "should_update": 0,
        "blank": 0,
    }
    base.update(kw)
    return SiteCounts(**base)


def test_the_home_page_fails_after_two_weeks_without_update():
    # Home last updated 1 March: 15 March is 14 days (passes), 16 March is 15 days (fails).
    assert inspection_verdict(_counts(home_last_updated=D(2024, 3, 1)), today=D(2024, 3, 15)).passes
    verdict = inspection_verdict(_counts(home_last_updated=D(2024, 3, 1)), today=D(2024, 3, 16))
    assert not verdict.passes
    assert verdict.reasons == ("首页已15天未更新（超过14天）",)


@pytest.mark.parametrize(
    ("field", "below", "at"),
    [("stale_news_notice", 4, 5), ("should_update", 9, 10), ("blank", 4, 5)],
)
def test_each_column_count_fails_at_its_national_threshold(field, below, at):
    today = D(2024, 3, 12)
    ok = inspection_verdict(_counts(**{field: below}), today=today)
    assert ok.passes
    assert len(ok.risks) == 1  # one short of failing: shown as a risk
    failed = inspection_verdict(_counts(**{field: at}), today=today)
    assert not failed.passes
    assert len(failed.reasons) == 1


def test_one_message_unanswered_over_three_months_fails_the_site():
    verdict = inspection_verdict(_counts(unanswered_over_limit=1), today=D(2024, 3, 12))
    assert not verdict.passes
    assert "留言" in verdict.reasons[0]


def test_all_reasons_are_listed_together():
    verdict = inspection_verdict(
        _counts(home_last_updated=None, stale_news_notice=5, should_update=10, blank=5),
        today=D(2024, 3, 12),
    )
    assert len(verdict.reasons) == 4


# --- Messages ------------------------------------------------------------------------------


def test_a_message_is_over_three_months_the_day_after_the_limit():
    # Received 15 January 2024: 3 months later is 15 April. Unanswered on 15 April: not yet.
    assert not message_unanswered_too_long(
        received=D(2024, 1, 15), replied=None, today=D(2024, 4, 15)
    )
    assert message_unanswered_too_long(received=D(2024, 1, 15), replied=None, today=D(2024, 4, 16))
    # Answered late (16 April) still counts, even when checked later in the year.
    assert message_unanswered_too_long(
        received=D(2024, 1, 15), replied=D(2024, 4, 16), today=D(2024, 9, 1)
    )
    # Answered on 15 April: in time.
    assert not message_unanswered_too_long(
        received=D(2024, 1, 15), replied=D(2024, 4, 15), today=D(2024, 9, 1)
    )


def test_only_messages_of_the_past_year_count():
    # 365 days before 2 March 2024 is 3 March 2023 (29 February 2024 lies in between), so a
    # letter of 2 March 2023 is outside the past year and one of 3 March 2023 inside it.
    assert not message_unanswered_too_long(
        received=D(2023, 3, 2), replied=None, today=D(2024, 3, 2)
    )
    assert message_unanswered_too_long(received=D(2023, 3, 3), replied=None, today=D(2024, 3, 2))


def test_a_message_approaching_the_limit_is_flagged_in_the_last_two_weeks():
    # Limit 15 April; 2 April is 13 days before (inside 14), 1 April is 14 days before (outside).
    assert message_approaching_limit(received=D(2024, 1, 15), replied=None, today=D(2024, 4, 2))
    assert not message_approaching_limit(received=D(2024, 1, 15), replied=None, today=D(2024, 4, 1))


# --- Periods -------------------------------------------------------------------------------


def test_periods_parse_to_their_calendar_bounds():
    q = period_parse("2024-Q1")
    assert (q.start, q.end, q.label) == (D(2024, 1, 1), D(2024, 3, 31), "2024年第1季度")
    m = period_parse("2024-02")
    assert (m.start, m.end) == (D(2024, 2, 1), D(2024, 2, 29))
    y = period_parse("2023")
    assert (y.start, y.end) == (D(2023, 1, 1), D(2023, 12, 31))
    assert q.previous().key == "2023-Q4"


@pytest.mark.parametrize("bad", ["2024-13", "2024-Q5", "24", "2024Q1", ""])
def test_a_bad_period_is_refused(bad):
    with pytest.raises(ValueError):
        period_parse(bad)


def test_periods_back_lists_the_last_quarters_oldest_first():
    keys = [p.key for p in periods_back("quarter", until=D(2024, 5, 10), count=4)]
    assert keys == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]
    assert period_containing("month", D(2024, 12, 31)).end == D(2024, 12, 31)


# --- Scoring -------------------------------------------------------------------------------


def test_scores_deduct_per_unit_up_to_the_weight_or_cap():
    indicators = [
        IndicatorRule("stale_columns", "栏目更新", Decimal(20), Decimal(2)),
        IndicatorRule("blank_columns", "栏目建设", Decimal(15), Decimal(3), cap=Decimal(5)),
        IndicatorRule("late_items", "时效", Decimal(10), Decimal("0.5")),
    ]
    # 3 stale columns: 20 - 3×2 = 14. 3 blank: 3×3 = 9 capped at 5 → 10. 25 late: 12.5 > 10 → 0.
    result = score_compute(
        indicators=indicators, measures={"stale_columns": 3, "blank_columns": 3, "late_items": 25}
    )
    assert [line.score for line in result.lines] == [Decimal(14), Decimal(10), Decimal(0)]
    assert result.total == Decimal(24)
    assert result.maximum == Decimal(45)


def test_a_missing_measure_deducts_nothing():
    indicators = [IndicatorRule("site_findings", "检查", Decimal(10), Decimal(1))]
    assert score_compute(indicators=indicators, measures={}).total == Decimal(10)


def test_equal_scores_share_a_rank():
    assert rank({1: Decimal(90), 2: Decimal(85), 3: Decimal(90), 4: Decimal(70)}) == {
        1: 1,
        3: 1,
        2: 3,
        4: 4,
    }


def test_on_time_rate_is_a_percentage_to_one_decimal():
    assert on_time_rate(concluded=50, on_time=49) == Decimal("98.0")
    assert on_time_rate(concluded=3, on_time=2) == Decimal("66.7")
    assert on_time_rate(concluded=0, on_time=0) is None


# --- Charts --------------------------------------------------------------------------------


def test_charts_carry_a_title_and_a_description_and_escape_labels():
    svg = bar_chart_svg(title="得分<排名>", labels=["A&B", "C"], values=[90, 75.5], unit="分")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "得分&lt;排名&gt;" in svg
    assert "A&amp;B：90分；C：75.5分" in svg  # the description states the data
    line = line_chart_svg(title="趋势", x_labels=["Q1", "Q2"], series={"财政局": [80, None]})
    assert "财政局：Q1 80，Q2 无" in line


def test_score_bands_count_orgs_per_band():
    # 59.9 → <60; 60 → 60–69; 85 and 89.99 → 80–89; 90 and 100 → ≥90.
    assert score_bands([59.9, 60, 85, 89.99, 90, 100]) == [
        ("<60", 1),
        ("60–69", 1),
        ("70–79", 0),
        ("80–89", 2),
        ("≥90", 2),
    ]
