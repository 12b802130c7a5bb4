"""Renderers keep the official layout (merged headers) and the numbers, in every format."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import docx
import pytest
from docx.oxml.ns import qn
from openpyxl import load_workbook

from gongkai.reports.checks import ReportFormatError
from gongkai.reports.render import (
    read_xlsx,
    render_docx,
    render_html,
    render_pdf,
    render_xlsx,
    report_title,
)
from gongkai.reports.tables import empty_report

HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
PROSE = {
    "overview": "本年度，我市认真贯彻《条例》。\n\n全年主动公开信息1234条。",
    "problems": "公开内容不够全面。<script>alert(1)</script>",
    "other_matters": "本年度未收取信息处理费。",
}


def sample_report() -> dict:
    """Every cell distinct where possible, so a shifted cell shows up."""
    report = empty_report("fc-gov", "丰城市人民政府", 2024)
    for i, key in enumerate(report["section3"]["rows"]):
        report["section3"]["rows"][key] = [100 + i * 10 + c for c in range(7)]
    report["section2"]["normative_documents"] = {"made": 5, "repealed": 1, "in_force": 25}
    report["section2"]["licensing"]["decisions"] = 1200
    report["section2"]["fees"]["amount_10k_yuan"] = Decimal("12.3456")
    for g, group in enumerate(report["section4"].values()):
        for f, field in enumerate(group):
            group[field] = 10 * g + f
    return report


class _TableGrid(HTMLParser):
    """Lay out HTML tables the way a browser does, to check that spans fill every row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._row = -1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"taken": set(), "cells": {}})
            self._row = -1
        elif tag == "tr":
            self._row += 1
            self._col = 0
        elif tag in ("td", "th"):
            taken = self.tables[-1]["taken"]
            while (self._row, self._col) in taken:
                self._col += 1
            rs, cs = int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1))
            for r in range(rs):
                for c in range(cs):
                    taken.add((self._row + r, self._col + c))
            self._cell = (self._row, self._col, rs, cs)
            self.tables[-1]["cells"][self._cell] = ""
            self._col += cs

    def handle_data(self, data):
        if self.tables and getattr(self, "_cell", None) in self.tables[-1]["cells"]:
            self.tables[-1]["cells"][self._cell] += data.strip()

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None


def html_tables(html: str) -> list[dict]:
    parser = _TableGrid()
    parser.feed(html)
    return parser.tables


def find(table: dict, text: str) -> tuple[int, int, int, int]:
    return next(pos for pos, t in table["cells"].items() if t == text)


def test_html_has_the_six_official_headings_and_the_title():
    html = render_html(sample_report(), PROSE)
    positions = [html.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert "丰城市人民政府2024年政府信息公开工作年度报告" in html
    assert "<html" not in html  # a fragment
    assert "<!DOCTYPE html>" in render_html(sample_report(), PROSE, standalone=True)


def test_html_escapes_prose_and_keeps_paragraphs():
    html = render_html(sample_report(), PROSE)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<p>本年度，我市认真贯彻《条例》。</p>" in html


def test_html_section3_has_the_official_merged_headers():
    section2, section3, section4 = html_tables(render_html(sample_report(), PROSE))
    # Official layout: 3 label columns + 7 value columns; 3 header rows + 25 data rows.
    assert {c for _r, c in section3["taken"]} == set(range(10))
    assert max(r for r, _c in section3["taken"]) + 1 == 28
    assert len(section3["taken"]) == 28 * 10  # no hole, no overlap
    assert find(section3, "申请人情况") == (0, 3, 1, 7)
    assert find(section3, "法人或其他组织") == (1, 4, 1, 5)
    assert find(section3, "自然人") == (1, 3, 2, 1)
    assert find(section3, "总计") == (1, 9, 2, 1)
    assert find(
        section3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    ) == (0, 0, 3, 3)
    # 三、本年度办理结果 spans granted … （七）总计: 2 + 8 + 3 + 5 + 3 + 1 = 22 rows.
    assert find(section3, "三、本年度办理结果") == (5, 0, 22, 1)
    assert find(section3, "（三）不予公开") == (7, 1, 8, 1)
    assert find(section3, "（四）无法提供") == (15, 1, 3, 1)
    assert find(section3, "（五）不予处理") == (18, 1, 5, 1)
    assert find(section3, "（六）其他处理") == (23, 1, 3, 1)
    assert find(section3, "（一）予以公开") == (5, 1, 1, 2)
    assert find(section3, "（七）总计") == (26, 1, 1, 2)
    assert find(section3, "四、结转下年度继续办理") == (27, 0, 1, 3)
    # sample_report: row i (spec order) holds 100 + 10 i + column; new is row 0, carried_out 24.
    assert section3["cells"][(3, 3, 1, 1)] == "100"
    assert section3["cells"][(27, 9, 1, 1)] == str(100 + 240 + 6)
    # Section 二: 4 columns; one-field blocks span the three value columns.
    assert {c for _r, c in section2["taken"]} == set(range(4))
    assert section2["cells"][(6, 1, 1, 3)] == "1200"  # 行政许可
    assert section2["cells"][(13, 1, 1, 3)] == "12.3456"  # 行政事业性收费
    # Section 四: 行政复议 over 5 columns, 行政诉讼 over 10 with its two kinds.
    assert find(section4, "行政复议") == (0, 0, 1, 5)
    assert find(section4, "行政诉讼") == (0, 5, 1, 10)
    assert find(section4, "未经复议直接起诉") == (1, 5, 1, 5)
    assert find(section4, "复议后起诉") == (1, 10, 1, 5)
    assert len(section4["taken"]) == 4 * 15
    assert section4["cells"][(3, 14, 1, 1)] == "24"  # litigation_after_review.total = 20 + 4


def test_pdf_is_a_pdf_with_the_chinese_text():
    pdf = render_pdf(sample_report(), PROSE)
    assert pdf.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", "", text)
    if not text:
        pytest.skip("no text extractable from this PDF")
    assert "总体情况" in text
    assert "法人或其他组织" in text


def test_docx_is_a4_with_merged_headers_and_east_asian_fonts():
    document = docx.Document(io.BytesIO(render_docx(sample_report(), PROSE)))
    section = document.sections[0]
    # Word stores page sizes in twentieths of a point, so allow rounding to the twip.
    assert abs(section.page_width.mm - 210) < 0.1
    assert abs(section.page_height.mm - 297) < 0.1
    normal_fonts = document.styles["Normal"].element.rPr.rFonts
    assert normal_fonts.get(qn("w:eastAsia")) == "仿宋"

    title = document.paragraphs[0]
    assert title.text == report_title(sample_report())
    assert title.alignment == 1  # centred
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert [p.text for p in document.paragraphs if p.text in HEADINGS] == HEADINGS

    section2, section3, section4 = document.tables
    # Merged cells read back as the same cell over their span.
    corner = section3.cell(0, 0)
    assert corner._tc is section3.cell(2, 2)._tc
    assert section3.cell(1, 4)._tc is section3.cell(1, 8)._tc  # 法人或其他组织 over 5 columns
    assert section3.cell(1, 4).text == "法人或其他组织"
    assert section3.cell(5, 0).text == section3.cell(26, 0).text == "三、本年度办理结果"
    assert section3.cell(7, 1).text == "（三）不予公开"
    assert section3.cell(27, 0).text == "四、结转下年度继续办理"
    assert section3.cell(3, 3).text == "100"
    assert section4.cell(0, 5).text == "行政诉讼"
    assert section4.cell(0, 5)._tc is section4.cell(0, 14)._tc
    xml = section3._tbl.xml
    assert 'w:gridSpan w:val="5"' in xml and 'w:vMerge w:val="restart"' in xml
    cell_run = section3.cell(3, 3).paragraphs[0].runs[0]
    assert cell_run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert section2.cell(13, 1).text == "12.3456"


def test_docx_font_table_names_noto_cjk_as_the_alternative():
    data = render_docx(sample_report(), PROSE)
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋"><w:altName w:val="Noto Serif CJK SC"/>' in font_table


def test_xlsx_round_trip_gives_the_same_numbers():
    report = sample_report()
    assert read_xlsx(render_xlsx(report)) == report


def test_xlsx_cells_sit_at_the_documented_positions():
    ws = load_workbook(io.BytesIO(render_xlsx(sample_report()))).worksheets[0]
    # Positions from the xlsx module's docstring.
    assert (ws["B2"].value, ws["E2"].value, ws["J2"].value) == ("fc-gov", "丰城市人民政府", 2024)
    assert ws["B3"].value == "gb-2021"
    assert ws["D25"].value == 100  # new / 自然人
    assert ws["J49"].value == 346  # carried_out / 总计 (row 24 of the spec: 100 + 240 + 6)
    assert ws["D12"].value == 1200  # 行政许可
    assert ws["A55"].value == 0 and ws["O55"].value == 24
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A22:C24", "D22:J22", "E23:I23", "A27:A48", "B29:B36", "A52:E52", "F52:O52"} <= merged


def test_xlsx_reader_names_the_cell_that_is_not_a_number():
    wb = load_workbook(io.BytesIO(render_xlsx(sample_report())))
    wb.worksheets[0]["E26"] = "三"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ReportFormatError) as excinfo:
        read_xlsx(out.getvalue())
    (problem,) = excinfo.value.problems
    assert problem.message.startswith("E26:")
    assert problem.line == 26


def test_xlsx_reader_refuses_a_sheet_with_shifted_rows():
    wb = load_workbook(io.BytesIO(render_xlsx(sample_report())))
    wb.worksheets[0].insert_rows(26)
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(ReportFormatError, match="应为"):
        read_xlsx(out.getvalue())


def test_xlsx_blank_cells_read_as_zero():
    wb = load_workbook(io.BytesIO(render_xlsx(empty_report("x", "某局", 2024))))
    wb.worksheets[0]["D25"] = None
    out = io.BytesIO()
    wb.save(out)
    assert read_xlsx(out.getvalue())["section3"]["rows"]["new"] == [0] * 7
