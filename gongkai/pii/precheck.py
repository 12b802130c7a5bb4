"""Confidentiality pre-check (保密审查预检): find what must not leak before an item is published.

ogi-rules.md §7 lists what published items must not expose: resident ID numbers, mobile numbers,
bank card numbers and secrecy markings; the general office adds its own sensitive-word list.
Everything here is pure text logic (no database, no files) so that the review workflow, the
``precheck`` command and the tests all share exactly one definition of "a finding".

Rules chosen, and why:

* Numbers are matched on digit boundaries: a candidate must not be preceded or followed by
  another digit, so a mobile number is never found inside an ID or card number, a date such as
  20240101, or a longer serial number. Full-width digits (０-９) count as digits, because
  Chinese documents sometimes use them to dodge exactly this kind of check.
* Resident ID numbers (GB 11643) must pass the MOD 11-2 checksum, carry a real birth date and a
  plausible region code; an 18-digit number that fails any of these is a look-alike.
* Bank card numbers are 16-19 digits that pass the Luhn check, written as one run or in groups of
  four separated by one consistent space or dash.
* Numbers are looked for in the text as a reader sees it: invisible characters inside a number
  (a zero-width space, a soft hyphen — typed or pasted to dodge exactly this check) are skipped,
  and a resident ID may be written in groups (440306 19780301 0121, 360981-19870615-100X,
  3622 2219 6512 0310 8X) and a mobile number as 138 1234 5678, 138-1234-5678, 138.1234.5678
  or 1381 234 5678, with spaces (also no-break and full-width), dashes or dots. A finding spans
  the characters as written, so one-click masking and the public letter list mask exactly those.
* Secrecy markings are flagged only where they act as a marking (see ``_is_marking_position``),
  because the same characters are ordinary words in public text: 内部控制, 内部审计, 国家秘密
  ("information that is a state secret is not disclosed" is a sentence every disclosure guide
  contains), 商业秘密.
* Overlaps are resolved once, here: the longer finding wins, then the more specific kind, so an
  18-digit ID that happens to be Luhn-valid is reported once, as an ID number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Final, Literal, Protocol

from .checkdigits import (
    credit_code_is_valid,
    is_luhn_valid,
    is_valid_resident_id,
    normalise_digits,
)
from .masking import BANK_CARD_KEEP, ID_NUMBER_KEEP, MOBILE_KEEP, mask_keeping_ends, mask_word

Kind = Literal["id_number", "mobile", "bank_card", "secrecy_mark", "sensitive_word"]

ID_NUMBER: Final = "id_number"
MOBILE: Final = "mobile"
BANK_CARD: Final = "bank_card"
SECRECY_MARK: Final = "secrecy_mark"
SENSITIVE_WORD: Final = "sensitive_word"
KINDS: Final[tuple[str, ...]] = (ID_NUMBER, MOBILE, BANK_CARD, SECRECY_MARK, SENSITIVE_WORD)

# When two findings overlap and are equally long, the lower number wins.
_PRIORITY: Final = {ID_NUMBER: 0, BANK_CARD: 1, MOBILE: 2, SECRECY_MARK: 3, SENSITIVE_WORD: 4}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing that must not leak, and where it is.

    ``start``/``end`` are character offsets into the scanned text (so ``mask_text`` can replace
    it); ``line``/``column`` are 1-based and count characters, for people. ``location`` names the
    part of a document the text came from (e.g. "第2段", "表 Sheet1!B3"), if any.
    """

    kind: Kind
    value: str
    start: int
    end: int
    line: int
    column: int
    masked: str
    location: str | None = None


class TextChunk(Protocol):
    """A piece of extracted text and where it came from (``documents.extract.Chunk``).

    ``line`` is None when lines count inside the text (plain text, a PDF page); when set (a
    DOCX paragraph, an XLSX cell) every finding in the chunk is reported on that line.
    """

    @property
    def location(self) -> str | None: ...

    @property
    def text(self) -> str: ...

    @property
    def line(self) -> int | None: ...


# --- Masking ----------------------------------------------------------------------------------

_MASK_KEEP: Final = {ID_NUMBER: ID_NUMBER_KEEP, MOBILE: MOBILE_KEEP, BANK_CARD: BANK_CARD_KEEP}


def mask_value(kind: str, value: str) -> str:
    """The value with its middle replaced by ``*``, one star per character masked.

    Numbers keep the platform's one rule for each kind (``masking``: ID numbers 3 + 4, mobile
    numbers 3 + 4, cards 4 + 4); separators in grouped numbers are kept so the shape stays
    readable. Words keep their first and last character. The result has the same length as
    the value, so offsets of other findings stay valid.
    """
    if kind in _MASK_KEEP:
        head, tail = _MASK_KEEP[kind]
        return mask_keeping_ends(value, head=head, tail=tail)
    return mask_word(value)


def mask_text(text: str, findings: Iterable[Finding]) -> str:
    """One-click masking: ``text`` with every finding replaced by its masked value.

    The findings must come from scanning this very text; a stale finding (the text changed
    since) raises ValueError rather than masking the wrong characters.
    """
    ordered = sorted(findings, key=lambda f: f.start)
    parts: list[str] = []
    pos = 0
    for f in ordered:
        if f.start < pos:
            raise ValueError(f"overlapping findings at offset {f.start}")
        if text[f.start : f.end] != f.value:
            raise ValueError(f"finding {f.value!r} is not at offset {f.start} of this text")
        parts.append(text[pos : f.start])
        parts.append(f.masked)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


# --- Scanning ---------------------------------------------------------------------------------

_ID_RE: Final = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
# Characters nobody sees inside a number: skipped when numbers are looked for.
_INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# One separator between the groups of a number: spaces, dashes and dots as people type them.
_SEP: Final = r"[ \u00a0\u3000\-\u2010\u2011\u2012\u2013\u2014\uff0d.\uff0e\u00b7\u30fb]"
# 18 characters with at most one separator between any two; the whole run must be the number.
_ID_GROUPED_RE: Final = re.compile(
    rf"(?<![0-9])(?<![0-9]{_SEP})[0-9](?:{_SEP}?[0-9]){{16}}{_SEP}?[0-9Xx](?!{_SEP}?[0-9Xx])"
)
# 3-4-4 or 4-3-4 with one consistent separator (a mobile has no check digit: only the usual
# groupings count, so a list of figures is not taken for a phone number).
_MOBILE_GROUPED_RE: Final = re.compile(
    rf"(?<![0-9])(?<![0-9]{_SEP})1[3-9][0-9]"
    rf"(?:({_SEP})[0-9]{{4}}\1[0-9]{{4}}|[0-9]({_SEP})[0-9]{{3}}\2[0-9]{{4}})"
    rf"(?!{_SEP}?[0-9])"
)
_CARD_RE: Final = re.compile(
    r"(?<![0-9])(?:[1-9][0-9]{15,18}|[1-9][0-9]{3}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?)"
    r"(?![0-9])"
)
# A +86/86 country prefix may touch the number; it is not part of the finding.
_MOBILE_RE: Final = re.compile(
    r"(?:(?<![0-9])|(?<=(?<![0-9])86)|(?<=(?<![0-9])0086)|(?<=(?<![0-9])86[ -])|(?<=\+86)|(?<=\+86[ -]))"
    r"(?:1[3-9][0-9]{9}|1[3-9][0-9]([ -])[0-9]{4}\1[0-9]{4})"
    r"(?![0-9])"
)

# Longest first, so 内部资料 is preferred to 内部.
_MARK_WORDS: Final = (
    "内部资料",
    "内部文件",
    "注意保存",
    "注意保密",
    "绝密",
    "机密",
    "秘密",
    "内部",
)
# 内部资料 with 注意保存/注意保密 or 请勿外传 …, in either order, however joined (“内部资料/注意保密”).
_MARK_JOIN: Final = r"[\s，,、。·./／|｜\-—]*"
_MARK_RE: Final = re.compile(
    rf"内部(?:资料|文件){_MARK_JOIN}(?:注意保[存密]|(?:请勿|严禁|不得)(?:外传|翻印|扩散))"
    rf"|注意保[存密]{_MARK_JOIN}内部(?:资料|文件)|" + "|".join(_MARK_WORDS)
)
_STARS: Final = "★☆"
_BRACKETS: Final = {"【": "】", "[": "]", "［": "］", "〔": "〕", "(": ")", "（": "）", "「": "」"}
_LABEL_RE: Final = re.compile(r"密级\s*[:：]?\s*$")


def _is_marking_position(line: str, start: int, end: int) -> bool:
    """Whether the word at line[start:end] is used as a secrecy marking.

    A marking word counts when it is
    (1) next to a star, as in 机密★1年 or ★内部 (GB/T 9704 writes 密级★保密期限);
    (2) alone inside brackets: 【内部】, （秘密）;
    (3) after a 密级 label: 密级：机密;
    (4) a stand-alone token: at the start of a line or after whitespace, and followed by the end
        of the line or whitespace — a header line 机密, 内部资料 注意保存, 秘密  特急;
    or (5) the phrase 内部资料/内部文件 … 注意保存 anywhere.
    Everything else is an ordinary word: 内部控制, 内部审计, 国家秘密, 商业秘密, 机密文件管理,
    and also 内部、外部 (a marking is not followed by an enumeration comma).
    """
    word = line[start:end]
    if "内部" in word and len(word) > 4:  # one of the phrases: 内部资料…注意保密
        return True
    before, after = line[:start], line[end:]
    b, a = before.rstrip(), after.lstrip()
    if (b and b[-1] in _STARS) or (a and a[0] in _STARS):
        return True
    if b and b[-1] in _BRACKETS and a and a[0] == _BRACKETS[b[-1]]:
        return True
    if _LABEL_RE.search(before):
        return True
    starts_token = not before or before[-1].isspace()
    ends_token = not after or after[0].isspace()
    return starts_token and ends_token


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _number_view(text: str) -> tuple[str, list[int] | None]:
    """The text numbers are looked for in: full-width digits folded, invisible characters
    dropped; with, when something was dropped, the offset in ``text`` of each character kept."""
    if not _INVISIBLE.intersection(text):
        return normalise_digits(text), None
    kept = [i for i, ch in enumerate(text) if ch not in _INVISIBLE]
    return normalise_digits("".join(text[i] for i in kept)), kept


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() or ch in "Xx")


def _number_candidates(text: str) -> list[tuple[str, int, int]]:
    view, kept = _number_view(text)

    def span(kind: str, m: re.Match[str]) -> tuple[str, int, int]:
        if kept is None:
            return kind, m.start(), m.end()
        return kind, kept[m.start()], kept[m.end() - 1] + 1

    found = [span(ID_NUMBER, m) for m in _ID_RE.finditer(view) if is_valid_resident_id(m.group())]
    found += [
        span(ID_NUMBER, m)
        for m in _ID_GROUPED_RE.finditer(view)
        if is_valid_resident_id(_digits(m.group()))
    ]
    found += [
        span(BANK_CARD, m)
        for m in _CARD_RE.finditer(view)
        if is_luhn_valid(m.group()) and not credit_code_is_valid(m.group())
    ]
    found += [span(MOBILE, m) for m in _MOBILE_RE.finditer(view)]
    found += [span(MOBILE, m) for m in _MOBILE_GROUPED_RE.finditer(view)]
    return list(dict.fromkeys(found))  # the same number found by two patterns, once


def _candidates(text: str, sensitive_words: Iterable[str]) -> list[tuple[str, int, int]]:
    found = _number_candidates(text)
    starts = _line_starts(text)
    for m in _MARK_RE.finditer(text):
        ls = starts[bisect.bisect_right(starts, m.start()) - 1]
        le = text.find("\n", m.end())
        line = text[ls : le if le != -1 else len(text)]
        if _is_marking_position(line, m.start() - ls, m.end() - ls):
            found.append((SECRECY_MARK, m.start(), m.end()))
    words_re = compile_word_list(sensitive_words)
    if words_re is not None:
        found += [(SENSITIVE_WORD, m.start(), m.end()) for m in words_re.finditer(text)]
    return found


def compile_word_list(words: Iterable[str]) -> re.Pattern[str] | None:
    """One regex matching any of ``words``, longest first (leftmost-longest, like Aho-Corasick).

    Python's regex engine tries alternatives in order, so sorting by length makes 张三丰 win over
    张三 at the same position. Blank entries are ignored; None when nothing is left.
    """
    cleaned = sorted({w.strip() for w in words if w and w.strip()}, key=lambda w: (-len(w), w))
    if not cleaned:
        return None
    return re.compile("|".join(re.escape(w) for w in cleaned), re.IGNORECASE)


def _resolve_overlaps(found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Keep the longest finding where findings overlap; on a tie, the more specific kind."""
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in sorted(found, key=lambda c: (c[1] - c[2], _PRIORITY[c[0]], c[1])):
        if all(end <= s or start >= e for _, s, e in kept):
            kept.append((kind, start, end))
    return sorted(kept, key=lambda c: c[1])


def scan_text(
    text: str, *, sensitive_words: Iterable[str] = (), location: str | None = None
) -> list[Finding]:
    """Every finding in ``text``, in reading order, without overlaps."""
    starts = _line_starts(text)
    findings = []
    for kind, start, end in _resolve_overlaps(_candidates(text, sensitive_words)):
        line_index = bisect.bisect_right(starts, start) - 1
        value = text[start:end]
        findings.append(
            Finding(
                kind=kind,  # type: ignore[arg-type]
                value=value,
                start=start,
                end=end,
                line=line_index + 1,
                column=start - starts[line_index] + 1,
                masked=mask_value(kind, value),
                location=location,
            )
        )
    return findings


def scan_chunks(
    chunks: Iterable[TextChunk], *, sensitive_words: Iterable[str] = ()
) -> list[Finding]:
    """Every finding in extracted document chunks, each placed by its chunk's location.

    In a chunk with a fixed ``line`` (a DOCX paragraph, an XLSX cell) the finding's line is that
    line and its column the character position in the chunk; otherwise lines count inside it.
    """
    words = tuple(sensitive_words)
    findings: list[Finding] = []
    for chunk in chunks:
        for f in scan_text(chunk.text, sensitive_words=words, location=chunk.location):
            if chunk.line is not None:
                f = replace(f, line=chunk.line, column=f.start + 1)
            findings.append(f)
    return findings
