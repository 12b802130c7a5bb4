"""Highlighting of matches in titles and snippets (pure: no database).

Done in Python on the original text, not with FTS5's highlight(): the index holds bigrams, and
the reader must see the words they wrote, full-width characters and 文号 brackets included.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from django.utils.html import escape

from .segment import _CJK, PUNCT_READ_THROUGH, normalize

_SEP = rf"[^a-z0-9{_CJK}]*"
# Inside a CJK run the index reads punctuation through (双随机、一公开 matches 双随机一公开), so
# the mark does too.
_CJK_SEP = rf"[{PUNCT_READ_THROUGH}]*"
_RUN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+")
_CJK_RUN_RE = re.compile(rf"^[{_CJK}]+$")


def _run_pattern(run: str) -> str:
    if _CJK_RUN_RE.match(run):
        return _CJK_SEP.join(re.escape(ch) for ch in run)
    return re.escape(run)


def _term_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for all terms; separators may sit between a term's runs (京政发〔2024〕3号)."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        runs = _RUN_RE.findall(normalize(term))
        if runs:
            parts.append(_SEP.join(_run_pattern(r) for r in runs))
    return re.compile("|".join(parts)) if parts else None


def _comparable(text: str) -> str:
    """``normalize`` when it keeps every character in place, else a per-character version."""
    norm = normalize(text)
    if len(norm) == len(text):
        return norm
    # NFKC may expand a character (㈠ → (一)); fold character by character, keeping one each.
    return "".join(normalize(ch)[:1] or ch for ch in text)


def find_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    pattern = _term_pattern(terms)
    if pattern is None or not text:
        return []
    return [m.span() for m in pattern.finditer(_comparable(text)) if m.end() > m.start()]


def mark(text: str, terms: Sequence[str]) -> str:
    """HTML-escaped ``text`` with every match wrapped in <mark>."""
    return _mark_spans(text, find_spans(text, terms))


def _mark_spans(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:]))
    return "".join(out)


def snippet(text: str, terms: Sequence[str], *, width: int = 120) -> str:
    """A window of about ``width`` characters around the first match, marked; else the start."""
    text = " ".join(unicodedata.normalize("NFC", text or "").split())
    spans = find_spans(text, terms)
    if not spans:
        cut = text[:width]
        return escape(cut) + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, first - width // 4)
    end = min(len(text), start + width)
    window = [
        (max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start
    ]
    body = _mark_spans(text[start:end], window)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
