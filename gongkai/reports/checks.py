"""Consistency checks of a filled annual report (the 勾稽关系 and the other sums of §5).

Published reports do contain arithmetic errors, and the competent department must find them
before compiling the government-wide report. Each violation names the cells involved by their
key and their official label, so whoever fixes the table knows which box to look at.

Two levels: *structural* problems (a missing key, a cell that is not an integer, a row of the
wrong length) make the arithmetic meaningless, so ``parse_report_json`` refuses such a report
with ``ReportFormatError`` and ``check_report`` reports only those. Everything else (negative
numbers, wrong sums) is a ``Violation`` of a named rule.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.reports.tables import FEE_DECIMALS, FEE_QUANTUM
from gongkai.statute import layout

CellPath = tuple[str | int, ...]

RULE_SHAPE = "shape"
RULE_NON_NEGATIVE = "non_negative"
RULE_FEE_PRECISION = "fee_precision"
RULE_COLUMN_BALANCE = "column_balance"
RULE_ROW_TOTAL = "row_total"
RULE_OUTCOME_TOTAL = "outcome_total"
RULE_SECTION4_TOTAL = "section4_total"

# What each rule demands, for people reading the output (lazy: shown in the user's language).
RULES: dict[str, Any] = {
    RULE_SHAPE: gettext_lazy("各项齐全，第三部分每行为 7 个整数"),
    RULE_NON_NEGATIVE: gettext_lazy("数量和金额不得为负数"),
    RULE_FEE_PRECISION: format_lazy(
        gettext_lazy("收费金额以万元为单位，最多 {n} 位小数"), n=FEE_DECIMALS
    ),
    RULE_COLUMN_BALANCE: gettext_lazy("勾稽关系：每列 一 + 二 = 三（七） + 四"),
    RULE_ROW_TOTAL: gettext_lazy("每行的总计 = 六类申请人之和"),
    RULE_OUTCOME_TOTAL: gettext_lazy("（七）总计 = 各办理结果行之和"),
    RULE_SECTION4_TOTAL: gettext_lazy("第四部分各项总计 = 维持 + 纠正 + 其他 + 尚未审结"),
}


def cell_name(path: CellPath) -> str:
    """``("section3", "rows", "total", 6)`` -> ``section3.rows.total[6]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def cell_label(path: CellPath) -> str:
    """The official Chinese label of a cell, e.g. ``（七）总计/总计``; empty when unknown."""
    try:
        if path[0] == "section3" and len(path) == 4:
            row = layout.section3_row(str(path[2]))
            column = layout.section3_columns()[int(path[3])]
            return f"{row.label}/{column.label}"
        if path[0] == "section3" and len(path) == 3:
            return layout.section3_row(str(path[2])).label
        if path[0] == "section4" and len(path) >= 2:
            group = layout.section4_group(str(path[1]))
            parts = [p for p in (group.parent, group.label) if p]
            if len(path) == 3:
                parts.append(layout.section4_field(str(path[2])).label)
            return "/".join(parts)
        if path[0] == "section2" and len(path) >= 2:
            for block, row in layout.section2_rows():
                if row.key == path[1]:
                    if len(path) == 3:
                        return f"{row.label}/{block.field_label(str(path[2]))}"
                    return row.label
    except (KeyError, IndexError, ValueError):
        pass
    return ""


def describe(path: CellPath) -> str:
    label = cell_label(path)
    return f"{cell_name(path)} {label}" if label else cell_name(path)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    cells: tuple[CellPath, ...]
    message: str

    def __str__(self) -> str:
        return f"{self.message} [{self.rule}: {RULES[self.rule]}]"

    @property
    def cell_names(self) -> tuple[str, ...]:
        return tuple(cell_name(c) for c in self.cells)


@dataclass(frozen=True, slots=True)
class Problem:
    """A structural problem in a report file; ``line`` is the file line (or sheet row)."""

    path: CellPath
    message: str
    line: int | None = None


class ReportFormatError(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.message for p in problems))


# --- Structure --------------------------------------------------------------------------------


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return _is_int(value) or isinstance(value, Decimal | float)


def shape_problems(report: object) -> list[Problem]:
    """Structural problems that make the report's arithmetic meaningless."""
    problems: list[Problem] = []

    def need(path: CellPath, message: str) -> None:
        where = cell_name(path) or _("报告")
        problems.append(Problem(path, f"{where}: {message}"))

    if not isinstance(report, Mapping):
        need((), _("应为 JSON 对象"))
        return problems

    org = report.get("org")
    if not isinstance(org, Mapping):
        need(("org",), _('缺失：请填写 {"code": …, "name": …}'))
    else:
        for key in ("code", "name"):
            if not isinstance(org.get(key), str) or not org.get(key):
                need(("org", key), _("缺失或不是文本"))
    if not _is_int(report.get("year")):
        need(("year",), _("缺失或不是整数年份（如 2024）"))
    if report.get("format") != layout.report_format():
        need(("format",), _("应为 {format!r}").format(format=layout.report_format()))

    section2 = report.get("section2")
    if not isinstance(section2, Mapping):
        need(("section2",), _("缺失或不是对象"))
    else:
        expected_rows = {row.key for _b, row in layout.section2_rows()}
        for key in section2.keys() - expected_rows:
            need(("section2", key), _("未知的键"))
        for block, row in layout.section2_rows():
            cells = section2.get(row.key)
            if not isinstance(cells, Mapping):
                need(("section2", row.key), _("缺失（{label}）").format(label=row.label))
                continue
            for f in block.fields:
                value = cells.get(f)
                path: CellPath = ("section2", row.key, f)
                if f == "amount_10k_yuan":
                    if not _is_number(value):
                        need(
                            path,
                            _("缺失或不是数字（{label}）").format(label=cell_label(path)),
                        )
                elif not _is_int(value):
                    need(
                        path,
                        _("缺失或不是整数（{label}）").format(label=cell_label(path)),
                    )

    section3 = report.get("section3")
    columns = list(layout.section3_column_keys())
    if not isinstance(section3, Mapping):
        need(("section3",), _("缺失或不是对象"))
    else:
        if section3.get("columns") != columns:
            need(("section3", "columns"), _("应恰好为 {columns}").format(columns=columns))
        rows = section3.get("rows")
        if not isinstance(rows, Mapping):
            need(("section3", "rows"), _("缺失或不是对象"))
        else:
            for key in rows.keys() - set(layout.section3_row_keys()):
                need(("section3", "rows", key), _("未知的行键"))
            for row in layout.section3_rows():
                cells = rows.get(row.key)
                path = ("section3", "rows", row.key)
                if not isinstance(cells, list) or len(cells) != len(columns):
                    need(
                        path,
                        _("缺失或不是 {n} 个整数组成的列表（{label}）").format(
                            n=len(columns), label=row.label
                        ),
                    )
                    continue
                for i, value in enumerate(cells):
                    if not _is_int(value):
                        need(
                            path + (i,),
                            _("不是整数（{label}）").format(label=cell_label(path + (i,))),
                        )

    section4 = report.get("section4")
    if not isinstance(section4, Mapping):
        need(("section4",), _("缺失或不是对象"))
    else:
        groups = {g.key for g in layout.section4_groups()}
        for key in section4.keys() - groups:
            need(("section4", key), _("未知的键"))
        for group in layout.section4_groups():
            cells = section4.get(group.key)
            if not isinstance(cells, Mapping):
                need(("section4", group.key), _("缺失（{label}）").format(label=group.label))
                continue
            for f in layout.section4_fields():
                path = ("section4", group.key, f.key)
                if not _is_int(cells.get(f.key)):
                    need(
                        path,
                        _("缺失或不是整数（{label}）").format(label=cell_label(path)),
                    )
    return problems


# --- Rules ------------------------------------------------------------------------------------


def _value_violations(report: Mapping[str, Any]) -> list[Violation]:
    violations: list[Violation] = []

    def negative(path: CellPath, value: object) -> None:
        violations.append(
            Violation(
                RULE_NON_NEGATIVE,
                (path,),
                _("{cell} = {value}，但数量和金额不能为负数").format(
                    cell=describe(path), value=value
                ),
            )
        )

    for block, row in layout.section2_rows():
        for f in block.fields:
            path: CellPath = ("section2", row.key, f)
            value = report["section2"][row.key][f]
            if value < 0:
                negative(path, value)
            elif f == "amount_10k_yuan":
                try:
                    exact = Decimal(str(value))
                    precise = exact == exact.quantize(FEE_QUANTUM)
                except InvalidOperation:
                    precise = False
                if not precise:
                    violations.append(
                        Violation(
                            RULE_FEE_PRECISION,
                            (path,),
                            _("{cell} = {value}，但以万元为单位的金额最多 {n} 位小数").format(
                                cell=describe(path), value=value, n=FEE_DECIMALS
                            ),
                        )
                    )
    for key, cells in report["section3"]["rows"].items():
        for i, value in enumerate(cells):
            if value < 0:
                negative(("section3", "rows", key, i), value)
    for group, cells in report["section4"].items():
        for f, value in cells.items():
            if value < 0:
                negative(("section4", group, f), value)
    return violations


def _section3_violations(rows: Mapping[str, list[int]]) -> list[Violation]:
    violations: list[Violation] = []
    columns = layout.section3_column_keys()
    total_col = columns.index("total")
    applicant_cols = [i for i, key in enumerate(columns) if key != "total"]

    def cell(row: str, col: int) -> CellPath:
        return ("section3", "rows", row, col)

    # Each row's 总计 column is the sum of the six applicant columns.
    for row in layout.section3_rows():
        expected = sum(rows[row.key][i] for i in applicant_cols)
        actual = rows[row.key][total_col]
        if actual != expected:
            path = cell(row.key, total_col)
            violations.append(
                Violation(
                    RULE_ROW_TOTAL,
                    (path,) + tuple(cell(row.key, i) for i in applicant_cols),
                    _("{cell} = {actual}，但六类申请人之和为 {expected}").format(
                        cell=describe(path), actual=actual, expected=expected
                    ),
                )
            )

    # （七）总计 is the sum of every outcome row, per column.
    outcomes = layout.outcome_keys()
    for i in range(len(columns)):
        expected = sum(rows[k][i] for k in outcomes)
        actual = rows["total"][i]
        if actual != expected:
            path = cell("total", i)
            violations.append(
                Violation(
                    RULE_OUTCOME_TOTAL,
                    (path,) + tuple(cell(k, i) for k in outcomes),
                    _("{cell} = {actual}，但各办理结果行之和为 {expected}").format(
                        cell=describe(path), actual=actual, expected=expected
                    ),
                )
            )

    # 勾稽关系: new + carried_in == total + carried_out, per column.
    labels = {
        key: layout.section3_row(key).label for key in ("new", "carried_in", "total", "carried_out")
    }
    for i, column in enumerate(layout.section3_columns()):
        left = rows["new"][i] + rows["carried_in"][i]
        right = rows["total"][i] + rows["carried_out"][i]
        if left != right:
            cells = tuple(cell(k, i) for k in ("new", "carried_in", "total", "carried_out"))
            violations.append(
                Violation(
                    RULE_COLUMN_BALANCE,
                    cells,
                    _(
                        "第三部分第 {number} 列（{column}）：{new} {new_label}（{new_v}）+ "
                        "{carried_in} {carried_in_label}（{carried_in_v}）= {left}，但 "
                        "{total} {total_label}（{total_v}）+ "
                        "{carried_out} {carried_out_label}（{carried_out_v}）= {right}"
                    ).format(
                        number=i + 1,
                        column=column.label,
                        new=cell_name(cells[0]),
                        new_label=labels["new"],
                        new_v=rows["new"][i],
                        carried_in=cell_name(cells[1]),
                        carried_in_label=labels["carried_in"],
                        carried_in_v=rows["carried_in"][i],
                        left=left,
                        total=cell_name(cells[2]),
                        total_label=labels["total"],
                        total_v=rows["total"][i],
                        carried_out=cell_name(cells[3]),
                        carried_out_label=labels["carried_out"],
                        carried_out_v=rows["carried_out"][i],
                        right=right,
                    ),
                )
            )
    return violations


def _section4_violations(section4: Mapping[str, Mapping[str, int]]) -> list[Violation]:
    violations: list[Violation] = []
    parts = layout.section4_result_keys()
    part_labels = " + ".join(layout.section4_field(k).label for k in parts)
    for group in layout.section4_groups():
        cells = section4[group.key]
        expected = sum(cells[k] for k in parts)
        if cells["total"] != expected:
            path: CellPath = ("section4", group.key, "total")
            violations.append(
                Violation(
                    RULE_SECTION4_TOTAL,
                    (path,) + tuple(("section4", group.key, k) for k in parts),
                    _("{cell} = {actual}，但 {parts} = {expected}").format(
                        cell=describe(path),
                        actual=cells["total"],
                        parts=part_labels,
                        expected=expected,
                    ),
                )
            )
    return violations


def check_report(report: object) -> list[Violation]:
    """Every violated rule of §5, in table order; an empty list means consistent."""
    problems = shape_problems(report)
    if problems:
        return [Violation(RULE_SHAPE, (p.path,), p.message) for p in problems]
    assert isinstance(report, Mapping)
    return (
        _value_violations(report)
        + _section3_violations(report["section3"]["rows"])
        + _section4_violations(report["section4"])
    )


# --- JSON input -------------------------------------------------------------------------------


def parse_report_json(data: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """Read a report in the JSON shape of the spec, refusing structurally broken ones.

    Fee amounts come back as ``Decimal`` (parsed exactly, never through float). Raises
    ``ReportFormatError`` whose problems say what to fix, with line numbers when given text.
    """
    if isinstance(data, Mapping):
        report: Any = dict(data)
        lines: dict[CellPath, int] = {}
    else:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
        try:
            report = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise ReportFormatError(
                [Problem((), _("不是有效的 JSON：{error}").format(error=exc.msg), exc.lineno)]
            ) from exc
        lines = json_line_map(text)
    problems = shape_problems(report)
    if problems:
        raise ReportFormatError(
            [Problem(p.path, p.message, line_for(lines, p.path)) for p in problems]
        )
    fees = report["section2"]["fees"]
    if not isinstance(fees["amount_10k_yuan"], Decimal):
        fees["amount_10k_yuan"] = Decimal(str(fees["amount_10k_yuan"]))
    return report


_WS_RE = re.compile(r"[ \t\n\r]*")
_SCALAR_RE = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def json_line_map(text: str) -> dict[CellPath, int]:
    """Map each value's path in a JSON text to the line it starts on (1-based).

    The standard library does not keep positions, and operators fix files by line number
    (``FILE:LINE: message``). Best effort: an unexpected text yields an empty map.
    """
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    lines: dict[CellPath, int] = {}

    def skip(pos: int) -> int:
        match = _WS_RE.match(text, pos)
        assert match is not None
        return match.end()

    def value(pos: int, path: CellPath) -> int:
        pos = skip(pos)
        lines[path] = bisect.bisect_right(newlines, pos - 1) + 1
        ch = text[pos]
        if ch == "{":
            pos = skip(pos + 1)
            if text[pos] == "}":
                return pos + 1
            while True:
                key, pos = scanstring(text, skip(pos) + 1)
                pos = skip(pos)
                pos = value(pos + 1, path + (key,))  # past the ":"
                pos = skip(pos)
                if text[pos] == "}":
                    return pos + 1
                pos += 1  # ","
        if ch == "[":
            pos = skip(pos + 1)
            if text[pos] == "]":
                return pos + 1
            index = 0
            while True:
                pos = skip(value(pos, path + (index,)))
                index += 1
                if text[pos] == "]":
                    return pos + 1
                pos += 1
        if ch == '"':
            return scanstring(text, pos + 1)[1]
        match = _SCALAR_RE.match(text, pos)
        if match is None:
            raise ValueError(pos)
        return match.end()

    try:
        value(0, ())
    except (ValueError, IndexError, AssertionError):
        return {}
    return lines


def line_for(lines: Mapping[CellPath, int], path: CellPath) -> int | None:
    """The line of ``path`` or of its nearest ancestor that the map knows."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
