"""System check of the catalogue's settings (see gongkai/core/checks.py): before, a
``GONGKAI_INDEX_NUMBER_PATTERN`` without ``{serial}`` was accepted until the first item was
numbered, and one without ``{year}`` would have issued last year's numbers again."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from .index_numbers import validate_pattern


@register()
def check_index_number_pattern(app_configs=None, **kwargs) -> list[Error]:
    """GONGKAI_INDEX_NUMBER_PATTERN must make valid, unique 索引号 (catalogue.E001)."""
    pattern = settings.GONGKAI_INDEX_NUMBER_PATTERN
    try:
        validate_pattern(pattern)
    except ValueError as error:
        return [
            Error(
                f"GONGKAI_INDEX_NUMBER_PATTERN={pattern!r} is not valid: {error}",
                hint="Use {prefix}, {year}, {month} and {serial}, e.g. "
                "'{prefix}/{year}-{serial:05d}' (the default).",
                id="catalogue.E001",
            )
        ]
    return []
