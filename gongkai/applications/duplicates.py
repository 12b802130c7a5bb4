"""Spotting repeated requests from the same applicant (Art. 35–36).

An application is a *duplicate* when the same applicant already asked the same org for the same
information, and *similar* when the descriptions are close. Officers decide; the platform only
flags, so the thresholds are deliberately simple and explainable. Pure functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

SAME_THRESHOLD = 0.98
SIMILAR_THRESHOLD = 0.6

_PUNCT = re.compile(r"[\W_]+", re.UNICODE)


def normalise_text(text: str) -> str:
    """NFKC (full-width → half-width), lower case, punctuation and whitespace removed."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "").lower())


def applicant_key(
    *, id_number: str = "", credit_code: str = "", phone: str = "", name: str = ""
) -> str:
    """The strongest identifier we have for an applicant, normalised; '' when none."""
    for prefix, value in (("id", id_number), ("cc", credit_code), ("tel", phone)):
        value = normalise_text(value)
        if value:
            return f"{prefix}:{value}"
    name = normalise_text(name)
    return f"name:{name}" if name else ""


def similarity(a: str, b: str) -> float:
    """0..1; 1 when the normalised descriptions are identical."""
    a, b = normalise_text(a), normalise_text(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    other_id: int
    kind: str  # "same" or "similar"
    score: float


def find_duplicate(description: str, earlier: Iterable[tuple[int, str]]) -> DuplicateMatch | None:
    """The best earlier request (id, description) by the same applicant, if close enough."""
    best: DuplicateMatch | None = None
    for other_id, other_text in earlier:
        score = similarity(description, other_text)
        if score < SIMILAR_THRESHOLD:
            continue
        kind = "same" if score >= SAME_THRESHOLD else "similar"
        if best is None or score > best.score:
            best = DuplicateMatch(other_id=other_id, kind=kind, score=round(score, 3))
    return best
