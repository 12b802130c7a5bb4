"""Information-processing fees (信息处理费): Art. 42 and the 2020 measures (国办函〔2020〕109号).

Pure arithmetic. Both methods are progressive on the excess only, like income tax brackets:
each band's price applies to the part of the count that falls in the band. An org picks ONE
method per application; whether to charge at all is a decision for staff, not for this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FeeMethod(StrEnum):
    PER_REQUEST = "per_request"
    PER_PAGE = "per_page"


FEE_METHOD_LABELS: dict[FeeMethod, str] = {
    FeeMethod.PER_REQUEST: "按件计收",
    FeeMethod.PER_PAGE: "按量计收",
}

# Per page (per application): (first page, last page or None, yuan per page).
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)

REQUESTS_FREE = 10  # 1st–10th request of a calendar month: free
REQUESTS_FIRST_PAID_LAST = 30  # 11th–30th: 100 yuan each
REQUEST_BASE_PRICE = 100
REQUEST_BAND_SIZE = 10  # from the 31st: every further 10 requests cost 100 yuan more each


@dataclass(frozen=True, kw_only=True)
class FeeBand:
    first: int
    last: int
    unit_price: int  # yuan
    unit: str  # 件 or 页

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> int:
        return self.count * self.unit_price

    @property
    def label(self) -> str:
        span = (
            f"第 {self.first} {self.unit}"
            if self.first == self.last
            else (f"第 {self.first}—{self.last} {self.unit}")
        )
        if self.unit_price == 0:
            return f"{span}：共 {self.count} {self.unit}，不收费"
        return f"{span}：{self.count} {self.unit} × {self.unit_price} 元 = {self.amount} 元"


@dataclass(frozen=True, kw_only=True)
class Fee:
    method: FeeMethod
    amount: int  # yuan
    bands: tuple[FeeBand, ...]

    @property
    def breakdown(self) -> tuple[str, ...]:
        """One Chinese line per band, then the total."""
        label = FEE_METHOD_LABELS[self.method]
        return (*(b.label for b in self.bands), f"{label}合计：{self.amount} 元")


def request_unit_price(*, nth: int) -> int:
    """Price in yuan of the ``nth`` request an applicant files in one calendar month."""
    if nth < 1:
        raise ValueError("申请件数从第 1 件起计算")
    if nth <= REQUESTS_FREE:
        return 0
    if nth <= REQUESTS_FIRST_PAID_LAST:
        return REQUEST_BASE_PRICE
    # 31–40 is the first further band (200), 41–50 the second (300), ...
    band = (nth - REQUESTS_FIRST_PAID_LAST - 1) // REQUEST_BAND_SIZE + 1
    return REQUEST_BASE_PRICE * (band + 1)


def _request_band_of(nth: int) -> tuple[int, int]:
    if nth <= REQUESTS_FREE:
        return 1, REQUESTS_FREE
    if nth <= REQUESTS_FIRST_PAID_LAST:
        return REQUESTS_FREE + 1, REQUESTS_FIRST_PAID_LAST
    k = (nth - REQUESTS_FIRST_PAID_LAST - 1) // REQUEST_BAND_SIZE
    first = REQUESTS_FIRST_PAID_LAST + 1 + k * REQUEST_BAND_SIZE
    return first, first + REQUEST_BAND_SIZE - 1


def fee_per_request(*, nth: int) -> Fee:
    """Fee (按件计收) for the applicant's ``nth`` request in the calendar month."""
    price = request_unit_price(nth=nth)
    return Fee(
        method=FeeMethod.PER_REQUEST,
        amount=price,
        bands=(FeeBand(first=nth, last=nth, unit_price=price, unit="件"),),
    )


def fee_per_request_month(*, requests: int) -> Fee:
    """Total 按件计收 fee for ``requests`` requests by one applicant in one calendar month."""
    if requests < 0:
        raise ValueError("申请件数不能为负数")
    bands: list[FeeBand] = []
    nth = 1
    while nth <= requests:
        first, last = _request_band_of(nth)
        last = min(last, requests)
        bands.append(
            FeeBand(first=first, last=last, unit_price=request_unit_price(nth=first), unit="件")
        )
        nth = last + 1
    return Fee(
        method=FeeMethod.PER_REQUEST, amount=sum(b.amount for b in bands), bands=tuple(bands)
    )


def fee_per_page(*, pages: int) -> Fee:
    """Fee (按量计收) for one application of ``pages`` pages (A4 equivalent)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    bands = []
    for first, last, price in PAGE_BANDS:
        if pages < first:
            break
        top = pages if last is None else min(last, pages)
        bands.append(FeeBand(first=first, last=top, unit_price=price, unit="页"))
    return Fee(method=FeeMethod.PER_PAGE, amount=sum(b.amount for b in bands), bands=tuple(bands))
