import datetime as dt
import re

from gongkai.demo import plan
from gongkai.pii.checkdigits import credit_code_is_valid


def test_2011_at_city_scale_is_the_seed_split_exactly():
    joint = plan.year_plan(2011, 9219)
    by_class: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    for (cls, channel), n in joint.items():
        by_class[cls] = by_class.get(cls, 0) + n
        by_channel[channel] = by_channel.get(channel, 0) + n
    # Numbers copied from the seed report's section 二.
    assert by_class == {
        "overview": 267,
        "plans": 62,
        "policies": 557,
        "news": 3896,
        "personnel": 201,
        "finance": 289,
        "enforcement": 1003,
        "other": 2944,
    }
    # Towns 3061 and departments 4112 from the report; 9219 - 3061 - 4112 = 2046 by the government.
    assert by_channel == {"town": 3061, "department": 4112, "government": 2046}


def test_city_scale_totals_start_with_the_seed_year():
    totals = plan.year_totals("city", dt.date(2026, 11, 27))
    assert totals[2011] == 9219
    assert set(totals) == {2011, 2024, 2025, 2026}


def test_a_small_year_keeps_every_class_and_adds_up():
    joint = plan.year_plan(2025, 30)
    assert sum(joint.values()) == 30
    assert {cls for cls, _ch in joint} == set(plan.SEED_2011_CLASSES)


def test_the_city_has_a_government_30_departments_and_32_towns():
    specs = plan.org_specs("city")
    kinds = [s.kind for s in specs]
    assert kinds.count("government") == 1
    assert kinds.count("department") == 30
    assert kinds.count("town") == 32
    assert len({s.code for s in specs}) == len(specs)
    assert all(credit_code_is_valid(s.credit_code) for s in specs)
    assert all("丰城" not in s.name for s in specs)


def test_demo_phone_numbers_are_landlines():
    import random

    rng = random.Random(1)
    for _ in range(50):
        assert re.fullmatch(r"0795-6\d{6}", plan.landline(rng))


def test_fictional_id_numbers_are_never_valid_and_firm_codes_are():
    import random

    from gongkai.pii.checkdigits import is_valid_resident_id

    rng = random.Random(1)
    numbers = [plan.fictional_id_number(rng) for _ in range(500)]
    # 18 characters like a real number, but the check character is wrong on purpose.
    assert all(len(n) == 18 for n in numbers)
    assert not any(is_valid_resident_id(n) for n in numbers)
    assert credit_code_is_valid(plan.firm_credit_code(42))
    assert plan.firm_credit_code(42).startswith("91")  # 9 = 工商, 1 = 企业


def test_activity_years_cover_three_years_and_the_current_one_only_to_date():
    # 2026-07-02 is day 183 of 365: about half of the year has happened.
    years = plan.activity_years("city", dt.date(2026, 7, 2))
    assert [y.year for y in years] == [2024, 2025, 2026]
    # A full year at city scale: 40–80 applications, about the seed's 152 mayor's letters.
    assert all(40 <= y.applications <= 80 and 140 <= y.letters <= 170 for y in years[:2])
    assert all(y.press >= 10 for y in years[:2])
    assert years[2].letters < years[1].letters * 0.6
    assert all(
        y.applications > 0 and y.letters > 0
        for y in plan.activity_years("small", dt.date(2026, 1, 2))
    )
