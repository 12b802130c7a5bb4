"""The application ledger (依申请公开台账): import from CSV/XLSX and export to XLSX, in the
columns of interfaces.md, so that an export can be read back by the import.

Import is all-or-nothing: every row is checked first and nothing is written when any row is
wrong; errors name ``FILE:LINE``. Exports mask the applicant's name (ogi-rules §7).

Every export carries the handling org (单位), also when it holds one org only: the general
office's export spans all units, and a file that left the queue should say whose ledger it is
whatever the filter was; one fixed layout also keeps spreadsheets built on it working. The
import accepts the column and checks it against ``--org`` (name or code), so an export reads
back in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.tabular import Column, RowErrors, TableError, read_table, write_xlsx
from gongkai.pii.masking import mask_name
from gongkai.statute import layout
from gongkai.statute.outcomes import OUTCOME_ROW_LABELS

from .models import Application, ApplicationEvent, Channel, EventKind, Status

COLUMNS = [
    Column("reference", "编号"),
    Column("received_on", "收到日期", required=True),
    Column("applicant_type", "申请人类型", required=True),
    Column("applicant_name", "申请人"),
    Column("subject", "申请内容"),
    Column("channel", "渠道"),
    Column("concluded_on", "办结日期"),
    Column("outcome", "办理结果"),
    Column("org", "单位"),
]

CHANNEL_BY_TEXT = {c.value: c.value for c in Channel} | {str(c.label): c.value for c in Channel}
CHANNEL_BY_TEXT |= {
    "网上": "online",
    "在线": "online",
    "当面": "in_person",
    "信函": "letter",
    "邮寄": "letter",
    "挂号信": "registered_post",
    "口头": "oral",
    "邮件": "email",
}


@dataclass(frozen=True)
class LedgerRow:
    line: int
    reference: str
    received_on: dt.date
    applicant_type: str
    applicant_name: str
    subject: str
    channel: str
    concluded_on: dt.date | None
    outcome: str
    org: str = ""


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def parse_row(line: int, values: dict[str, str], errors: RowErrors) -> LedgerRow | None:
    """Check one row (pure); add errors naming the column and return None when wrong."""
    bad = len(errors)
    received = concluded = None
    try:
        received = _date(values["received_on"])
    except ValueError:
        errors.add(line, f"收到日期“{values['received_on']}”不是 YYYY-MM-DD 格式的日期")
    try:
        applicant_type = layout.applicant_type_key(values["applicant_type"])
    except KeyError:
        applicant_type = ""
        errors.add(
            line,
            f"申请人类型“{values['applicant_type']}”无效，应为自然人、商业企业、科研机构、"
            "社会公益组织、法律服务机构或其他",
        )
    channel = "letter"
    if values.get("channel"):
        channel = CHANNEL_BY_TEXT.get(values["channel"].strip(), "")
        if not channel:
            errors.add(line, f"渠道“{values['channel']}”无效")
    if values.get("concluded_on"):
        try:
            concluded = _date(values["concluded_on"])
        except ValueError:
            errors.add(line, f"办结日期“{values['concluded_on']}”不是 YYYY-MM-DD 格式的日期")
    outcome = ""
    if values.get("outcome"):
        try:
            outcome = layout.outcome_key(values["outcome"])
        except layout.OutcomeAmbiguous as ambiguous:
            choices = "；".join(f"{label}（{key}）" for key, label in ambiguous.candidates)
            errors.add(
                line,
                f"办理结果“{values['outcome']}”不明确，可能是：{choices}。请写明是哪一种情形",
            )
        except KeyError:
            errors.add(
                line,
                f"办理结果“{values['outcome']}”不是年报第三部分的办理结果；可写“予以公开”"
                "“部分公开”“不予公开/属于国家秘密”“无法提供/本机关不掌握相关政府信息”"
                "等，或代码 granted、denied.1 等",
            )
    if concluded and not values.get("outcome"):
        errors.add(line, "已办结的申请必须填写办理结果")
    if outcome and not values.get("concluded_on"):
        errors.add(line, "填写了办理结果，但没有办结日期")
    if received and concluded and concluded < received:
        errors.add(line, "办结日期早于收到日期")
    if len(errors) > bad:
        return None
    return LedgerRow(
        line=line,
        reference=values.get("reference", "").strip(),
        received_on=received,
        applicant_type=applicant_type,
        applicant_name=values.get("applicant_name", "").strip(),
        subject=values.get("subject", "").strip() or "（台账未记录申请内容）",
        channel=channel,
        concluded_on=concluded,
        outcome=outcome,
        org=values.get("org", "").strip(),
    )


class LedgerImportError(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def ledger_import(*, path: str | Path, org, display_name: str | None = None) -> int:
    """Import a ledger file for ``org``; returns the number of applications created."""
    name = display_name or str(path)
    errors = RowErrors()
    try:
        table = read_table(path, COLUMNS)
        rows = [r for row in table.rows() if (r := parse_row(row.line, row.values, errors))]
    except TableError as exc:
        errors.extend(exc.errors)
        rows = []
    seen: dict[str, int] = {}
    refs = [r.reference for r in rows if r.reference]
    existing = set(
        Application.objects.filter(org=org, reference__in=refs).values_list("reference", flat=True)
    )
    for r in rows:
        if r.org and r.org not in (org.name, org.code):
            errors.add(r.line, f"单位“{r.org}”与导入的单位“{org.name}”（{org.code}）不符")
        if not r.reference:
            continue
        if r.reference in existing:
            errors.add(r.line, f"编号“{r.reference}”已存在")
        if r.reference in seen:
            errors.add(r.line, f"编号“{r.reference}”与第{seen[r.reference]}行重复")
        seen.setdefault(r.reference, r.line)
    if errors:
        raise LedgerImportError(errors.format(name))
    from .services import application_next_reference, application_recompute_clock

    with transaction.atomic():
        for r in rows:
            at = timezone.make_aware(dt.datetime.combine(r.received_on, dt.time(9)))
            app = Application.objects.create(
                org=org,
                reference=r.reference
                or application_next_reference(org=org, year=r.received_on.year),
                channel=r.channel,
                applicant_type=r.applicant_type,
                applicant_name=r.applicant_name,
                description=r.subject,
                received_at=at,
                receipt_date=r.received_on,
                status=Status.CONCLUDED if r.outcome else Status.RECEIVED,
                outcome=r.outcome,
                concluded_on=r.concluded_on,
                imported=True,
            )
            ApplicationEvent.objects.create(
                application=app,
                kind=EventKind.IMPORTED,
                on=r.received_on,
                note=f"{name}:{r.line}",
                public=False,
            )
            if r.outcome:
                ApplicationEvent.objects.create(
                    application=app,
                    kind=EventKind.CONCLUDED,
                    on=r.concluded_on,
                    note=OUTCOME_ROW_LABELS[r.outcome],
                    data={"outcome": r.outcome},
                )
            else:
                application_recompute_clock(application=app)
        audit_record(
            action="application.import",
            org_id=org.pk,
            object_type="applications.application",
            object_repr=Path(name).name,
            detail={"file": name, "count": len(rows)},
        )
    return len(rows)


def ledger_rows(applications: Iterable[Application]) -> Iterable[list[object]]:
    """One export row per application, in COLUMNS order (Chinese labels; names masked).

    Select ``org`` with the applications: every row names it."""
    types = {c.key: str(c.label) for c in layout.section3_columns()}
    for a in applications:
        yield [
            a.reference,
            a.receipt_date,
            types.get(a.applicant_type, a.applicant_type),
            mask_name(a.applicant_display),
            a.description,
            str(Channel(a.channel).label) if a.channel in Channel.values else a.channel,
            a.concluded_on,
            OUTCOME_ROW_LABELS.get(a.outcome, ""),
            a.org.name,
        ]


def ledger_xlsx(rows: Iterable[list[object]]) -> bytes:
    return write_xlsx([c.label for c in COLUMNS], rows, sheet_title="依申请公开台账")
