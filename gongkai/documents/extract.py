"""Text extraction from attachments, with locations: for the confidentiality pre-check and search.

The pre-check must see every piece of text a reader of the published file could see, and say
where each piece is, so a reviewer can find it. Each format yields ``Chunk``s:

* plain text (.txt, .md, .csv): one chunk, lines counted inside it; UTF-8 (BOM accepted), else
  GB18030, which Chinese Windows tools still write;
* DOCX: one chunk per paragraph, numbered in document order over the body (table cells and text
  boxes included, empty paragraphs counted), then headers, footers, footnotes and endnotes; the
  number is the chunk's line. Text is read from the XML so that runs inside tracked insertions,
  content controls and hyperlinks are not skipped; deleted text is not visible and is skipped
  (publication strips it, see sanitize.py);
* XLSX: one chunk per non-empty cell, its row as the line, labelled 表 Sheet!B3;
* PDF: one chunk per page, lines counted inside the page's extracted text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.utils.translation import gettext as _

TEXT_EXTENSIONS: Final = frozenset({".txt", ".text", ".md", ".csv"})
SUPPORTED_EXTENSIONS: Final = TEXT_EXTENSIONS | {".docx", ".xlsx", ".pdf"}


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of text extracted from a document, with where it came from.

    ``line`` is None when line numbers are counted inside the text itself (plain text, a PDF
    page). When it is set (a DOCX paragraph, an XLSX cell), every finding in the chunk is reported
    on that line and its column is the character position within the chunk.
    """

    location: str | None
    text: str
    line: int | None = None


class ExtractionError(ValueError):
    """The file cannot be read; the message says what to do about it."""


class UnsupportedFileType(ExtractionError):
    """The pre-check cannot read this kind of file."""


def extension_of(filename: str) -> str:
    return Path(filename).suffix.lower()


def check_supported(filename: str) -> None:
    """Raise UnsupportedFileType, with advice, unless the pre-check can read ``filename``."""
    ext = extension_of(filename)
    if ext not in SUPPORTED_EXTENSIONS:
        raise UnsupportedFileType(
            _("不支持的文件类型“%(ext)s”：请另存为 DOCX、XLSX、PDF 或纯文本（TXT、CSV）后再检查。")
            % {"ext": ext or _("无扩展名")}
        )


def extract_chunks(data: bytes, filename: str) -> list[Chunk]:
    """The text of a file, in reading order, as chunks that know where they are.

    The type is taken from the file name's extension, as users name their attachments.
    """
    check_supported(filename)
    ext = extension_of(filename)
    if ext in TEXT_EXTENSIONS:
        return [Chunk(location=None, text=decode_text(data))]
    try:
        if ext == ".docx":
            return list(_docx_chunks(data))
        if ext == ".xlsx":
            return list(_xlsx_chunks(data))
        return list(_pdf_chunks(data))
    except ExtractionError:
        raise
    except Exception as exc:  # corrupt files raise anything from zipfile, lxml, pypdf …
        raise ExtractionError(
            _(
                "无法读取该文件（%(error)s）：文件可能已损坏或并非 %(type)s 格式，请用办公软件打开后重新保存。"
            )
            % {"error": type(exc).__name__, "type": ext[1:].upper()}
        ) from exc


def extract_file(path: str | Path) -> list[Chunk]:
    """``extract_chunks`` for a file on disk."""
    path = Path(path)
    check_supported(path.name)
    return extract_chunks(path.read_bytes(), path.name)


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), else GB18030; newlines made ``\\n``."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise ExtractionError(_("无法识别文本编码：请另存为 UTF-8 编码后再检查。"))


# --- DOCX -------------------------------------------------------------------------------------

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W_P, _W_TBL, _W_TR, _W_TC = (f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc"))
_W_T, _W_TAB, _W_BR, _W_CR = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr"))
_W_TXBX = f"{{{W}}}txbxContent"
_MC_FALLBACK = f"{{{MC}}}Fallback"
_W_GRIDSPAN = f"{{{W}}}gridSpan"
_W_VAL = f"{{{W}}}val"

_DOCX_PARTS: Final = (
    ("/header", "页眉"),
    ("/footer", "页脚"),
    ("/footnotes", "脚注"),
    ("/endnotes", "尾注"),
)


def _paragraph_text(p) -> str:
    """Visible text of one w:p: its runs wherever nested, minus text boxes anchored in it."""
    parts: list[str] = []
    for el in p.iter(_W_T, _W_TAB, _W_BR, _W_CR):
        parent = el.getparent()
        nested = False
        while parent is not None and parent is not p:
            if parent.tag in (_W_TXBX, _MC_FALLBACK):
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        if el.tag == _W_T:
            parts.append(el.text or "")
        elif el.tag == _W_TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _text_boxes(p) -> list:
    """Text-box contents anchored in paragraph ``p`` (not the duplicate fallback copies)."""
    boxes = []
    for box in p.iter(_W_TXBX):
        parent = box.getparent()
        inside_other = False
        while parent is not None and parent is not p:
            if parent.tag in (_W_TXBX, _MC_FALLBACK):
                inside_other = True
                break
            parent = parent.getparent()
        if not inside_other:
            boxes.append(box)
    return boxes


def _walk(container, label: str, tables: list[int]) -> Iterator[tuple[str, object]]:
    """(label, w:p) for every paragraph under ``container`` in reading order."""
    for child in container.iterchildren():
        if child.tag == _W_P:
            yield label, child
            for box in _text_boxes(child):
                yield from _walk(box, _("文本框"), tables)
        elif child.tag == _W_TBL:
            tables[0] += 1
            number = tables[0]
            for r, tr in enumerate(child.iterchildren(_W_TR), start=1):
                column = 1
                for tc in tr.iterchildren(_W_TC):
                    cell_label = _("表格%(t)d 第%(r)d行第%(c)d列") % {
                        "t": number,
                        "r": r,
                        "c": column,
                    }
                    yield from _walk(tc, cell_label, tables)
                    span = tc.find(f"{{{W}}}tcPr/{_W_GRIDSPAN}")
                    column += int(span.get(_W_VAL, "1")) if span is not None else 1
        elif child.tag not in (_W_TC, _MC_FALLBACK):
            # Content controls (w:sdt/w:sdtContent), smart tags, custom XML: look inside.
            yield from _walk(child, label, tables)


def _docx_chunks(data: bytes) -> Iterator[Chunk]:
    import docx

    document = docx.Document(io.BytesIO(data))
    number = 0
    tables = [0]
    for label, p in _walk(document.element.body, "", tables):
        number += 1
        text = _paragraph_text(p)
        if text.strip():
            where = label or _("第%(n)d段") % {"n": number}
            yield Chunk(location=where, text=text, line=number)
    seen = set()
    for suffix, name in _DOCX_PARTS:
        for rel in document.part.rels.values():
            if rel.is_external or not rel.reltype.endswith(suffix) or rel.target_part in seen:
                continue
            seen.add(rel.target_part)
            root = _part_root(rel.target_part)
            for _label, p in _walk(root, name, tables):
                number += 1
                text = _paragraph_text(p)
                if text.strip():
                    yield Chunk(location=name, text=text, line=number)


def _part_root(part):
    """The XML root of a package part, whether python-docx parsed it or kept the bytes."""
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(part.blob, parser)  # noqa: S320 - entities off, no network


# --- XLSX -------------------------------------------------------------------------------------


def _cell_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Numbers typed into Excel become floats; an integral one is shown without ".0".
        return str(int(value)) if value.is_integer() else repr(value)
    return None  # dates, times: never one of the identifiers looked for


def _xlsx_chunks(data: bytes) -> Iterator[Chunk]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ExtractionError(
            _("无法读取该文件：并非 XLSX 格式，请用办公软件另存为 XLSX 后再检查。")
        )
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    text = _cell_text(getattr(cell, "value", None))
                    if text and text.strip():
                        ref = f"{get_column_letter(cell.column)}{cell.row}"
                        yield Chunk(
                            location=_("表 %(sheet)s!%(ref)s") % {"sheet": sheet.title, "ref": ref},
                            text=text,
                            line=cell.row,
                        )
    finally:
        workbook.close()


# --- PDF --------------------------------------------------------------------------------------


def _pdf_chunks(data: bytes) -> Iterator[Chunk]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError(_("PDF 文件已加密：请先解除密码保护后再检查。"))
    for number, page in enumerate(reader.pages, start=1):
        text = (page.extract_text() or "").replace("\r\n", "\n").replace("\r", "\n")
        if text.strip():
            yield Chunk(location=_("第%(n)d页") % {"n": number}, text=text)
