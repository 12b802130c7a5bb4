"""访问量 without a database write per view.

Each process keeps a small buffer {item id: (pending views, first buffered at)}. A view adds to
the buffer; when an entry is older than ``GONGKAI_VIEW_COUNT_FLUSH_SECONDS`` or holds
``THRESHOLD`` views it is written with one ``UPDATE … SET view_count = view_count + n`` per item.
The displayed count is the stored count plus this process's pending views, so a visitor always
sees their own view counted.

Limits, on purpose: pending views of one process are invisible to the others until flushed,
and a process killed hard loses at most one interval of counts. ``flush_view_counts()`` (called
by ``tick`` and at interpreter exit) empties the buffer of the process it runs in; the web
processes flush their own stale entries on the next view they serve.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import models, transaction

from gongkai.catalogue.models import CatalogueItem
from gongkai.supervision.visits import visits_record_items

THRESHOLD = 100


class ViewCountBuffer:
    """Thread-safe pending view counts. Pure: the clock and the writer are passed in."""

    def __init__(
        self,
        *,
        max_age: float,
        threshold: int = THRESHOLD,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age = max_age
        self.threshold = threshold
        self.clock = clock
        self._pending: dict[int, list[float]] = {}  # id -> [count, first_at]
        self._oldest = float("inf")
        self._lock = threading.Lock()

    def add(self, item_id: int, n: int = 1) -> dict[int, int]:
        """Count ``n`` views; return the counts that are now due to be written (and forget them)."""
        now = self.clock()
        with self._lock:
            entry = self._pending.get(item_id)
            if entry is None:
                self._pending[item_id] = [n, now]
                self._oldest = min(self._oldest, now)
            else:
                entry[0] += n
            due: dict[int, int] = {}
            if self._pending[item_id][0] >= self.threshold:
                due[item_id] = int(self._pending.pop(item_id)[0])
            if now - self._oldest >= self.max_age:
                due.update(self._take_older_than(now - self.max_age))
            return due

    def pending(self, item_id: int) -> int:
        entry = self._pending.get(item_id)
        return int(entry[0]) if entry else 0

    def take_all(self) -> dict[int, int]:
        with self._lock:
            due = {item_id: int(entry[0]) for item_id, entry in self._pending.items()}
            self._pending.clear()
            self._oldest = float("inf")
            return due

    def _take_older_than(self, cutoff: float) -> dict[int, int]:
        due = {k: int(v[0]) for k, v in self._pending.items() if v[1] <= cutoff}
        for k in due:
            del self._pending[k]
        self._oldest = min((v[1] for v in self._pending.values()), default=float("inf"))
        return due


def _write(counts: dict[int, int]) -> int:
    """One UPDATE per item, all in one transaction; returns the number of views written.

    One transaction, because a flush runs inside the request that triggers it: when visitors
    spread over many items (hundreds due at once), a commit per statement kept that request
    waiting for hundreds of SQLite write locks (p99 of 2 s in bench/portal).
    """
    with transaction.atomic():
        for item_id, n in counts.items():
            CatalogueItem.objects.filter(pk=item_id).update(view_count=models.F("view_count") + n)
        # Daily visit statistics (supervision app): the same batch, per day and item.
        visits_record_items(counts)
    return sum(counts.values())


_buffer = ViewCountBuffer(max_age=getattr(settings, "GONGKAI_VIEW_COUNT_FLUSH_SECONDS", 60))


def view_count_record(item_id: int) -> None:
    """Count one view of an item (usually no database work)."""
    due = _buffer.add(item_id)
    if due:
        _write(due)


def view_count_pending(item_id: int) -> int:
    return _buffer.pending(item_id)


def flush_view_counts() -> int:
    """Write every pending view of this process to the database; returns how many."""
    due = _buffer.take_all()
    return _write(due) if due else 0


def _flush_at_exit() -> None:
    # Best effort at shutdown: the database may already be gone.
    with contextlib.suppress(Exception):
        flush_view_counts()


atexit.register(_flush_at_exit)
