"""The one place supervision reads the mailbox app (letters to the mayor): the mailbox's own
figures, in the shape supervision's pages and scoreboard use."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from gongkai.mailbox.models import Letter
from gongkai.mailbox.selectors import figures_by_org, mailbox_figures

from .rules import ColumnRules, message_approaching_limit, message_unanswered_too_long


@dataclass(frozen=True)
class LetterFlags:
    over_limit: int = 0  # received in the past year, unanswered over 3 months (fails a site)
    approaching: int = 0  # unanswered, within two weeks of the 3-month limit


def letters_flags_by_org(
    *, today: dt.date, org_ids: set[int] | None = None, rules: ColumnRules | None = None
) -> dict[int, LetterFlags]:
    """Per handling org: letters left unanswered over 3 months, and those approaching it.

    One query over the letters received in the past year (plus the 3 months before, which may
    still be open): a city receives thousands a year, not millions, so the rule runs in Python.
    """
    tz = timezone.get_current_timezone()
    since = dt.datetime.combine(today - dt.timedelta(days=365), dt.time.min, tzinfo=tz)
    qs = Letter.objects.filter(received_at__gte=since, assigned_org__isnull=False)
    if org_ids is not None:
        qs = qs.filter(assigned_org__in=org_ids)
    over: dict[int, int] = defaultdict(int)
    near: dict[int, int] = defaultdict(int)
    for org_id, received_at, replied_at in qs.values_list(
        "assigned_org_id", "received_at", "first_replied_at"
    ).iterator():
        received = timezone.localdate(received_at, tz)
        replied = timezone.localdate(replied_at, tz) if replied_at else None
        if message_unanswered_too_long(
            received=received, replied=replied, today=today, rules=rules
        ):
            over[org_id] += 1
        elif message_approaching_limit(received=received, replied=replied, today=today):
            near[org_id] += 1
    return {
        org_id: LetterFlags(over_limit=over.get(org_id, 0), approaching=near.get(org_id, 0))
        for org_id in set(over) | set(near)
    }


def mailbox_figures_for(*, start: dt.date, end: dt.date, org=None) -> dict[str, object]:
    """The mailbox's own figures (letters, replied, on time, average working days to reply,
    satisfaction) for an org, or for every letter when ``org`` is None."""
    figures = mailbox_figures(start=start, end=end, org=org)
    return {
        "letters": figures.letters,
        "replied": figures.replied,
        "replied_on_time": figures.replied_on_time,
        "average_reply_workdays": figures.average_reply_workdays,
        "rated": figures.rated,
        "satisfied": figures.satisfied,
        "on_time_rate": figures.on_time_rate,
        "satisfaction_rate": figures.satisfaction_rate,
    }


def mailbox_figures_by_org(*, start: dt.date, end: dt.date) -> dict[int, dict[str, object]]:
    """``mailbox_figures_for`` for every org that handled a letter received in the period."""
    return {
        org.pk: {
            "letters": f.letters,
            "replied": f.replied,
            "replied_on_time": f.replied_on_time,
            "average_reply_workdays": f.average_reply_workdays,
            "rated": f.rated,
            "satisfied": f.satisfied,
            "on_time_rate": f.on_time_rate,
            "satisfaction_rate": f.satisfaction_rate,
        }
        for org, f in figures_by_org(start=start, end=end)
    }
