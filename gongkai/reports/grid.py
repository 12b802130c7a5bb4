"""The official table layouts (merged headers included) as plain grids of cells.

HTML, DOCX and XLSX all draw the same three tables with the same row and column spans; building
the grid once keeps them identical to the official format and to each other, and gives the XLSX
reader the exact positions the writer used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.statute import layout

CellPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "value"  # title · header · corner · group · label · value
    path: CellPath | None = None  # the report cell a value cell shows

    @property
    def is_header(self) -> bool:
        return self.kind != "value"


Grid = list[list[GridCell]]


def format_amount(value: object) -> str:
    """Show a 万元 amount without float noise or exponent: 12.5 not 12.5000 or 1.25E+1."""
    if isinstance(value, Decimal):
        normal = value.normalize()
        return f"{normal:f}" if normal != 0 else "0"
    return str(value)


def _value(report: Mapping[str, Any] | None, path: CellPath) -> str:
    if report is None:
        return ""
    node: Any = report
    for part in path:
        node = node[part]
    return format_amount(node)


def section2_grid(report: Mapping[str, Any] | None, *, label_span: int = 1) -> Grid:
    """Section 二: four blocks, each a title row, a header row and its rows.

    The table is as wide as the widest block (three value columns); a block with one field
    spans that field across all value columns, as the official format does.
    """
    blocks = layout.section2_blocks()
    width = max(len(b.fields) for b in blocks)
    grid: Grid = []
    for block in blocks:
        grid.append([GridCell(block.title, colspan=label_span + width, kind="title")])
        span = width // len(block.fields) if width % len(block.fields) == 0 else 1
        header = [GridCell(block.header[0], colspan=label_span, kind="header")]
        header += [GridCell(text, colspan=span, kind="header") for text in block.header[1:]]
        grid.append(header)
        for row in block.rows:
            cells = [GridCell(row.label, colspan=label_span, kind="label")]
            for f in block.fields:
                path: CellPath = ("section2", row.key, f)
                cells.append(GridCell(_value(report, path), colspan=span, path=path))
            grid.append(cells)
    return grid


def section3_grid(report: Mapping[str, Any] | None) -> Grid:
    """Section 三: corner and applicant headers over three header rows, grouped row labels."""
    columns = layout.section3_columns()
    rows = layout.section3_rows()
    grid: Grid = [
        [
            GridCell(layout.layout().section3_corner, rowspan=3, colspan=3, kind="corner"),
            GridCell(layout.layout().section3_column_group, colspan=len(columns), kind="header"),
        ],
        [],
        [],
    ]
    i = 0
    while i < len(columns):
        column = columns[i]
        if column.group is None:
            grid[1].append(GridCell(column.label, rowspan=2, kind="header"))
            i += 1
            continue
        # Only the consecutive run of columns belongs to this group header.
        run = 0
        while i + run < len(columns) and columns[i + run].group == column.group:
            run += 1
        members = list(columns[i : i + run])
        grid[1].append(GridCell(column.group, colspan=run, kind="header"))
        grid[2].extend(GridCell(c.label, kind="header") for c in members)
        i += run

    seen_groups: set[str] = set()
    seen_subgroups: set[str] = set()
    for row in rows:
        cells: list[GridCell] = []
        if row.group is None:
            cells.append(GridCell(row.label, colspan=3, kind="label"))
        else:
            if row.group not in seen_groups:
                seen_groups.add(row.group)
                span = sum(1 for r in rows if r.group == row.group)
                cells.append(GridCell(row.group, rowspan=span, kind="group"))
            if row.subgroup is None:
                cells.append(GridCell(row.label, colspan=2, kind="label"))
            else:
                if row.subgroup not in seen_subgroups:
                    seen_subgroups.add(row.subgroup)
                    span = sum(1 for r in rows if r.subgroup == row.subgroup)
                    cells.append(GridCell(row.subgroup, rowspan=span, kind="group"))
                cells.append(GridCell(row.label, kind="label"))
        for index in range(len(columns)):
            path: CellPath = ("section3", "rows", row.key, index)
            cells.append(GridCell(_value(report, path), path=path))
        grid.append(cells)
    return grid


def section4_grid(report: Mapping[str, Any] | None) -> Grid:
    """Section 四: 行政复议 (5 columns) beside 行政诉讼 (10, split into its two kinds)."""
    groups = layout.section4_groups()
    fields = layout.section4_fields()
    grid: Grid = [[], [], [], []]
    i = 0
    while i < len(groups):
        group = groups[i]
        if group.parent is None:
            grid[0].append(GridCell(group.label, colspan=len(fields), kind="header"))
            grid[1].extend(GridCell(f.label, rowspan=2, kind="header") for f in fields)
            i += 1
            continue
        run = 0
        while i + run < len(groups) and groups[i + run].parent == group.parent:
            run += 1
        grid[0].append(GridCell(group.parent, colspan=run * len(fields), kind="header"))
        for member in groups[i : i + run]:
            grid[1].append(GridCell(member.label, colspan=len(fields), kind="header"))
            grid[2].extend(GridCell(f.label, kind="header") for f in fields)
        i += run
    for group in groups:
        for f in fields:
            path: CellPath = ("section4", group.key, f.key)
            grid[3].append(GridCell(_value(report, path), path=path))
    return grid


def place(grid: Grid) -> list[tuple[int, int, GridCell]]:
    """Absolute (row, column) of every cell, 0-based, skipping slots covered by spans.

    This is how HTML lays out rowspan/colspan, so DOCX merges and XLSX positions match it.
    """
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, GridCell]] = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def grid_width(grid: Grid) -> int:
    return max(c + cell.colspan for _r, c, cell in place(grid))
