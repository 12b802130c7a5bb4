"""Any two years side by side: every numeric cell with its change. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import grid
from .checks import CellPath


@dataclass(frozen=True, slots=True)
class CellChange:
    path: CellPath
    before: int | Decimal
    after: int | Decimal

    @property
    def delta(self) -> int | Decimal:
        return self.after - self.before

    @property
    def delta_text(self) -> str:
        delta = self.delta
        if delta == 0:
            return "0"
        return ("+" if delta > 0 else "−") + grid.format_amount(abs(delta))


def _value(report: Mapping[str, Any], path: CellPath) -> Any:
    node: Any = report
    for part in path:
        node = node[part]
    return node


def compare_reports(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[CellPath, CellChange]:
    """Every cell of the three tables, keyed by path, with both values and the change."""
    changes: dict[CellPath, CellChange] = {}
    grids = (grid.section2_grid, grid.section3_grid, grid.section4_grid)
    for build in grids:
        for row in build(after):
            for cell in row:
                if cell.path is not None:
                    changes[cell.path] = CellChange(
                        cell.path,
                        Decimal(str(_value(before, cell.path)))
                        if cell.path[-1] == "amount_10k_yuan"
                        else _value(before, cell.path),
                        Decimal(str(_value(after, cell.path)))
                        if cell.path[-1] == "amount_10k_yuan"
                        else _value(after, cell.path),
                    )
    return changes
