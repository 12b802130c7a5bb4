"""扫一扫在手机打开当前页: a QR code of the page's URL as inline SVG (no image request)."""

from __future__ import annotations

from functools import lru_cache

import segno

QR_LABEL = "扫一扫在手机打开当前页"


@lru_cache(maxsize=4096)
def qr_svg(url: str, *, label: str = QR_LABEL) -> str:
    """Inline SVG for ``url``, cached per URL: encoding costs ~1 ms, the cache lookup nothing."""
    svg = segno.make(url, error="m").svg_inline(
        scale=3, title=label, svgclass="qr-code", lineclass=None, omitsize=True
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)
