"""Reading the SQLite database file once when the web server starts.

Right after a restart the operating system has none of the file in memory, and the first search
of each filter at 1,000,000 items reads ~1,600 scattered rows from disk (about a second; see
docs/search.md). One sequential read of the file fills the page cache in seconds (2.6 GB: ~5 s)
and every worker benefits. gunicorn's ``when_ready`` hook (deploy/gunicorn.conf.py) starts it
in a background thread, so the server answers at once; PostgreSQL deployments skip it.

By hand instead of a library: it is one loop over a file (``cat file > /dev/null``), and the
point is to run it inside the server's own start-up.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping

CHUNK = 16 * 1024 * 1024


def sqlite_file_warm(path: str | os.PathLike[str], *, chunk: int = CHUNK) -> int:
    """Read the database file and its WAL once, front to back; the number of bytes read."""
    total = 0
    for name in (os.fspath(path), f"{os.fspath(path)}-wal"):
        try:
            with open(name, "rb") as handle:
                while block := handle.read(chunk):
                    total += len(block)
        except FileNotFoundError:
            continue
    return total


def sqlite_cache_warm_in_background(
    database: Mapping[str, object], *, enabled: bool = True
) -> threading.Thread | None:
    """Start warming the cache when ``database`` (a DATABASES entry) is SQLite and warming is
    ``enabled`` (``GONGKAI_SQLITE_WARM_CACHE``); None when nothing was started."""
    if not enabled or "sqlite3" not in str(database["ENGINE"]):
        return None
    thread = threading.Thread(
        target=sqlite_file_warm, args=(database["NAME"],), name="sqlite-cache-warm", daemon=True
    )
    thread.start()
    return thread
