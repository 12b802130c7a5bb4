"""Information-processing fees: amounts computed by hand from the 2020 measures."""

from __future__ import annotations

import pytest

from gongkai.applications.fees import (
    FeeMethod,
    fee_per_page,
    fee_per_request,
    fee_per_request_month,
    request_unit_price,
)


@pytest.mark.parametrize(
    ("nth", "yuan"),
    [
        (1, 0),  # 1–10 free
        (10, 0),
        (11, 100),  # 11–30: 100 each
        (30, 100),
        (31, 200),  # 31–40: 200
        (40, 200),
        (41, 300),  # 41–50: 300
        (50, 300),
        (51, 400),  # 51–60: 400
    ],
)
def test_it_prices_the_nth_request_of_the_month(nth, yuan):
    assert request_unit_price(nth=nth) == yuan
    fee = fee_per_request(nth=nth)
    assert fee.amount == yuan
    assert fee.method is FeeMethod.PER_REQUEST


def test_it_totals_a_month_of_requests_progressively():
    # 50 requests: 10 × 0 + 20 × 100 + 10 × 200 + 10 × 300 = 0 + 2000 + 2000 + 3000 = 7000.
    fee = fee_per_request_month(requests=50)
    assert fee.amount == 7000
    assert fee.breakdown == (
        "第 1—10 件：共 10 件，不收费",
        "第 11—30 件：20 件 × 100 元 = 2000 元",
        "第 31—40 件：10 件 × 200 元 = 2000 元",
        "第 41—50 件：10 件 × 300 元 = 3000 元",
        "按件计收合计：7000 元",
    )
    # 35 requests: 0 + 20 × 100 + 5 × 200 = 3000.
    assert fee_per_request_month(requests=35).amount == 3000
    # 10 requests: all free.
    assert fee_per_request_month(requests=10).amount == 0


@pytest.mark.parametrize(
    ("pages", "yuan"),
    [
        (0, 0),
        (30, 0),  # 1–30 free
        (31, 10),  # one page at 10
        (100, 700),  # 70 × 10
        (101, 720),  # 700 + 1 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 1 × 40
        (250, 4700),  # 70 × 10 + 100 × 20 + 50 × 40 = 700 + 2000 + 2000
    ],
)
def test_it_prices_pages_progressively_on_the_excess_only(pages, yuan):
    assert fee_per_page(pages=pages).amount == yuan


def test_it_explains_a_per_page_fee_band_by_band():
    assert fee_per_page(pages=250).breakdown == (
        "第 1—30 页：共 30 页，不收费",
        "第 31—100 页：70 页 × 10 元 = 700 元",
        "第 101—200 页：100 页 × 20 元 = 2000 元",
        "第 201—250 页：50 页 × 40 元 = 2000 元",
        "按量计收合计：4700 元",
    )


def test_it_refuses_impossible_counts():
    with pytest.raises(ValueError):
        fee_per_request(nth=0)
    with pytest.raises(ValueError):
        fee_per_page(pages=-1)
