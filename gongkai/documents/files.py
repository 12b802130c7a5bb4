"""Attachment checks: what a file really is, judged by its content rather than its name.

An ``.exe`` renamed ``.pdf`` on a government site is a security incident; a ``.doc`` that is
really a ``.docx`` is a nuisance. Both are caught here, before anything is stored.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

ALLOWED_KINDS = ("pdf", "ofd", "doc", "docx", "xls", "xlsx", "jpg", "png", "gif")

KIND_LABELS = {
    "pdf": gettext_noop("PDF文档"),
    "ofd": gettext_noop("OFD版式文档"),
    "doc": gettext_noop("Word 97-2003文档"),
    "docx": gettext_noop("Word文档"),
    "xls": gettext_noop("Excel 97-2003工作簿"),
    "xlsx": gettext_noop("Excel工作簿"),
    "jpg": gettext_noop("JPEG图片"),
    "png": gettext_noop("PNG图片"),
    "gif": gettext_noop("GIF图片"),
    "ole": gettext_noop("Office 97-2003文档"),
    "zip": gettext_noop("ZIP压缩包"),
    "exe": gettext_noop("Windows可执行程序"),
    "": gettext_noop("无法识别的文件"),
}

EXTENSION_KINDS = {
    "pdf": "pdf",
    "ofd": "ofd",
    "doc": "doc",
    "docx": "docx",
    "xls": "xls",
    "xlsx": "xlsx",
    "jpg": "jpg",
    "jpeg": "jpg",
    "png": "png",
    "gif": "gif",
}

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEAD_BYTES = 8192


def extension_kind(filename: str) -> str:
    """The kind a file claims by its extension ('' when unknown)."""
    return EXTENSION_KINDS.get(PurePath(filename).suffix.lower().lstrip("."), "")


def kind_from_zip_names(names: list[str]) -> str:
    """docx, xlsx or ofd from the member names of a zip; 'zip' for any other archive."""
    if any(n == "OFD.xml" or n.endswith("/OFD.xml") for n in names):
        return "ofd"
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return "zip"


def sniff_kind(head: bytes, filename: str) -> str:
    """What the content is: pdf, ofd, docx, xlsx, doc, xls, jpg, png, gif, or something else.

    ``head`` is the start of the file or the whole file. For zips the member list is read when
    ``head`` is the whole file; otherwise the local file headers in ``head`` are scanned. The two
    OLE formats (doc, xls) share one container: the extension decides between them.
    """
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head.startswith(b"MZ"):
        return "exe"
    if head.startswith(OLE_MAGIC):
        claimed = extension_kind(filename)
        return claimed if claimed in ("doc", "xls") else "ole"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(head)) as zf:
                return kind_from_zip_names(zf.namelist())
        except zipfile.BadZipFile:
            pass
        if b"OFD.xml" in head:
            return "ofd"
        if b"word/" in head:
            return "docx"
        if b"xl/" in head:
            return "xlsx"
        return "zip"
    return ""


@dataclass(frozen=True)
class FileFacts:
    """What we record about an attachment: kind, size in bytes and SHA-256 of the content."""

    kind: str
    size: int
    sha256: str


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} B"


def _sniff_stream(fh: BinaryIO, filename: str) -> tuple[str, int, str]:
    digest = hashlib.sha256()
    head = b""
    size = 0
    while chunk := fh.read(1 << 16):
        if len(head) < HEAD_BYTES:
            head += chunk[: HEAD_BYTES - len(head)]
        digest.update(chunk)
        size += len(chunk)
    kind = sniff_kind(head, filename)
    if kind in ("docx", "xlsx", "ofd", "zip"):
        # The head is not enough to be sure: read the zip's central directory.
        fh.seek(0)
        try:
            with zipfile.ZipFile(fh) as zf:
                kind = kind_from_zip_names(zf.namelist())
        except zipfile.BadZipFile:
            kind = ""
    return kind, size, digest.hexdigest()


def validate_attachment(file: BinaryIO, max_bytes: int | None = None) -> FileFacts:
    """Check an attachment and return its facts; raise ValidationError with a Chinese message.

    ``file`` is any binary file object with a ``name`` (a Django File, an open file).
    Refused: files over ``max_bytes`` (default settings.GONGKAI_MAX_ATTACHMENT_BYTES), kinds
    outside ALLOWED_KINDS, and files whose content does not match their extension.
    """
    limit = max_bytes if max_bytes is not None else settings.GONGKAI_MAX_ATTACHMENT_BYTES
    name = PurePath(getattr(file, "name", "") or "").name
    if hasattr(file, "seek"):
        file.seek(0)
    kind, size, sha = _sniff_stream(file, name)
    if hasattr(file, "seek"):
        file.seek(0)
    if size > limit:
        raise ValidationError(
            _("附件“%(name)s”大小为%(size)s，超过上限%(limit)s。")
            % {"name": name, "size": _human_size(size), "limit": _human_size(limit)},
            code="too_large",
        )
    claimed = extension_kind(name)
    allowed = "、".join(("PDF", "OFD", "DOC", "DOCX", "XLS", "XLSX", "JPG", "PNG", "GIF"))
    if not claimed:
        raise ValidationError(
            _("附件“%(name)s”的类型不允许上传，只接受：%(allowed)s。")
            % {"name": name, "allowed": allowed},
            code="not_allowed",
        )
    if kind != claimed:
        raise ValidationError(
            _("附件“%(name)s”的扩展名与内容不符：扩展名是%(ext)s，内容却是%(actual)s。")
            % {
                "name": name,
                "ext": _(KIND_LABELS[claimed]) if claimed in KIND_LABELS else claimed,
                "actual": _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind,
            },
            code="mismatch",
        )
    return FileFacts(kind=kind, size=size, sha256=sha)
