"""manage.py rebuild_search_index: empty the search index and index every public item again."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand

from gongkai.search.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from all public catalogue items, in batches."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=200, help="items per batch")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, batch_size: int, no_progress: bool, **options) -> None:
        started = time.monotonic()
        show = not no_progress and options.get("verbosity", 1) > 0

        def progress(done: int, total: int) -> None:
            if not show:
                return
            width = 30
            filled = width * done // total if total else width
            rate = done / max(time.monotonic() - started, 1e-6)
            sys.stderr.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} ({rate:.0f}/s)"
            )
            sys.stderr.flush()

        count = search_rebuild(batch_size=max(batch_size, 1), progress=progress)
        if show:
            sys.stderr.write("\n")
        self.stdout.write(f"Indexed {count} items in {time.monotonic() - started:.1f} s.")
