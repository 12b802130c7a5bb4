"""Strip hidden metadata from attachments before they are published.

Office files and PDFs carry what nobody sees on screen but anyone can read: the author's and the
last editor's names, the company, comments with their authors, tracked changes (deleted text is
still in the file), the path of the template on someone's disk. Publishing that leaks personal
data and internal drafting, so every published attachment goes through ``strip_metadata``.

DOCX and XLSX are edited at the package level (zip + XML) rather than loaded and re-saved with
python-docx/openpyxl: a round trip through openpyxl drops charts and images, and neither library
can remove tracked changes. Only the hidden parts are touched; everything visible is kept
byte-for-byte where possible.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from typing import Final

from django.utils.translation import gettext as _
from lxml import etree

from .extract import (
    TEXT_EXTENSIONS,
    ExtractionError,
    UnsupportedFileType,
    extension_of,
)

SANITIZABLE_EXTENSIONS: Final = TEXT_EXTENSIONS | {".docx", ".xlsx", ".pdf"}

W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
S: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MC: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_RELS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CT: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
CP: Final = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC: Final = "http://purl.org/dc/elements/1.1/"
EP: Final = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

# Core properties that name people or hold private notes. Title, subject, language and dates stay.
_CORE_DROP: Final = {
    f"{{{DC}}}creator",
    f"{{{DC}}}description",  # the "comments" property
    f"{{{CP}}}lastModifiedBy",
    f"{{{CP}}}keywords",
    f"{{{CP}}}category",
    f"{{{CP}}}contentStatus",
    f"{{{CP}}}lastPrinted",
    f"{{{CP}}}revision",
}
_APP_DROP: Final = {
    f"{{{EP}}}{name}" for name in ("Company", "Manager", "HyperlinkBase", "Template", "TotalTime")
}

_XML_PARSER: Final = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def strip_metadata(data: bytes, filename: str) -> bytes:
    """The file without its hidden metadata, ready to publish; the type comes from ``filename``.

    Plain text has none and is returned unchanged. Other types raise UnsupportedFileType so a
    caller never publishes a file believing it was cleaned.
    """
    ext = extension_of(filename)
    if ext in TEXT_EXTENSIONS:
        return data
    try:
        if ext == ".docx":
            return _strip_docx(data)
        if ext == ".xlsx":
            return _strip_xlsx(data)
        if ext == ".pdf":
            return _strip_pdf(data)
    except ExtractionError:
        raise
    except Exception as exc:
        raise ExtractionError(
            _("无法清除该文件的元数据（%(error)s）：文件可能已损坏，请用办公软件打开后重新保存。")
            % {"error": type(exc).__name__}
        ) from exc
    raise UnsupportedFileType(
        _("无法清除“%(ext)s”文件的隐藏信息：请另存为 DOCX、XLSX 或 PDF 后再发布。")
        % {"ext": ext or _("无扩展名")}
    )


# --- OPC package (the zip inside DOCX/XLSX) ---------------------------------------------------


class _Package:
    """The parts of an Office Open XML package, with just enough to remove parts cleanly."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.infos = z.infolist()
            self.parts = {info.filename: z.read(info) for info in self.infos}

    def xml(self, name: str):
        blob = self.parts.get(name)
        return None if blob is None else etree.fromstring(blob, _XML_PARSER)  # noqa: S320

    def set_xml(self, name: str, root) -> None:
        self.parts[name] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True
        )

    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    @staticmethod
    def _source_dir(rels_name: str) -> str:
        return posixpath.dirname(posixpath.dirname(rels_name))

    def relationships(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part name) of ``part``'s internal relationships ("" = package)."""
        name = self.rels_name(part) if part else "_rels/.rels"
        root = self.xml(name)
        if root is None:
            return []
        found = []
        for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            found.append(
                (rel.get("Id"), rel.get("Type", ""), self._resolve(name, rel.get("Target", "")))
            )
        return found

    def _resolve(self, rels_name: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        return posixpath.normpath(posixpath.join(self._source_dir(rels_name), target))

    def remove_part(self, part: str, *, cascade: bool = False) -> None:
        """Delete a part, its relationships file, its content-type entry and every link to it."""
        if cascade:
            for _id, _type, target in self.relationships(part):
                if target in self.parts:
                    self.remove_part(target, cascade=True)
        self.parts.pop(part, None)
        self.parts.pop(self.rels_name(part), None)
        for name in [n for n in self.parts if n.endswith(".rels")]:
            root = self.xml(name)
            doomed = [
                rel
                for rel in root.iter(f"{{{PKG_RELS}}}Relationship")
                if rel.get("TargetMode") != "External"
                and self._resolve(name, rel.get("Target", "")) == part
            ]
            if doomed:
                for rel in doomed:
                    rel.getparent().remove(rel)
                self.set_xml(name, root)
        types = self.xml("[Content_Types].xml")
        if types is not None:
            for override in list(types.iter(f"{{{CT}}}Override")):
                if override.get("PartName", "").lstrip("/") == part:
                    types.remove(override)
            self.set_xml("[Content_Types].xml", types)

    def parts_related_by(self, part: str, *type_suffixes: str) -> list[tuple[str, str]]:
        return [
            (rid, target)
            for rid, rtype, target in self.relationships(part)
            if rtype.rsplit("/", 1)[-1] in type_suffixes and target in self.parts
        ]

    def save(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            written = set()
            for info in self.infos:
                if info.filename in self.parts:
                    z.writestr(info.filename, self.parts[info.filename], zipfile.ZIP_DEFLATED)
                    written.add(info.filename)
            for name, blob in self.parts.items():
                if name not in written:
                    z.writestr(name, blob, zipfile.ZIP_DEFLATED)
        return out.getvalue()


def _strip_document_properties(pkg: _Package) -> None:
    """Author, editor, company and friends from docProps; custom properties entirely."""
    for _rid, target in pkg.parts_related_by("", "core-properties"):
        root = pkg.xml(target)
        for el in [el for el in root if el.tag in _CORE_DROP]:
            root.remove(el)
        pkg.set_xml(target, root)
    for _rid, target in pkg.parts_related_by("", "extended-properties"):
        root = pkg.xml(target)
        for el in [el for el in root if el.tag in _APP_DROP]:
            root.remove(el)
        pkg.set_xml(target, root)
    for _rid, target in pkg.parts_related_by("", "custom-properties"):
        pkg.remove_part(target)


def _remove(el) -> None:
    parent = el.getparent()
    if parent is not None:
        parent.remove(el)


def _unwrap(el) -> None:
    """Replace ``el`` by its children (accepting a tracked insertion)."""
    parent = el.getparent()
    if parent is None:
        return
    index = parent.index(el)
    for offset, child in enumerate(list(el)):
        parent.insert(index + offset, child)
    parent.remove(el)


# --- DOCX -------------------------------------------------------------------------------------


def _w(*names: str) -> tuple[str, ...]:
    return tuple(f"{{{W}}}{n}" for n in names)


_MARKER_PARENTS: Final = _w("rPr", "trPr")
_PROPERTY_CHANGES: Final = _w(
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "tblPrExChange",
    "trPrChange",
    "tcPrChange",
    "tblGridChange",
    "numberingChange",
    "cellIns",
    "cellDel",
    "cellMerge",
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "commentRangeStart",
    "commentRangeEnd",
    "customXmlInsRangeStart",
    "customXmlInsRangeEnd",
    "customXmlDelRangeStart",
    "customXmlDelRangeEnd",
)
_W_RUN_CONTENT_IGNORED: Final = _w("rPr")


def _accept_revisions_and_drop_comments(root) -> None:
    """Accept tracked changes (drop deletions, keep insertions) and remove comment anchors."""
    for el in list(root.iter(*_w("del", "moveFrom"))):
        parent = el.getparent()
        if parent is not None and parent.tag == f"{{{W}}}trPr":
            _remove(parent.getparent())  # a deleted table row
        elif parent is not None and parent.tag in _MARKER_PARENTS:
            _remove(el)  # a deleted paragraph mark: keep the paragraph, drop the marker
        else:
            _remove(el)
    for el in list(root.iter(*_w("ins", "moveTo"))):
        parent = el.getparent()
        if parent is not None and parent.tag in _MARKER_PARENTS:
            _remove(el)
        else:
            _unwrap(el)
    for el in list(root.iter(*_PROPERTY_CHANGES)):
        _remove(el)
    for el in list(root.iter(f"{{{W}}}commentReference")):
        run = el.getparent()
        _remove(el)
        if (
            run is not None
            and run.tag == f"{{{W}}}r"
            and all(child.tag in _W_RUN_CONTENT_IGNORED for child in run)
        ):
            _remove(run)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attr in [a for a in el.attrib if a.startswith(f"{{{W}}}rsid")]:
            del el.attrib[attr]


def _strip_docx(data: bytes) -> bytes:
    pkg = _Package(data)
    _strip_document_properties(pkg)
    main = [t for _rid, t in pkg.parts_related_by("", "officeDocument")]
    for part in main:
        for _rid, target in pkg.parts_related_by(
            part, "comments", "commentsExtended", "commentsIds", "commentsExtensible", "people"
        ):
            pkg.remove_part(target)
        for _rid, target in pkg.parts_related_by(part, "settings"):
            settings = pkg.xml(target)
            for el in list(settings.iter(*_w("rsids", "trackRevisions", "attachedTemplate"))):
                _remove(el)
            pkg.set_xml(target, settings)
    for name in list(pkg.parts):
        if not name.endswith(".xml") or not name.startswith("word/"):
            continue
        root = pkg.xml(name)
        if root is None or not isinstance(root.tag, str) or not root.tag.startswith(f"{{{W}}}"):
            continue
        _accept_revisions_and_drop_comments(root)
        pkg.set_xml(name, root)
    return pkg.save()


# --- XLSX -------------------------------------------------------------------------------------


def _strip_xlsx(data: bytes) -> bytes:
    pkg = _Package(data)
    _strip_document_properties(pkg)
    for _rid, workbook_part in pkg.parts_related_by("", "officeDocument"):
        for _rid2, target in pkg.parts_related_by(workbook_part, "person", "usernames"):
            pkg.remove_part(target)
        for _rid2, target in pkg.parts_related_by(workbook_part, "revisionHeaders"):
            pkg.remove_part(target, cascade=True)
        for _rid2, sheet in pkg.parts_related_by(workbook_part, "worksheet"):
            _strip_sheet_comments(pkg, sheet)
        workbook = pkg.xml(workbook_part)
        for sharing in workbook.iter(f"{{{S}}}fileSharing"):
            sharing.attrib.pop("userName", None)
        for el in [el for el in workbook.iter() if etree.QName(el).localname == "absPath"]:
            # Excel records the folder the file was saved from (C:\Users\<name>\...).
            holder = el
            while holder.getparent() is not None and holder.tag != f"{{{MC}}}AlternateContent":
                holder = holder.getparent()
            _remove(holder if holder.tag == f"{{{MC}}}AlternateContent" else el)
        pkg.set_xml(workbook_part, workbook)
    return pkg.save()


def _strip_sheet_comments(pkg: _Package, sheet: str) -> None:
    """Cell comments (legacy and threaded) and the VML shapes that display them."""
    comments = pkg.parts_related_by(sheet, "comments", "threadedComment")
    if not comments:
        return
    for _rid, target in comments:
        pkg.remove_part(target)
    vml = pkg.parts_related_by(sheet, "vmlDrawing")
    root = pkg.xml(sheet)
    for rid, target in vml:
        pkg.remove_part(target)
        for el in list(root.iter(f"{{{S}}}legacyDrawing")):
            if el.get(f"{{{R}}}id") == rid:
                _remove(el)
    pkg.set_xml(sheet, root)


# --- PDF --------------------------------------------------------------------------------------

# Review annotations: sticky notes and the markup a reviewer leaves, each carrying its author.
_PDF_REVIEW_ANNOTATIONS: Final = frozenset(
    {"/Text", "/Popup", "/Highlight", "/Underline", "/Squiggly", "/StrikeOut", "/Caret"}
)


def _strip_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, NameObject

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ExtractionError(_("PDF 文件已加密：请先解除密码保护后再发布。"))
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None  # the /Info dictionary: Author, Creator, Producer, Title …
    writer.xmp_metadata = None  # the XMP stream, which repeats them and adds edit history
    writer.root_object.pop(NameObject("/PieceInfo"), None)  # applications' private data
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            page.pop(NameObject(key), None)
        annots = page.get("/Annots")
        if annots is None:
            continue
        kept = ArrayObject(
            a
            for a in annots.get_object()
            if a.get_object().get("/Subtype") not in _PDF_REVIEW_ANNOTATIONS
        )
        if kept:
            page[NameObject("/Annots")] = kept
        else:
            page.pop(NameObject("/Annots"), None)
    # The removed dictionaries would otherwise still be written as orphaned objects.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
