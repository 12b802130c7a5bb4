"""PDF from HTML through WeasyPrint, with Debian's ``fonts-noto-cjk`` for the Chinese text."""

from __future__ import annotations


def html_to_pdf(html: str, *, css: str | None = None, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document, with an extra stylesheet (page size, margins) if given."""
    # WeasyPrint loads cairo, pango and the font configuration: only when a PDF is wanted.
    from weasyprint import CSS, HTML

    stylesheets = [CSS(string=css)] if css else None
    pdf = HTML(string=html, base_url=base_url).write_pdf(stylesheets=stylesheets)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
