"""Render a computed report (plus its prose sections) as HTML, PDF, DOCX and XLSX.

Pure: a report dict and a prose dict in, bytes or text out. The tables follow the official
layout of 国办公开办函〔2021〕30号 with its merged headers (see ``grid.py``).

Prose is ``{"overview": str, "problems": str, "other_matters": str}`` (sections 一, 五, 六),
plain text with blank lines between paragraphs.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.documents.docx_fonts import add_font_fallbacks, set_run_font, set_style_font
from gongkai.documents.pdf import html_to_pdf
from gongkai.reports import grid
from gongkai.reports.xlsx import read_xlsx, render_xlsx
from gongkai.statute import layout

__all__ = [
    "report_title",
    "render_html",
    "render_pdf",
    "render_docx",
    "render_xlsx",
    "read_xlsx",
]

TEMPLATE = "reports/annual_report.html"
CSS_PATH = Path(__file__).resolve().parent / "static" / "reports" / "annual-report.css"
PRINT_CSS = """
@page { size: A4; margin: 22mm 18mm 20mm; @bottom-center { content: counter(page); font-size: 9pt; } }
"""

# DOCX fonts. Government documents use 仿宋 for body text and 黑体 for headings; Linux
# machines rarely have them, so the font table names Noto CJK as the alternative (w:altName),
# which LibreOffice and Word use to substitute.
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
FALLBACKS = {
    BODY_FONT: "Noto Serif CJK SC",
    TABLE_FONT: "Noto Serif CJK SC",
    HEADING_FONT: "Noto Sans CJK SC",
}


def report_title(report: Mapping[str, Any]) -> str:
    """The official title: ``<机构名称><年度>年政府信息公开工作年度报告``."""
    return f"{report['org']['name']}{report['year']}年政府信息公开工作年度报告"


def _sections(report: Mapping[str, Any], prose: Mapping[str, str]) -> list[dict[str, Any]]:
    grids = {
        "section2": grid.section2_grid(report),
        "section3": grid.section3_grid(report),
        "section4": grid.section4_grid(report),
    }
    return [
        {
            "key": s.key,
            "heading": s.heading,
            "kind": s.kind,
            "grid": grids.get(s.key),
            "prose": (prose.get(s.key) or "").strip(),
        }
        for s in layout.sections()
    ]


@cache
def report_css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def render_html(
    report: Mapping[str, Any], prose: Mapping[str, str], *, standalone: bool = False
) -> str:
    """The report as an HTML fragment (``<article>``), or a whole document when standalone."""
    context = {
        "title": report_title(report),
        "sections": _sections(report, prose),
        "standalone": standalone,
        "css": report_css() if standalone else "",
    }
    return render_to_string(TEMPLATE, context)


def render_pdf(report: Mapping[str, Any], prose: Mapping[str, str]) -> bytes:
    """A4 PDF via WeasyPrint; needs the Noto CJK fonts (Debian ``fonts-noto-cjk``)."""
    return html_to_pdf(render_html(report, prose, standalone=True), css=PRINT_CSS)


# --- DOCX -------------------------------------------------------------------------------------


def _paragraph(
    document: Any,
    text: str,
    *,
    font: str,
    size: float,
    bold: bool = False,
    align: Any = None,
    indent: bool = False,
) -> Any:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    set_run_font(paragraph.add_run(text), font, latin=LATIN_FONT, size=size, bold=bold)
    return paragraph


def _set_repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _add_table(
    document: Any, section_grid: grid.Grid, *, header_rows: int, widths_mm: list[float]
) -> Any:
    placed = grid.place(section_grid)
    table = document.add_table(rows=len(section_grid), cols=grid.grid_width(section_grid))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            cell.width = Mm(widths_mm[index])
    for index in range(header_rows):
        _set_repeat_header(table.rows[index])
    for r, c, item in placed:
        cell = table.cell(r, c)
        if item.rowspan > 1 or item.colspan > 1:
            cell = cell.merge(table.cell(r + item.rowspan - 1, c + item.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if item.kind == "label" else WD_ALIGN_PARAGRAPH.CENTER
        )
        set_run_font(
            paragraph.add_run(item.text),
            TABLE_FONT,
            latin=LATIN_FONT,
            size=9,
            bold=item.kind in ("title", "header", "corner"),
        )
    return table


def render_docx(report: Mapping[str, Any], prose: Mapping[str, str]) -> bytes:
    """The report as an A4 Word document with the official merged table headers."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(25), Mm(20)

    set_style_font(document.styles["Normal"], BODY_FONT, latin=LATIN_FONT, size=14)
    add_font_fallbacks(document, FALLBACKS)

    _paragraph(
        document,
        report_title(report),
        font=HEADING_FONT,
        size=18,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    grids = {
        "section2": (grid.section2_grid(report), 0, [50, 40, 40, 40]),
        "section3": (grid.section3_grid(report), 3, [10, 12, 40] + [15.5] * 7),
        "section4": (grid.section4_grid(report), 3, [11.3] * 15),
    }
    for s in layout.sections():
        _paragraph(document, s.heading, font=HEADING_FONT, size=15)
        if s.key in grids:
            section_grid, header_rows, widths = grids[s.key]
            _add_table(document, section_grid, header_rows=header_rows, widths_mm=widths)
            continue
        text = (prose.get(s.key) or "").strip()
        for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n")):
            if block:
                _paragraph(document, block, font=BODY_FONT, size=14, indent=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
