"""索引号 (index number) formatting. Pure: the counter lives in the database."""

from __future__ import annotations

import re

_ALLOWED_FIELDS = {"prefix", "year", "month", "serial"}


def format_index_number(pattern: str, *, prefix: str, year: int, month: int, serial: int) -> str:
    """Fill the configured pattern, e.g. ``{prefix}/{year}-{serial:05d}``.

    >>> format_index_number("{prefix}/{year}-{serial:05d}", prefix="000014349", year=2018,
    ...                     month=3, serial=222)
    '000014349/2018-00222'
    """
    return pattern.format(prefix=prefix, year=year, month=f"{month:02d}", serial=serial)


def validate_pattern(pattern: str) -> None:
    """Raise ValueError unless the pattern names only known fields and includes the serial."""
    fields = set(re.findall(r"{(\w+)", pattern))
    unknown = fields - _ALLOWED_FIELDS
    if unknown:
        raise ValueError(f"索引号格式含未知字段：{', '.join(sorted(unknown))}")
    if "serial" not in fields or "prefix" not in fields:
        raise ValueError("索引号格式必须包含 {prefix} 和 {serial}")
