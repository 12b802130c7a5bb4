import io

import pytest
from django.core.exceptions import ValidationError

from gongkai.demo.files import tiny_docx, tiny_pdf
from gongkai.documents.files import sniff_kind, validate_attachment


class Named(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def test_it_recognises_formats_by_their_magic_bytes():
    assert sniff_kind(b"%PDF-1.7\n", "a.pdf") == "pdf"
    assert sniff_kind(b"\x89PNG\r\n\x1a\n....", "a.png") == "png"
    assert sniff_kind(b"\xff\xd8\xff\xe0", "a.jpg") == "jpg"
    assert sniff_kind(b"GIF89a", "a.gif") == "gif"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 32
    # doc and xls share the OLE container: the extension decides.
    assert sniff_kind(ole, "a.doc") == "doc"
    assert sniff_kind(ole, "a.xls") == "xls"


def test_it_tells_docx_from_xlsx_by_the_zip_members():
    assert sniff_kind(tiny_docx("标题", ["正文"]), "a.docx") == "docx"
    from gongkai.core.tabular import write_xlsx

    assert sniff_kind(write_xlsx(["a"], [[1]]), "a.xlsx") == "xlsx"


def test_an_exe_renamed_pdf_is_refused():
    exe = b"MZ\x90\x00" + b"\0" * 200
    with pytest.raises(ValidationError) as exc:
        validate_attachment(Named(exe, "通知.pdf"))
    assert "扩展名与内容不符" in exc.value.messages[0]


def test_a_docx_renamed_xlsx_is_refused():
    with pytest.raises(ValidationError):
        validate_attachment(Named(tiny_docx("标题", ["正文"]), "表格.xlsx"))


def test_unlisted_types_and_oversized_files_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_attachment(Named(b"hello", "readme.txt"))
    assert "不允许" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        validate_attachment(Named(tiny_pdf("x"), "a.pdf"), max_bytes=10)
    assert "超过上限" in exc.value.messages[0]


def test_a_real_pdf_passes_with_its_size_and_hash():
    import hashlib

    data = tiny_pdf("标题")
    facts = validate_attachment(Named(data, "a.pdf"))
    assert facts.kind == "pdf"
    assert facts.size == len(data)
    assert facts.sha256 == hashlib.sha256(data).hexdigest()
