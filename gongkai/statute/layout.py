"""The official layout of the 2021 annual report format, read from the bundled spec.

The labels are fixed by law (国办公开办函〔2021〕30号), so they live in exactly one place:
``spec/annual-report-2021.json``. Everything else (computation, checks, renderers, the XLSX
reader) asks this module instead of retyping a label, so a corrected label is corrected
everywhere at once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).resolve().parent / "spec" / "annual-report-2021.json"

# A heading like "三、本年度办理结果" opens a top-level group; "（三）不予公开" a second-level one.
_LEVEL1_RE = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2_RE = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    heading: str
    kind: str  # "prose" or "table"


@dataclass(frozen=True, slots=True)
class Section2Row:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Section2Block:
    title: str
    header: tuple[str, ...]
    rows: tuple[Section2Row, ...]
    fields: tuple[str, ...]

    def field_label(self, field: str) -> str:
        """The column heading of ``field`` (the header's first cell is 信息内容)."""
        return self.header[1 + self.fields.index(field)]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    group: str | None


@dataclass(frozen=True, slots=True)
class Row:
    """A data row of section 三 with the group headings it sits under in the official table."""

    key: str
    label: str
    group: str | None  # e.g. "三、本年度办理结果"
    subgroup: str | None  # e.g. "（三）不予公开"


@dataclass(frozen=True, slots=True)
class Section4Group:
    key: str
    label: str
    parent: str | None  # "行政诉讼" for the two litigation groups


@dataclass(frozen=True, slots=True)
class Section4Field:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Layout:
    format: str
    source: str
    sections: tuple[Section, ...]
    section2_blocks: tuple[Section2Block, ...]
    section3_corner: str
    section3_column_group: str
    section3_columns: tuple[Column, ...]
    section3_rows: tuple[Row, ...]
    outcome_keys: tuple[str, ...]
    section4_groups: tuple[Section4Group, ...]
    section4_fields: tuple[Section4Field, ...]
    json_shape_example: dict[str, Any]


def _group_rows(raw_rows: list[dict[str, str]]) -> tuple[Row, ...]:
    """Attach each data row to the group headings above it, the way the official table nests."""
    rows: list[Row] = []
    group: str | None = None
    subgroup: str | None = None
    for raw in raw_rows:
        if "group" in raw:
            heading = raw["group"]
            if _LEVEL1_RE.match(heading):
                group, subgroup = heading, None
            else:
                subgroup = heading
            continue
        label = raw["label"]
        if _LEVEL1_RE.match(label):
            # "四、结转下年度继续办理" closes "三、本年度办理结果".
            group, subgroup = None, None
        elif _LEVEL2_RE.match(label):
            # "（七）总计" closes "（六）其他处理".
            subgroup = None
        rows.append(Row(key=raw["key"], label=label, group=group, subgroup=subgroup))
    return tuple(rows)


def _build(data: dict[str, Any]) -> Layout:
    s2 = data["section2"]
    s3 = data["section3"]
    s4 = data["section4"]
    return Layout(
        format=data["format"],
        source=data["source"],
        sections=tuple(Section(s["key"], s["heading"], s["kind"]) for s in data["sections"]),
        section2_blocks=tuple(
            Section2Block(
                title=b["title"],
                header=tuple(b["header"]),
                rows=tuple(Section2Row(r["key"], r["label"]) for r in b["rows"]),
                fields=tuple(b["fields"]),
            )
            for b in s2["blocks"]
        ),
        section3_corner=s3["corner"],
        section3_column_group=s3["column_group"],
        section3_columns=tuple(Column(c["key"], c["label"], c.get("group")) for c in s3["columns"]),
        section3_rows=_group_rows(s3["rows"]),
        outcome_keys=tuple(s3["outcome_keys"]),
        section4_groups=tuple(
            Section4Group(g["key"], g["label"], g.get("parent")) for g in s4["groups"]
        ),
        section4_fields=tuple(Section4Field(f["key"], f["label"]) for f in s4["fields"]),
        json_shape_example=data["json_shape_example"],
    )


@cache
def layout() -> Layout:
    """The parsed spec, loaded once per process."""
    with SPEC_PATH.open(encoding="utf-8") as fh:
        return _build(json.load(fh))


# --- Accessors -------------------------------------------------------------------------------


def report_format() -> str:
    return layout().format


def sections() -> tuple[Section, ...]:
    return layout().sections


def section_heading(key: str) -> str:
    """The official heading of a section by key (overview, section2 … other_matters)."""
    for section in layout().sections:
        if section.key == key:
            return section.heading
    raise KeyError(key)


def section2_blocks() -> tuple[Section2Block, ...]:
    return layout().section2_blocks


def section2_rows() -> tuple[tuple[Section2Block, Section2Row], ...]:
    """Every section 二 row with its block, in table order."""
    return tuple((b, r) for b in layout().section2_blocks for r in b.rows)


def section2_fields(row_key: str) -> tuple[str, ...]:
    for block, row in section2_rows():
        if row.key == row_key:
            return block.fields
    raise KeyError(row_key)


def section3_columns() -> tuple[Column, ...]:
    return layout().section3_columns


def section3_column_keys() -> tuple[str, ...]:
    return tuple(c.key for c in layout().section3_columns)


def applicant_column_keys() -> tuple[str, ...]:
    """The six applicant columns, i.e. every column except 总计."""
    return tuple(k for k in section3_column_keys() if k != "total")


def section3_rows() -> tuple[Row, ...]:
    return layout().section3_rows


def section3_row_keys() -> tuple[str, ...]:
    return tuple(r.key for r in layout().section3_rows)


def section3_row(key: str) -> Row:
    for row in layout().section3_rows:
        if row.key == key:
            return row
    raise KeyError(key)


def section3_column(key: str) -> Column:
    for column in layout().section3_columns:
        if column.key == key:
            return column
    raise KeyError(key)


def outcome_keys() -> tuple[str, ...]:
    return layout().outcome_keys


def section4_groups() -> tuple[Section4Group, ...]:
    return layout().section4_groups


def section4_group(key: str) -> Section4Group:
    for group in layout().section4_groups:
        if group.key == key:
            return group
    raise KeyError(key)


def section4_fields() -> tuple[Section4Field, ...]:
    return layout().section4_fields


def section4_field(key: str) -> Section4Field:
    for field in layout().section4_fields:
        if field.key == key:
            return field
    raise KeyError(key)


def section4_result_keys() -> tuple[str, ...]:
    """The four fields that add up to 总计."""
    return tuple(f.key for f in layout().section4_fields if f.key != "total")


class OutcomeAmbiguous(KeyError):
    """The words name several outcomes (“不予公开” alone): ``candidates`` are (key, label)."""

    def __init__(self, value: str, candidates: list[tuple[str, str]]):
        super().__init__(value)
        self.value = value
        self.candidates = candidates


# Numbering as the statistical table writes it: （三） 3. 3、 三、 (3) ⑶ 第3项.
_NUMBERING_RE = re.compile(
    r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
    r"|\d{1,2}[、.．)）]|第[一二三四五六七八九十\d]{1,3}[项类种条])\s*"
)
_NOTE_RE = re.compile(r"[(（][^()（）]*[)）]$")  # a trailing parenthetical note
# Between a group and its item an office writes “/”, “-”, “：”, a space or brackets.
_SEPARATOR_RE = re.compile(r"[\s/／\\|｜:：;；\-—–－~～()（）\[\]【】]+")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」『』")


def _outcome_words(text: str) -> str:
    """Compare-ready words: full-width forms folded, quotes dropped, numbering stripped."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).strip().casefold()
    while (match := _NUMBERING_RE.match(text)) and match.end() < len(text):
        text = text[match.end() :]
    return text.strip()


@dataclass(frozen=True, slots=True)
class _OutcomeName:
    key: str
    label: str  # the table's own label, for messages
    names: frozenset[str]  # the label with and without its numbering and its note
    group: str  # the group's words (不予公开, 无法提供, …), or ""


@cache
def _outcome_names() -> tuple[_OutcomeName, ...]:
    names = []
    for row in layout().section3_rows:
        if row.key not in layout().outcome_keys:
            continue
        core = _outcome_words(row.label)
        bare = _NOTE_RE.sub("", core).strip()
        group = _NOTE_RE.sub("", _outcome_words(row.subgroup)) if row.subgroup else ""
        words = {core, bare, _outcome_words(row.key)}
        if group:
            words |= {group + bare, group + core}
        names.append(_OutcomeName(row.key, row.label, frozenset(words), group))
    return tuple(names)


def outcome_key(value: str) -> str:
    """Map an outcome as an office writes it in its ledger to the row key of section 三.

    Accepted: the key (``denied.4``); the table's label with or without its numbering and its
    parenthetical note (“（一）予以公开”, “予以公开”, “部分公开”); an item of a group alone when
    that is unambiguous (“属于国家秘密”, “本机关不掌握相关政府信息”); a group with its item in
    any of the ways offices write it (“不予公开/属于国家秘密”, “不予公开（保护第三方合法权益）”,
    “无法提供 - 本机关不掌握相关政府信息”, “（三）不予公开 1.属于国家秘密”). Raises
    ``OutcomeAmbiguous`` (with the candidates) when the words fit several outcomes (“不予公开”)
    and ``KeyError`` when they fit none.
    """
    text = _outcome_words(value)
    if not text:
        raise KeyError(value)
    names = _outcome_names()
    whole = [n for n in names if text in n.names or text.replace(" ", "") in n.names]
    if len(whole) == 1:
        return whole[0].key
    parts = [_outcome_words(p) for p in _SEPARATOR_RE.split(text)]
    parts = [p for p in parts if p]
    groups = {p for p in parts if any(n.group == p for n in names)}
    items = [n for n in names if any(p in n.names for p in parts if p not in groups)]
    if groups:
        in_group = [n for n in names if n.group in groups]
        items = [n for n in items if n.group in groups] if items else in_group
    if len(items) == 1:
        return items[0].key
    if items:
        raise OutcomeAmbiguous(value, [(n.key, n.label) for n in items])
    raise KeyError(value)


def applicant_type_key(value: str) -> str:
    """Map an applicant type given as column key or official label to the column key."""
    value = value.strip()
    for column in layout().section3_columns:
        if column.key == "total":
            continue
        if value in (column.key, column.label):
            return column.key
    raise KeyError(value)
