"""The otpauth:// address as an inline SVG QR code, drawn on the server with segno.

Nothing is fetched from elsewhere: the secret never leaves the page.
"""

from __future__ import annotations

import segno


def otpauth_qr_svg(uri: str, *, title: str = "", scale: int = 5) -> str:
    """An ``<svg>`` element (no XML declaration) to put straight into the page."""
    return segno.make(uri, error="m", micro=False).svg_inline(
        scale=scale, border=2, dark="#000", light="#fff", title=title or None
    )
