"""Writes to the case register: the all-or-nothing import of ``import_appeals``.

Same contract as every import (interfaces.md): columns by English key or Chinese label, every
row checked first and every error reported as ``FILE:LINE: message``; only a clean file is
written, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from gongkai.applications.models import Application
from gongkai.core.tabular import Column, Row, RowError, RowErrors, Table
from gongkai.orgs.models import Org

from .models import Appeal, AppealKind, AppealResult

APPEAL_IMPORT_COLUMNS = [
    Column("kind", "类型", required=True),
    Column("filed_on", "立案日期", required=True),
    Column("result", "结果"),
    Column("concluded_on", "审结日期"),
    Column("application", "申请编号"),
    Column("reference", "案号"),
    Column("authority", "复议机关或法院"),
    Column("notes", "备注"),
]

# Each value may be given by key or by its Chinese label (also the section 四 column labels).
_KINDS: dict[str, str] = {}
for _kind in AppealKind:
    _KINDS[_kind.value] = _kind.value
    _KINDS[str(_kind.label)] = _kind.value
_KINDS["行政诉讼（未经复议直接起诉）"] = AppealKind.LITIGATION_DIRECT.value
_KINDS["直接起诉"] = AppealKind.LITIGATION_DIRECT.value

_RESULTS: dict[str, str] = {"": "", "pending": "", "尚未审结": ""}
for _result in AppealResult:
    if _result.value:
        _RESULTS[_result.value] = _result.value
        _RESULTS[str(_result.label)] = _result.value
        _RESULTS[f"结果{_result.label}"] = _result.value
_RESULTS["其他结果"] = AppealResult.OTHER.value


def parse_date(text: str) -> dt.date | None:
    text = text.strip().split(" ")[0].replace("/", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class CleanAppeal:
    line: int
    kind: str
    filed_on: dt.date
    result: str
    concluded_on: dt.date | None
    application_reference: str
    reference: str
    authority: str
    notes: str


def appeal_row_clean(row: Row) -> tuple[CleanAppeal | None, list[str]]:
    """Check one row; no database access (the application reference is resolved later)."""
    v = row.values
    errors: list[str] = []
    kind = _KINDS.get(v["kind"].strip())
    if kind is None:
        errors.append(
            f"类型“{v['kind']}”无效，应为 review（行政复议）、litigation_direct（未经复议直接起诉）"
            "或 litigation_after_review（复议后起诉）。"
        )
    filed_on = parse_date(v["filed_on"]) if v["filed_on"] else None
    if not v["filed_on"]:
        errors.append("缺少立案日期（filed_on）。")
    elif filed_on is None:
        errors.append(f"立案日期“{v['filed_on']}”不是YYYY-MM-DD格式的日期。")
    raw_result = v["result"].strip()
    result = _RESULTS.get(raw_result.lower() if raw_result.isascii() else raw_result)
    if result is None:
        errors.append(
            f"结果“{v['result']}”无效，应为 upheld（维持）、corrected（纠正）、other（其他）"
            "或留空（尚未审结）。"
        )
    concluded_on = None
    if v["concluded_on"]:
        concluded_on = parse_date(v["concluded_on"])
        if concluded_on is None:
            errors.append(f"审结日期“{v['concluded_on']}”不是YYYY-MM-DD格式的日期。")
        elif filed_on and concluded_on < filed_on:
            errors.append("审结日期早于立案日期。")
        elif result == "":
            errors.append("有审结日期却没有结果：请填写结果，或清空审结日期（尚未审结）。")
    for key, limit in (("reference", 100), ("authority", 200), ("application", 64)):
        if len(v[key]) > limit:
            errors.append(f"“{key}”超过{limit}个字符。")
    if errors:
        return None, errors
    assert kind is not None and filed_on is not None and result is not None
    return (
        CleanAppeal(
            line=row.line,
            kind=kind,
            filed_on=filed_on,
            result=result,
            concluded_on=concluded_on,
            application_reference=v["application"].strip(),
            reference=v["reference"].strip(),
            authority=v["authority"].strip(),
            notes=v["notes"].strip(),
        ),
        [],
    )


def appeals_import(*, table: Table, org: Org) -> tuple[int | None, RowErrors]:
    """Validate the whole file; if clean, create every case in one transaction.

    Returns (created, errors); created is None when anything was wrong (nothing written).
    A case names its application by the org's 编号; an unknown 编号 is an error rather than a
    silently unlinked case, because the link is what the drill-down from section 四 follows.
    """
    errors = RowErrors()
    clean: list[CleanAppeal] = []
    for row in table.rows():
        item, messages = appeal_row_clean(row)
        errors.extend(RowError(row.line, m) for m in messages)
        if item is not None:
            clean.append(item)
    wanted = {c.application_reference for c in clean if c.application_reference}
    found: dict[str, int] = {}
    refs = sorted(wanted)
    for start in range(0, len(refs), 500):
        found.update(
            Application.objects.filter(
                org=org, reference__in=refs[start : start + 500]
            ).values_list("reference", "pk")
        )
    for c in clean:
        if c.application_reference and c.application_reference not in found:
            errors.add(
                c.line, f"申请编号“{c.application_reference}”在{org.name}的申请台账中不存在。"
            )
    if errors:
        return None, errors
    with transaction.atomic():
        Appeal.objects.bulk_create(
            [
                Appeal(
                    org=org,
                    kind=c.kind,
                    filed_on=c.filed_on,
                    result=c.result,
                    concluded_on=c.concluded_on,
                    application_id=found.get(c.application_reference),
                    reference=c.reference,
                    authority=c.authority,
                    notes=c.notes,
                    imported=True,
                )
                for c in clean
            ],
            batch_size=1000,
        )
    return len(clean), errors
