"""Hidden metadata is stripped from attachments before publication; the body text stays."""

import io
import zipfile

import pytest

from gongkai.documents.extract import ExtractionError, UnsupportedFileType, extract_chunks
from gongkai.documents.sanitize import strip_metadata
from gongkai.documents.tests.builders import (
    ID_NUMBER,
    MOBILE,
    build_docx,
    build_pdf,
    build_xlsx,
)

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator><rdf:Seq><rdf:li>Zhang San</rdf:li></rdf:Seq></dc:creator>"
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
PEOPLE = ("张三", "李四", "王五", "赵六", "钱七", "丰城市某某局")


def _all_text(data: bytes) -> str:
    """Every XML member of a package, concatenated: where hidden metadata would be."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(
            z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels", ".vml"))
        )


def test_the_test_documents_really_carry_the_metadata_to_remove():
    # Guards the tests below against passing because the builders wrote nothing.
    for data in (build_docx(), build_xlsx()):
        text = _all_text(data)
        assert "张三" in text and "李四" in text and "丰城市某某局" in text and "王五" in text


def test_docx_loses_author_editor_company_comments_and_revisions():
    cleaned = strip_metadata(build_docx(), "答复.docx")
    text = _all_text(cleaned)
    for name in PEOPLE:
        assert name not in text
    assert "内部备注" not in text and "草稿" not in text  # comments/keywords properties
    assert "请删除手机号" not in text  # the comment itself
    assert "删除的旧文字" not in text  # deleted tracked text
    assert "commentRangeStart" not in text and "commentReference" not in text
    with zipfile.ZipFile(io.BytesIO(cleaned)) as z:
        assert "word/comments.xml" not in z.namelist()


def test_docx_keeps_its_visible_text_with_tracked_insertions_accepted():
    import docx

    cleaned = strip_metadata(build_docx(), "答复.docx")
    document = docx.Document(io.BytesIO(cleaned))  # still opens: no dangling references
    assert [p.text for p in document.paragraphs] == [
        f"联系电话：{MOBILE}。",
        "保留的正文，插入的文字",
    ]
    assert document.tables[0].cell(1, 1).text == f"身份证 {ID_NUMBER}"
    assert document.sections[0].header.paragraphs[0].text == "机密★1年"
    assert document.core_properties.title == "关于某事的答复"  # the title is not hidden data
    assert document.core_properties.author == ""


def test_xlsx_loses_creator_editor_company_and_cell_comments():
    import openpyxl

    cleaned = strip_metadata(build_xlsx(), "名单.xlsx")
    text = _all_text(cleaned)
    for name in PEOPLE:
        assert name not in text
    assert "已与户籍核对" not in text
    sheet = openpyxl.load_workbook(io.BytesIO(cleaned)).active
    assert sheet["B3"].comment is None
    assert sheet["B3"].value == ID_NUMBER and sheet["C3"].value == int(MOBILE)


def test_pdf_loses_its_info_dictionary_xmp_and_sticky_notes():
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Text

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(build_pdf())))
    writer.xmp_metadata = XMP
    writer.add_annotation(0, Text(rect=(50, 550, 200, 650), text="Note by Wang Wu"))
    buffer = io.BytesIO()
    writer.write(buffer)
    original = PdfReader(io.BytesIO(buffer.getvalue()))
    assert original.metadata["/Author"] == "Zhang San"  # guard: there was something to remove
    assert original.xmp_metadata is not None
    assert len(original.pages[0]["/Annots"]) == 1

    cleaned_bytes = strip_metadata(buffer.getvalue(), "reply.pdf")
    cleaned = PdfReader(io.BytesIO(cleaned_bytes))
    assert cleaned.metadata is None
    assert cleaned.xmp_metadata is None
    assert "/Annots" not in cleaned.pages[0]
    assert b"Zhang San" not in cleaned_bytes and b"Wang Wu" not in cleaned_bytes
    assert ID_NUMBER in "".join(c.text for c in extract_chunks(cleaned_bytes, "reply.pdf"))


def test_plain_text_has_no_hidden_metadata_and_is_returned_unchanged():
    assert strip_metadata("手机13812345678".encode(), "a.txt") == "手机13812345678".encode()


def test_it_refuses_types_it_cannot_clean_rather_than_publish_them_uncleaned():
    with pytest.raises(UnsupportedFileType):
        strip_metadata(b"\xff\xd8\xff", "photo.jpg")


def test_a_corrupt_office_file_raises_an_extraction_error():
    with pytest.raises(ExtractionError):
        strip_metadata(b"not a zip", "broken.docx")
