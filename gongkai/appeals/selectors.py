"""Reads of the case register: scoped listings and the "corrected on review" rate.

The rate is what the general office watches: of the cases about an org's OGI work that were
decided, how many ended with the org's act corrected (纠正). It counts the same cases as
section 四 of the annual report (filed in the year, result reached by 31 December).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from gongkai.orgs.scoping import filter_by_org

from .models import Appeal


@dataclass(frozen=True, slots=True)
class CorrectedRate:
    org_id: int
    decided: int
    corrected: int

    @property
    def rate(self) -> Decimal | None:
        """Share corrected, as a percentage with one decimal; None when nothing was decided."""
        return corrected_rate(corrected=self.corrected, decided=self.decided)


def corrected_rate(*, corrected: int, decided: int) -> Decimal | None:
    if decided <= 0:
        return None
    return (Decimal(100) * corrected / decided).quantize(Decimal("0.1"), ROUND_HALF_UP)


def appeal_list(*, user, org_id: int | None = None) -> QuerySet[Appeal]:
    qs = filter_by_org(Appeal.objects.select_related("org", "application"), user)
    if org_id is not None:
        qs = qs.filter(org_id=org_id)
    return qs


def corrected_rates(*, org_ids: set[int] | None, year: int) -> dict[int, CorrectedRate]:
    """Per org: cases filed in ``year`` decided by 31 December, and how many were corrected."""
    end = dt.date(year, 12, 31)
    qs = Appeal.objects.filter(filed_on__year=year)
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    reached = ~Q(result="") & (Q(concluded_on__isnull=True) | Q(concluded_on__lte=end))
    rows = qs.values("org_id").annotate(
        decided=Count("id", filter=reached),
        corrected=Count("id", filter=reached & Q(result="corrected")),
    )
    return {
        r["org_id"]: CorrectedRate(
            org_id=r["org_id"], decided=r["decided"], corrected=r["corrected"]
        )
        for r in rows
    }
