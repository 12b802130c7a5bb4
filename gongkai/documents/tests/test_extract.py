"""Text extraction with locations from text, DOCX, XLSX and PDF attachments."""

import pytest

from gongkai.documents.extract import (
    Chunk,
    ExtractionError,
    UnsupportedFileType,
    decode_text,
    extract_chunks,
    extract_file,
)
from gongkai.documents.tests.builders import (
    CARD,
    ID_NUMBER,
    MOBILE,
    build_docx,
    build_pdf,
    build_xlsx,
)
from gongkai.pii.precheck import scan_chunks


def test_it_reads_utf8_text_with_a_bom_and_windows_newlines():
    data = "\ufeff第一行\r\n手机13812345678\r\n".encode()
    assert extract_chunks(data, "a.txt") == [Chunk(None, "第一行\n手机13812345678\n")]


def test_it_falls_back_to_gb18030_for_text_from_chinese_windows_tools():
    data = "联系电话13812345678".encode("gb18030")
    assert decode_text(data) == "联系电话13812345678"


def test_a_csv_is_read_as_text_so_lines_are_csv_lines(tmp_path):
    path = tmp_path / "名单.csv"
    path.write_text("姓名,手机\n某某,13812345678\n", encoding="utf-8")
    [finding] = scan_chunks(extract_file(path))
    assert (finding.line, finding.column) == (2, 4)  # "某某," is three characters


@pytest.mark.parametrize("name", ["a.doc", "a.xls", "a.wps", "a.jpg", "README"])
def test_it_refuses_types_it_cannot_read_and_says_what_to_do(name):
    with pytest.raises(UnsupportedFileType, match="另存为 DOCX、XLSX、PDF"):
        extract_chunks(b"whatever", name)


@pytest.mark.parametrize("name", ["broken.docx", "broken.xlsx", "broken.pdf"])
def test_it_reports_a_corrupt_file_as_an_extraction_error(name):
    with pytest.raises(ExtractionError, match="重新保存|XLSX"):
        extract_chunks(b"this is not an office file", name)


def test_docx_chunks_are_paragraphs_numbered_in_document_order():
    chunks = extract_chunks(build_docx(), "答复.docx")
    # See build_docx: 1 body, 2-5 table cells (only cell 2/2 has text), 6 tracked paragraph,
    # 7 header. The tracked insertion is visible text; the deletion is not.
    assert chunks == [
        Chunk("第1段", f"联系电话：{MOBILE}。", 1),
        Chunk("表格1 第2行第2列", f"身份证 {ID_NUMBER}", 5),
        Chunk("第6段", "保留的正文，插入的文字", 6),
        Chunk("页眉", "机密★1年", 7),
    ]


def test_xlsx_chunks_are_cells_labelled_by_sheet_and_reference_on_their_row():
    chunks = extract_chunks(build_xlsx(), "名单.xlsx")
    assert [(c.location, c.text, c.line) for c in chunks] == [
        ("表 名单!A1", "姓名", 1),
        ("表 名单!B1", "身份证号", 1),
        ("表 名单!C1", "手机", 1),
        ("表 名单!A3", "某某", 3),
        ("表 名单!B3", ID_NUMBER, 3),
        ("表 名单!C3", MOBILE, 3),  # stored as a number, read back without ".0"
        ("表 名单!D3", "20241001", 3),
    ]


def test_pdf_chunks_are_pages_with_lines_counted_inside_each_page():
    chunks = extract_chunks(build_pdf(), "reply.pdf")
    assert [c.location for c in chunks] == ["第1页", "第2页"]
    findings = scan_chunks(chunks)
    grouped_card = f"{CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]}"
    assert [(f.location, f.line, f.kind, f.value) for f in findings] == [
        ("第1页", 2, "mobile", MOBILE),
        ("第1页", 2, "bank_card", grouped_card),
        ("第2页", 1, "id_number", ID_NUMBER),
    ]
