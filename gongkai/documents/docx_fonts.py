"""Chinese fonts in Word documents (python-docx): the one place that knows ``w:eastAsia``.

Word picks the font of Chinese characters from the run's ``w:rFonts/@w:eastAsia``, not from
``font.name`` (which sets the Latin fonts): without it Chinese text ignores the font chosen. The
annual report, the letters to applicants and the demo's attachments all write DOCX through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree


def set_run_font(
    run: Any,
    east_asia: str,
    *,
    latin: str | None = None,
    size: float | None = None,
    bold: bool = False,
) -> None:
    """Set a run's Chinese font (and its Latin font, the Chinese one unless given), size, bold."""
    run.font.name = latin or east_asia
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = Pt(size)
    run.bold = bold


def set_style_font(
    style: Any, east_asia: str, *, latin: str | None = None, size: float | None = None
) -> None:
    """The same for a paragraph style (``document.styles["Normal"]``): what runs inherit."""
    style.font.name = latin or east_asia
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size is not None:
        style.font.size = Pt(size)


def add_font_fallbacks(document: Any, fallbacks: Mapping[str, str]) -> None:
    """Declare an alternative for each named font in the document's font table (w:altName).

    Government documents name 仿宋, 宋体 and 黑体, which Linux machines rarely have; LibreOffice
    and Word substitute the alternative (Noto CJK) when the named font is missing.
    """
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            break
    else:
        return
    root = etree.fromstring(part.blob)  # noqa: S320 - python-docx's own template part
    existing = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alternative in fallbacks.items():
        if name in existing:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), alternative)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
        existing.add(name)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
