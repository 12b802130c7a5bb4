"""Tiny but real attachment files, made on the fly (the repository holds no binary fixtures)."""

from __future__ import annotations

import io

from gongkai.documents.docx_fonts import set_style_font


def tiny_pdf(title: str) -> bytes:
    """A one-page A4 PDF whose document title is ``title`` (pypdf: no fonts needed)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title, "/Producer": "Gongkai demo"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def tiny_docx(title: str, paragraphs: list[str]) -> bytes:
    """A Word document with a heading and a few paragraphs, East-Asian font set."""
    from docx import Document

    doc = Document()
    set_style_font(doc.styles["Normal"], "宋体", latin="SimSun")
    doc.add_heading(title, level=1)
    for text in paragraphs:
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def tiny_xlsx(headers: list[str], rows: list[list[object]]) -> bytes:
    from gongkai.core.tabular import write_xlsx

    return write_xlsx(headers, rows)
