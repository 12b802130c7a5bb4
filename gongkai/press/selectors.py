"""Reads: the public column and yearly counts for the annual report."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from gongkai.orgs.models import Org

from .models import Kind, PressConference
from .rules import counts_sentence


def press_public() -> QuerySet[PressConference]:
    return PressConference.objects.public().select_related("host_org")


def press_yearly_counts(*, year: int, org: Org | None = None) -> dict[str, int]:
    """Public (held and recorded) events per kind in ``year``, hosted by ``org`` if given."""
    qs = PressConference.objects.public().filter(held_on__year=year)
    if org is not None:
        qs = qs.filter(host_org=org)
    counts = {k: 0 for k in Kind.values}
    for row in qs.values("kind").annotate(n=Count("id")):
        counts[row["kind"]] = row["n"]
    return counts


def press_yearly_sentence(*, year: int, org: Org | None = None) -> str:
    return counts_sentence(press_yearly_counts(year=year, org=org))
