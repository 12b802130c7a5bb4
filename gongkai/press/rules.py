"""Pure wording for the annual report's prose."""

from __future__ import annotations

from collections.abc import Mapping

# The order the annual report names them in.
KIND_LABELS = (
    ("conference", "新闻发布会"),
    ("regular", "新闻例会"),
    ("briefing", "媒体吹风会"),
)


def counts_sentence(counts: Mapping[str, int], *, period: str = "全年") -> str:
    """全年共举办新闻发布会12场、新闻例会24场。 — kinds with no events are left out."""
    parts = [f"{label}{counts[key]}场" for key, label in KIND_LABELS if counts.get(key)]
    if not parts:
        return f"{period}未举办新闻发布会。"
    return f"{period}共举办" + "、".join(parts) + "。"
