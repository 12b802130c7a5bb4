"""Small server-side SVG charts: no JavaScript, no external files, readable by screen readers.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that states the data in
words; pages also show the same numbers in a table, which is the accessible fallback. Pure:
numbers in, markup out (escaped), so they are cheap to test and to render at city scale.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from html import escape

from django.utils.translation import gettext as _

# Colour-blind-safe palette (Okabe-Ito), dark enough on white for 3:1 graphic contrast.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_ids = itertools.count(1)


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _head(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-{n}-title", f"chart-{n}-desc"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{tid} {did}" '
        'font-family="sans-serif" font-size="12">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>'
    )
    return head, "</svg>"


def bar_chart_svg(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    unit: str = "",
    maximum: float | None = None,
    width: int = 640,
    bar_height: int = 18,
    highlight: Sequence[bool] | None = None,
) -> str:
    """Horizontal bars, one per label, largest scale ``maximum`` (or the largest value)."""
    label_w, value_w, gap = 150, 60, 6
    height = max(1, len(values)) * (bar_height + gap) + gap
    top = max([maximum or 0, *values, 1])
    scale = (width - label_w - value_w) / top
    desc = _("；").join(
        _("{label}：{value}{unit}").format(label=lab, value=_num(v), unit=unit)
        for lab, v in zip(labels, values, strict=True)
    )
    head, tail = _head(width, height, title, desc)
    parts = [head]
    for i, (lab, v) in enumerate(zip(labels, values, strict=True)):
        y = gap + i * (bar_height + gap)
        colour = PALETTE[1] if highlight and highlight[i] else PALETTE[0]
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.75:.1f}" text-anchor="end">'
            f"{escape(lab[:14])}</text>"
            f'<rect x="{label_w}" y="{y}" width="{max(v, 0) * scale:.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + max(v, 0) * scale + 4:.1f}" y="{y + bar_height * 0.75:.1f}">'
            f"{_num(v)}{escape(unit)}</text>"
        )
    parts.append(tail)
    return "".join(parts)


def histogram_svg(
    *, title: str, bins: Sequence[tuple[str, int]], width: int = 640, height: int = 220
) -> str:
    """Vertical bars of counts per bin (e.g. orgs per score band)."""
    left, bottom, top_pad = 30, 30, 20
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    top = max([n for _b, n in bins] + [1])
    slot = plot_w / max(1, len(bins))
    desc = _("；").join(
        _("{label}：{value}{unit}").format(label=b, value=n, unit="") for b, n in bins
    )
    head, tail = _head(width, height, title, desc)
    parts = [
        head,
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - 10}" y2="{top_pad + plot_h}" stroke="#555"/>',
    ]
    for i, (b, n) in enumerate(bins):
        h = n / top * plot_h
        x = left + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top_pad + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{h:.1f}" fill="{PALETTE[0]}"/>'
            f'<text x="{x + slot * 0.35:.1f}" y="{top_pad + plot_h - h - 4:.1f}" '
            f'text-anchor="middle">{n}</text>'
            f'<text x="{x + slot * 0.35:.1f}" y="{height - 10}" text-anchor="middle">'
            f"{escape(b)}</text>"
        )
    parts.append(tail)
    return "".join(parts)


def line_chart_svg(
    *,
    title: str,
    x_labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    y_max: float | None = None,
    width: int = 640,
    height: int = 240,
) -> str:
    """One line per series over the same x labels; gaps (None) break the line."""
    left, right, bottom, top_pad = 40, 120, 30, 15
    plot_w, plot_h = width - left - right, height - bottom - top_pad
    values = [v for s in series.values() for v in s if v is not None]
    top = y_max if y_max is not None else max(values + [1])
    step = plot_w / max(1, len(x_labels) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top_pad + plot_h - (v / top) * plot_h

    none = _("无")
    desc = _("；").join(
        _("{name}：{values}").format(
            name=name,
            values=_("，").join(
                f"{x} {_num(v) if v is not None else none}"
                for x, v in zip(x_labels, vs, strict=True)
            ),
        )
        for name, vs in series.items()
    )
    head, tail = _head(width, height, title, desc)
    parts = [
        head,
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" stroke="#555"/>',
        f'<line x1="{left}" y1="{top_pad}" x2="{left}" y2="{top_pad + plot_h}" stroke="#555"/>',
        f'<text x="{left - 4}" y="{top_pad + 4}" text-anchor="end">{_num(top)}</text>',
        f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    for i, x in enumerate(x_labels):
        parts.append(
            f'<text x="{left + i * step:.1f}" y="{height - 10}" text-anchor="middle">{escape(x)}</text>'
        )
    for k, (name, vs) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        for i, v in enumerate(vs):
            if v is None:
                segment = []
                segments.append(segment)
                continue
            x, y = xy(i, float(v))
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<polyline points="{" ".join(seg)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                )
        ly = top_pad + 14 * k + 8
        parts.append(
            f'<rect x="{left + plot_w + 10}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + plot_w + 24}" y="{ly + 1}">{escape(name[:10])}</text>'
        )
    parts.append(tail)
    return "".join(parts)


def score_bands(
    scores: Sequence[float], *, edges: Sequence[int] = (60, 70, 80, 90)
) -> list[tuple[str, int]]:
    """Count scores per band: <60, 60–69, 70–79, 80–89, ≥90 (for the distribution chart)."""
    labels = (
        [f"<{edges[0]}"]
        + [f"{a}–{b - 1}" for a, b in itertools.pairwise(edges)]
        + [f"≥{edges[-1]}"]
    )
    counts = [0] * len(labels)
    for s in scores:
        i = sum(1 for e in edges if s >= e)
        counts[i] += 1
    return list(zip(labels, counts, strict=True))
