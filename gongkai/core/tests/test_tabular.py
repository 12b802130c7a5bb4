import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from gongkai.core.tabular import Column, TableError, format_error, read_table, write_xlsx
from gongkai.pii.checkdigits import credit_code_is_valid

COLUMNS = [
    Column("title", "标题", required=True),
    Column("formed_on", "成文日期", required=True),
    Column("keywords", "关键词"),
]


def test_it_reads_a_bom_csv_with_chinese_headers_and_counts_lines_like_a_human(tmp_path):
    path = tmp_path / "items.csv"
    # Line 1 header, line 2 a row, line 3 blank (skipped), line 4 a row.
    path.write_bytes("\ufeff标题,成文日期\n通知甲,2024-01-02\n\n通知乙,2024-02-03\n".encode())
    table = read_table(path, COLUMNS)
    rows = list(table.rows())
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].values == {"title": "通知甲", "formed_on": "2024-01-02", "keywords": ""}


def test_a_quoted_cell_spanning_lines_moves_the_next_row_down(tmp_path):
    path = tmp_path / "items.csv"
    # The first record occupies physical lines 2-3, so the second starts on line 4.
    path.write_text(
        'title,formed_on\n"两行\n标题",2024-01-02\n第二条,2024-01-03\n', encoding="utf-8"
    )
    rows = list(read_table(path, COLUMNS).rows())
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].get("title") == "两行\n标题"


def test_english_keys_are_case_and_width_insensitive(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("TITLE,ｆｏｒｍｅｄ_ｏｎ\nA,2024-01-01\n", encoding="utf-8")
    assert next(read_table(path, COLUMNS).rows()).get("formed_on") == "2024-01-01"


def test_it_names_gb18030_files_instead_of_misreading_them(tmp_path):
    path = tmp_path / "items.csv"
    path.write_bytes("标题,成文日期\n通知,2024-01-02\n".encode("gb18030"))
    with pytest.raises(TableError) as exc:
        read_table(path, COLUMNS)
    assert exc.value.errors[0].line == 1
    assert "GB18030" in exc.value.errors[0].message


def test_unknown_and_missing_columns_are_reported_on_line_one(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text("标题,颜色\nA,红\n", encoding="utf-8")
    with pytest.raises(TableError) as exc:
        read_table(path, COLUMNS)
    messages = [e.message for e in exc.value.errors]
    assert all(e.line == 1 for e in exc.value.errors)
    assert any("颜色" in m for m in messages)
    assert any("成文日期" in m for m in messages)


def test_it_reads_the_first_sheet_of_an_xlsx_with_dates_as_iso(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "成文日期", "关键词"])
    ws.append(["通知", dt.datetime(2024, 3, 5), 12.0])
    ws.append([None, None, None])
    ws.append(["公告", "2024-03-06", None])
    wb.create_sheet("ignored").append(["x"])
    path = tmp_path / "items.xlsx"
    wb.save(path)
    rows = list(read_table(path, COLUMNS).rows())
    assert [r.line for r in rows] == [2, 4]
    assert rows[0].values == {"title": "通知", "formed_on": "2024-03-05", "keywords": "12"}


def test_errors_are_formatted_file_colon_line():
    assert format_error("a/b.csv", 3, "缺少成文日期") == "a/b.csv:3: 缺少成文日期"


def test_xlsx_export_has_a_bold_frozen_header_and_wide_enough_columns():
    data = write_xlsx(["索引号", "标题"], [["X/2024-00001", "关于印发某某工作要点的通知"]])
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "索引号" and ws["A1"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws["B2"].value == "关于印发某某工作要点的通知"
    # 13 CJK characters are 26 columns wide; the title column must be at least that.
    assert ws.column_dimensions["B"].width >= 26


def test_credit_code_check_character_follows_gb32100():
    # The spec's example 11330781751901053P is a real, valid code; changing its check fails.
    assert credit_code_is_valid("11330781751901053P")
    assert not credit_code_is_valid("11330781751901053Q")
    assert not credit_code_is_valid("1133078175190105")
