"""Parsing the catalogue's query string: pure functions, no database.

Bad values are dropped rather than rejected: a citizen following an old or mistyped link
should still get the catalogue, just less filtered.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
MIN_YEAR = 1949
MAX_YEAR = 2999


@dataclass(frozen=True, slots=True)
class CatalogueFilter:
    category: str = ""
    topic: str = ""
    year: int | None = None

    def querystring(self, **changes: object) -> str:
        """The query string for this filter with ``changes`` applied (None/"" removes a key)."""
        values: dict[str, object] = {
            "category": self.category,
            "topic": self.topic,
            "year": self.year,
        }
        values.update(changes)
        return urlencode([(k, v) for k, v in values.items() if v not in (None, "")])


def _slug(value: object) -> str:
    text = str(value or "").strip()
    return text if _SLUG.match(text) else ""


def _year(value: object) -> int | None:
    text = str(value or "").strip()
    if not text.isdigit() or len(text) != 4:
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def parse_catalogue_filter(params: Mapping[str, object]) -> CatalogueFilter:
    return CatalogueFilter(
        category=_slug(params.get("category")),
        topic=_slug(params.get("topic")),
        year=_year(params.get("year")),
    )


def attachment_filename(*, title: str, kind: str, stored_name: str) -> str:
    """The name a downloaded attachment should carry: its title plus the file's extension.

    Uploads are stored under generated paths, so the title (what the editor typed, usually the
    original file name) is the best original name we have.
    """
    basename = stored_name.rsplit("/", 1)[-1]
    ext = (kind or (basename.rsplit(".", 1)[-1] if "." in basename else "")).lower()
    base = title.strip() or basename
    if ext and not base.lower().endswith("." + ext):
        return f"{base}.{ext}"
    return base


def human_size(size: int) -> str:
    """File sizes the way portal visitors read them (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB"):
        value /= 1024
        if value < 1024:
            return f"{value:.1f} {unit}"
    return f"{value / 1024:.1f} GB"
