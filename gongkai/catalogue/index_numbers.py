"""索引号 (index number) formatting. Pure: the counter lives in the database."""

from __future__ import annotations

import string

_ALLOWED_FIELDS = {"prefix", "year", "month", "serial"}


def format_index_number(pattern: str, *, prefix: str, year: int, month: int, serial: int) -> str:
    """Fill the configured pattern, e.g. ``{prefix}/{year}-{serial:05d}``.

    >>> format_index_number("{prefix}/{year}-{serial:05d}", prefix="000014349", year=2018,
    ...                     month=3, serial=222)
    '000014349/2018-00222'
    """
    return pattern.format(prefix=prefix, year=year, month=f"{month:02d}", serial=serial)


def validate_pattern(pattern: str) -> None:
    """Raise ValueError (with a Chinese message) unless the pattern makes unique numbers.

    It must name only known fields and contain {prefix}, {year} and {serial}: serials are
    counted per prefix and year (per month when the pattern has {month}), so a pattern without
    the year would issue the same number again next year. A bad format spec such as
    ``{serial:5q}`` is caught here too, not when the first item is numbered.
    """
    try:
        fields = [
            name for _t, name, _s, _c in string.Formatter().parse(pattern) if name is not None
        ]
    except ValueError as error:
        raise ValueError(f"索引号格式有误（括号不配对？）：{error}") from None
    unknown = sorted({name or "{}" for name in fields} - _ALLOWED_FIELDS)
    if unknown:
        raise ValueError(f"索引号格式含未知字段：{'、'.join(unknown)}")
    missing = [f"{{{name}}}" for name in ("prefix", "year", "serial") if name not in fields]
    if missing:
        raise ValueError(
            f"索引号格式必须包含 {{prefix}}、{{year}} 和 {{serial}}，缺少 {'、'.join(missing)}"
        )
    try:
        format_index_number(pattern, prefix="000014349", year=2018, month=3, serial=222)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ValueError(f"索引号格式无法使用：{error}") from None
