"""The XLSX template of the annual report: written for orgs to fill elsewhere, and read back.

Orgs without platform records (or checking figures from another system) fill the template in a
spreadsheet and hand it to ``validate_report``. The layout follows the official tables (merged
headers) and every cell sits at a fixed position on the first sheet:

=========  ===============================================================================
Cell        Content
=========  ===============================================================================
B2          org code (机构代码)            E2  org name (机构名称)         J2  year (年度)
B3          format, ``gb-2021`` (报告格式)
row 5       二、主动公开政府信息情况; table rows 6–19, labels in A:C
D8:F9       规章 / 行政规范性文件: 本年制发件数, 本年废止件数, 现行有效件数
D12         行政许可 本年处理决定数量     D15 行政处罚     D16 行政强制
D19         行政事业性收费 本年收费金额（单位：万元）, up to 4 decimals
row 21      三、收到和处理政府信息公开申请情况; header rows 22–24
D25:J49     section 三, one row per row key in spec order (new = 25, carried_in = 26,
            granted = 27 … （七）总计 = 48, carried_out = 49); columns D–J in the
            order natural_person, business, research, public_interest, legal_service,
            other_org, total
row 51      四、政府信息公开行政复议、行政诉讼情况; header rows 52–54
A55:O55     section 四 values: review A–E, litigation_direct F–J,
            litigation_after_review K–O; each upheld, corrected, other, pending, total
=========  ===============================================================================

The positions are derived from the same grids the HTML and DOCX use (``grid.py``), so the
writer and the reader cannot drift apart; ``cell_positions()`` lists them all.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.core.exports import set_text
from gongkai.reports import grid
from gongkai.reports.checks import CellPath, Problem, ReportFormatError, shape_problems
from gongkai.reports.tables import empty_report
from gongkai.statute import layout

SHEET_TITLE = "年度报告"
ORG_CODE_CELL = "B2"
ORG_NAME_CELL = "E2"
YEAR_CELL = "J2"
FORMAT_CELL = "B3"

# First sheet row (1-based) of each section's heading; its table starts on the next row.
SECTION_HEADING_ROWS = {"section2": 5, "section3": 21, "section4": 51}


def _grids(report: Mapping[str, Any] | None) -> dict[str, grid.Grid]:
    return {
        "section2": grid.section2_grid(report, label_span=3),
        "section3": grid.section3_grid(report),
        "section4": grid.section4_grid(report),
    }


def _placed_cells(report: Mapping[str, Any] | None) -> list[tuple[int, int, grid.GridCell]]:
    """Every table cell with its 1-based sheet row and column."""
    out = []
    for key, section_grid in _grids(report).items():
        top = SECTION_HEADING_ROWS[key] + 1
        for r, c, cell in grid.place(section_grid):
            out.append((top + r, 1 + c, cell))
    return out


@cache
def cell_positions() -> dict[CellPath, str]:
    """The sheet coordinate (``D25``) of every report cell."""
    return {
        cell.path: f"{get_column_letter(col)}{row}"
        for row, col, cell in _placed_cells(None)
        if cell.path is not None
    }


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def render_xlsx(report: Mapping[str, Any]) -> bytes:
    """The report as the fillable XLSX template (numbers as numbers, merged headers)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET_TITLE
    org, year = report["org"], report["year"]

    set_text(ws["A1"], f"{org['name']}{year}年政府信息公开工作年度报告")
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = _CENTER
    ws.merge_cells("A1:O1")
    for coordinate, text in (
        ("A2", "机构代码"),
        ("D2", "机构名称"),
        ("I2", "年度"),
        ("A3", "报告格式"),
    ):
        ws[coordinate] = text
        ws[coordinate].font = Font(bold=True)
    set_text(ws[ORG_CODE_CELL], org["code"])
    set_text(ws[ORG_NAME_CELL], org["name"])
    ws.merge_cells("E2:H2")
    ws[YEAR_CELL] = year
    ws[FORMAT_CELL] = report.get("format", layout.report_format())

    for key, row in SECTION_HEADING_ROWS.items():
        ws.cell(row=row, column=1, value=layout.section_heading(key)).font = Font(
            bold=True, size=12
        )

    for row, col, cell in _placed_cells(report):
        target = ws.cell(row=row, column=col)
        if cell.path is None:
            target.value = cell.text
            target.alignment = _LEFT if cell.kind == "label" else _CENTER
            if cell.kind in ("title", "header", "corner"):
                target.font = Font(bold=True)
        else:
            node: Any = report
            for part in cell.path:
                node = node[part]
            target.value = node
            target.alignment = _CENTER
            if cell.path[-1] == "amount_10k_yuan":
                target.number_format = "0.0000"
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                ws.cell(row=row + dr, column=col + dc).border = _BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            ws.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + cell.rowspan - 1,
                end_column=col + cell.colspan - 1,
            )

    widths = {"A": 14, "B": 14, "C": 30}
    for index in range(1, 16):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = widths.get(letter, 10)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _count(value: object) -> int | None:
    """A count from a cell; blank means 0 (as in filled paper forms); None if not a count."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _amount(value: object) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal(0)
    if isinstance(value, bool):
        return None
    try:
        # str() of a float is its shortest exact repr, so 12.3456 stays 12.3456.
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def read_xlsx(data: bytes) -> dict[str, Any]:
    """Read a filled template back into a report (raises ``ReportFormatError``).

    The labels are checked too, so a sheet with shifted rows is refused instead of being read
    into the wrong cells.
    """
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a non-XLSX file
        raise ReportFormatError(
            [Problem((), _("不是可读取的 XLSX 文件（{error}）").format(error=exc), None)]
        ) from exc
    ws = wb.worksheets[0]
    problems: list[Problem] = []

    def problem(coordinate: str, path: CellPath, message: str) -> None:
        row = ws[coordinate].row
        problems.append(Problem(path, f"{coordinate}: {message}", row))

    def text(coordinate: str) -> str:
        value = ws[coordinate].value
        return "" if value is None else str(value).strip()

    for row, col, cell in _placed_cells(None):
        if cell.path is None:
            coordinate = f"{get_column_letter(col)}{row}"
            if text(coordinate) != cell.text:
                problem(
                    coordinate,
                    (),
                    _(
                        "应为 {expected!r}，实为 {actual!r}：请使用 annual_report --format xlsx "
                        "生成的模板，不要增删或移动行列"
                    ).format(expected=cell.text, actual=text(coordinate)),
                )
                break  # one misplaced label explains the rest

    report = empty_report(text(ORG_CODE_CELL), text(ORG_NAME_CELL), 0)
    year = _count(ws[YEAR_CELL].value)
    if not year:
        problem(YEAR_CELL, ("year",), _("请填写报告年度，如 2024"))
    else:
        report["year"] = year
    report["format"] = text(FORMAT_CELL) or layout.report_format()
    if not report["org"]["code"]:
        problem(ORG_CODE_CELL, ("org", "code"), _("请填写机构代码"))
    if not report["org"]["name"]:
        problem(ORG_NAME_CELL, ("org", "name"), _("请填写机构名称"))

    for path, coordinate in cell_positions().items():
        raw = ws[coordinate].value
        if path[-1] == "amount_10k_yuan":
            value: Any = _amount(raw)
            if value is None:
                problem(coordinate, path, _("{raw!r} 不是以万元为单位的金额").format(raw=raw))
                continue
        else:
            value = _count(raw)
            if value is None:
                problem(coordinate, path, _("{raw!r} 不是整数").format(raw=raw))
                continue
        node: Any = report
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    if not problems:
        problems = shape_problems(report)
    if problems:
        raise ReportFormatError(problems)
    return report
