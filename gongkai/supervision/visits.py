"""Visit statistics without third-party trackers and without keeping visitors' addresses.

Item views are counted by the portal's own view counter (``gongkai.portal.view_counts``), which
buffers views in each process and writes them in batches. When it writes a batch it also hands
the batch to ``visits_record_items``, which adds the counts to today's ``DailyVisits`` rows, so
statistics cost no extra work per page view. The column and org of an item are stored on the
row, so visits per site and per column are plain sums.

Site and column pages (an org's home, its catalogue) can be counted with
``visit_record_page(org_id=…, category_id=…)``, which buffers in the same way and is written by
``visits_flush`` (called from the same flush).

What is stored: a date, an org, a column, an item, a number. No IP address, cookie, user agent or
visitor id is ever stored, so there is nothing personal to expire. This app does not count unique
visitors; if that is ever wanted, the way that keeps to this rule is a hash of (address, a salt
drawn afresh each day), kept only in the cache for that day and never written to the database,
so that yesterday's hashes cannot be linked to anyone once the salt is gone.

A view buffered just before midnight and written just after counts for the new day: the buffer
holds at most ``GONGKAI_VIEW_COUNT_FLUSH_SECONDS`` (60 s) of views, so the error is tiny.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

from django.db.models import F
from django.utils import timezone

from gongkai.catalogue.models import CatalogueItem

from .models import DailyVisits


def _add(*, on: dt.date, org_id: int, category_id: int | None, item_id: int | None, n: int) -> None:
    updated = DailyVisits.objects.filter(
        date=on, org_id=org_id, category_id=category_id, item_id=item_id
    ).update(count=F("count") + n)
    if not updated:
        # Rows are additive (every query sums them), so a concurrent insert is harmless.
        DailyVisits.objects.create(
            date=on, org_id=org_id, category_id=category_id, item_id=item_id, count=n
        )


def visits_record_items(counts: dict[int, int], *, on: dt.date | None = None) -> int:
    """Add a batch of item views {item id: views} to the day's statistics; returns the views."""
    if not counts:
        return 0

    on = on or timezone.localdate()
    total = 0
    for item_id, org_id, category_id in CatalogueItem.objects.filter(
        pk__in=list(counts)
    ).values_list("id", "org_id", "category_id"):
        n = counts[item_id]
        _add(on=on, org_id=org_id, category_id=category_id, item_id=item_id, n=n)
        total += n
    return total


class _PageBuffer:
    def __init__(self, max_age: float = 60.0) -> None:
        self.max_age = max_age
        self._pending: dict[tuple[int, int | None], int] = {}
        self._since = time.monotonic()
        self._lock = threading.Lock()

    def add(self, key: tuple[int, int | None]) -> dict[tuple[int, int | None], int]:
        with self._lock:
            self._pending[key] = self._pending.get(key, 0) + 1
            if time.monotonic() - self._since < self.max_age:
                return {}
            return self._take()

    def take_all(self) -> dict[tuple[int, int | None], int]:
        with self._lock:
            return self._take()

    def _take(self) -> dict[tuple[int, int | None], int]:
        due, self._pending, self._since = self._pending, {}, time.monotonic()
        return due


_pages = _PageBuffer()


def _write_pages(due: dict[tuple[int, int | None], int], on: dt.date | None = None) -> int:
    on = on or timezone.localdate()
    for (org_id, category_id), n in due.items():
        _add(on=on, org_id=org_id, category_id=category_id, item_id=None, n=n)
    return sum(due.values())


def visit_record_page(*, org_id: int, category_id: int | None = None) -> None:
    """Count one view of an org's site page (``category_id`` for a column page)."""
    due = _pages.add((org_id, category_id))
    if due:
        _write_pages(due)


def visits_flush(*, on: dt.date | None = None) -> int:
    """Write this process's buffered page views."""
    return _write_pages(_pages.take_all(), on)
