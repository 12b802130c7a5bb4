"""Writes for the annual report: figures, prose drafts, checking, publishing, uploads.

A report is published like any other item: as a catalogue item in the org's 年报 column
(class ``annual-report``), with its 索引号, passing 保密审查 and 签发 through the review
workflow. ``report_publish`` refuses a report that breaks any consistency rule, so an
inconsistent table can never reach sign-off.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.catalogue.models import Attachment, CatalogueItem, Category, Genre
from gongkai.documents.files import validate_attachment
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.scoping import can_see_org, user_org, user_roles, visible_org_ids

from . import render, selectors
from .checks import ReportFormatError, Violation, check_report, parse_report_json
from .legacy import legacy_sections, legacy_title
from .models import AnnualFigures, AnnualReport, ReportStatus, SubmittedReport
from .prose import ProseFacts, draft_prose
from .tables import check_fee_amount, report_to_json

ANNUAL_REPORT_SLUG = "annual-report"
ANNUAL_REPORT_CLASS_NAME = "年度报告"


class ReportError(Exception):
    """A report operation that cannot go ahead; the message tells the user why."""


class ReportInconsistent(ReportError):
    def __init__(self, violations: list[Violation]):
        self.violations = violations
        super().__init__(
            "报告不符合勾稽关系等校验规则，不能发布：\n" + "\n".join(str(v) for v in violations)
        )


# --- Who may do what ---------------------------------------------------------------------------


def report_can_view(user, org: Org) -> bool:
    return user.has_perm("reports.view_annualreport") and can_see_org(user, org.pk)


def report_can_edit(user, org: Org) -> bool:
    """The org's own editors and administrators (an org administrator of a government for the
    orgs below it); the general office for the government's report; a system administrator."""
    if not user.has_perm("reports.change_annualreport"):
        return False
    roles = user_roles(user)
    if Role.SYSADMIN in roles:
        return True
    if Role.SUPERVISOR in roles and org.kind == Org.Kind.GOVERNMENT:
        return True
    own = user_org(user)
    if own is None:
        return False
    if own.pk == org.pk:
        return bool(roles & {Role.EDITOR, Role.ORG_ADMIN})
    ids = visible_org_ids(user)
    return Role.ORG_ADMIN in roles and ids is not None and org.pk in ids


def _require_edit(user, org: Org) -> None:
    if user is not None and not report_can_edit(user, org):
        raise PermissionDenied("您不能编辑该单位的年度报告。")


# --- Figures and the report row -----------------------------------------------------------------


def annual_figures_save(
    *,
    org: Org,
    year: int,
    licensing: int,
    punishment: int,
    coercion: int,
    fees_10k_yuan: Decimal,
    source_note: str = "",
    user=None,
) -> AnnualFigures:
    _require_edit(user, org)
    for name, value in (
        ("licensing", licensing),
        ("punishment", punishment),
        ("coercion", coercion),
    ):
        if value is None or int(value) < 0:
            raise ValidationError(_("{name}: 决定数量应为非负整数。").format(name=name))
    try:
        fees = check_fee_amount(Decimal(str(fees_10k_yuan)))
    except ValueError as exc:
        raise ValidationError(_("收费金额：{error}").format(error=exc)) from exc
    figures, _created = AnnualFigures.objects.update_or_create(
        org=org,
        year=year,
        defaults={
            "licensing": int(licensing),
            "punishment": int(punishment),
            "coercion": int(coercion),
            "fees_10k_yuan": fees,
            "source_note": source_note.strip(),
            "updated_by": user,
        },
    )
    return figures


def report_get_or_create(*, org: Org, year: int) -> AnnualReport:
    """A government's report is the government-wide roll-up when orgs sit below it."""
    report, _created = AnnualReport.objects.get_or_create(
        org=org,
        year=year,
        defaults={
            "is_rollup": org.kind == Org.Kind.GOVERNMENT and org.children.exists(),
        },
    )
    return report


def report_org_ids(report: AnnualReport) -> set[int]:
    return report.org.descendant_ids() if report.is_rollup else {report.org_id}


def report_tables(report: AnnualReport, *, live: bool = False) -> dict[str, Any]:
    """The tables of the report: as published (snapshot) unless ``live``, else computed now."""
    if report.snapshot and not live and report.status != ReportStatus.DRAFT:
        return parse_report_json(report.snapshot)
    if report.is_rollup:
        return selectors.report_rollup(org=report.org, year=report.year).report
    return selectors.report_compute(org=report.org, year=report.year)


def prose_facts(*, org_ids: set[int], year: int) -> ProseFacts:
    facts = selectors.report_facts(org_ids=org_ids, year=year)
    return ProseFacts(
        items_total=facts.items_total,
        items_by_class=tuple(facts.items_by_class),
        items_by_channel=facts.items_by_channel,
        fee_notices=facts.fee_notices,
        fees_billed_yuan=facts.fees_billed_yuan,
        fees_collected_yuan=facts.fees_collected_yuan,
        press_conferences=facts.press_conferences,
        mailbox_letters=facts.mailbox_letters,
    )


def report_generated_prose(report: AnnualReport) -> dict[str, str]:
    """The draft of sections 一, 五, 六 from this year's and last year's figures."""
    ids = report_org_ids(report)
    tables = report_tables(report, live=True)
    previous = AnnualReport(org=report.org, year=report.year - 1, is_rollup=report.is_rollup)
    return draft_prose(
        org_name=report.org.name,
        year=report.year,
        report=tables,
        facts=prose_facts(org_ids=ids, year=report.year),
        previous_report=report_tables(previous, live=True),
        previous_facts=prose_facts(org_ids=ids, year=report.year - 1),
    )


@transaction.atomic
def report_draft_prose(*, report: AnnualReport, user=None, overwrite: bool = False) -> AnnualReport:
    """Fill the prose sections with the generated draft (only empty ones unless overwrite)."""
    _require_edit(user, report.org)
    draft = report_generated_prose(report)
    for key, text in draft.items():
        if overwrite or not getattr(report, key).strip():
            setattr(report, key, text)
    report.updated_by = user
    report.save()
    return report


@transaction.atomic
def report_save_prose(
    *, report: AnnualReport, overview: str, problems: str, other_matters: str, user=None
) -> AnnualReport:
    _require_edit(user, report.org)
    report.overview, report.problems, report.other_matters = overview, problems, other_matters
    if report.status == ReportStatus.CHECKED:
        report.status = ReportStatus.DRAFT  # edited after the check: check again
    report.updated_by = user
    report.save()
    return report


def report_check(*, report: AnnualReport, user=None) -> list[Violation]:
    """Run every consistency rule on the current tables; a clean draft becomes 已校验."""
    violations = check_report(report_tables(report, live=True))
    if report.status in (ReportStatus.DRAFT, ReportStatus.CHECKED):
        report.status = ReportStatus.DRAFT if violations else ReportStatus.CHECKED
        report.checked_at = timezone.now()
        report.save(update_fields=["status", "checked_at", "updated_at"])
    return violations


# --- Rendering ---------------------------------------------------------------------------------

CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_render(
    tables: Mapping[str, Any],
    prose: Mapping[str, str],
    fmt: str,
    *,
    extra: Mapping[str, Any] | None = None,
) -> bytes:
    """One report in one of the formats of ``annual_report``."""
    if fmt == "json":
        data = dict(tables)
        data["narrative"] = dict(prose)
        data["checks"] = [
            {"rule": v.rule, "cells": list(v.cell_names), "message": v.message}
            for v in check_report(tables)
        ]
        if extra:
            data.update(extra)
        return (report_to_json(data) + "\n").encode()
    if fmt == "html":
        return render.render_html(tables, prose, standalone=True).encode()
    if fmt == "docx":
        return render.render_docx(tables, prose)
    if fmt == "pdf":
        return render.render_pdf(tables, prose)
    if fmt == "xlsx":
        return render.render_xlsx(tables)
    raise ValueError(fmt)


def legacy_render_html(*, report: AnnualReport, standalone: bool = True) -> str:
    from django.template.loader import render_to_string

    tables = report_tables(report, live=True)
    sections = legacy_sections(
        org_name=report.org.name,
        year=report.year,
        report=tables,
        facts=prose_facts(org_ids=report_org_ids(report), year=report.year),
        problems=report.problems,
    )
    return render_to_string(
        "reports/legacy_report.html",
        {
            "title": legacy_title(report.org.name, report.year),
            "sections": sections,
            "standalone": standalone,
            "css": render.report_css() if standalone else "",
        },
    )


# --- Publishing ---------------------------------------------------------------------------------


def annual_report_category(org: Org):
    """The org's 年报 column (catalogue class ``annual-report``), created when missing."""
    category = Category.objects.filter(org=org, slug=ANNUAL_REPORT_SLUG).first()
    if category is not None:
        return category
    default = Category.objects.filter(org__isnull=True, slug=ANNUAL_REPORT_SLUG).first()
    return Category.objects.create(
        org=org,
        slug=ANNUAL_REPORT_SLUG,
        name=default.name if default else ANNUAL_REPORT_CLASS_NAME,
        sort_order=default.sort_order if default else 90,
        freshness=Category.Freshness.OTHER,
        must_not_be_empty=False,
    )


def _stored_attachment(item, *, title: str, filename: str, content: bytes, order: int):
    today = timezone.localdate()
    name = default_storage.save(f"attachments/{today:%Y/%m}/{filename}", ContentFile(content))
    return Attachment(
        item=item,
        title=title,
        file=name,
        kind=PurePath(filename).suffix.lstrip(".").lower(),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        sort_order=order,
    )


def _submit_item(*, report: AnnualReport, user, title: str, body: str, files) -> Any:
    """Create or update the report's catalogue item as a draft and start the review workflow."""
    item = report.catalogue_item
    today = timezone.localdate()
    if item is None:
        item = CatalogueItem(
            org=report.org,
            category=annual_report_category(report.org),
            formed_on=today,
            live=False,
            genre=Genre.REPORT,
        )
    item.title = title
    item.summary = title
    item.keywords = "政府信息公开,年度报告"
    item.body = body
    item.attachments = [
        _stored_attachment(item, title=t, filename=f, content=c, order=i)
        for i, (t, f, c) in enumerate(files)
    ]
    if not item.live:
        item.save()
    item.save_revision(user=user, log_action=True)
    workflow = item.get_workflow()
    if workflow is not None and not item.workflow_in_progress:
        workflow.start(item, user)
    return item


@transaction.atomic
def report_publish(*, report: AnnualReport, user) -> Any:
    """Freeze the tables, render the report and send it to 保密审查 → 签发.

    Refused when any consistency rule is broken (the violations name the cells). The item is
    published by the workflow when sign-off approves (see ``report_mark_published``).
    """
    _require_edit(user, report.org)
    tables = report_tables(report, live=True)
    violations = check_report(tables)
    if violations:
        report.status = ReportStatus.DRAFT
        report.save(update_fields=["status", "updated_at"])
        raise ReportInconsistent(violations)
    prose = report.prose
    if not any(text.strip() for text in prose.values()):
        raise ReportError(_("请先填写总体情况等文字部分（可先生成初稿）。"))
    title = render.report_title(tables)
    stem = f"{report.org.code}-{report.year}-annual-report"
    files = [
        (f"{title}（Word版）", f"{stem}.docx", render.render_docx(tables, prose)),
        (f"{title}（PDF版）", f"{stem}.pdf", render.render_pdf(tables, prose)),
        (f"{title}（数据表）", f"{stem}.xlsx", render.render_xlsx(tables)),
    ]
    item = _submit_item(
        report=report,
        user=user,
        title=title,
        body=render.render_html(tables, prose),
        files=files,
    )
    report.snapshot = json.loads(report_to_json(tables))
    report.catalogue_item = item
    report.status = ReportStatus.IN_REVIEW
    report.submitted_at = timezone.now()
    report.updated_by = user
    report.save()
    return item


def report_mark_published(*, item) -> int:
    """The review workflow published an item: a report it publishes is now 已发布."""
    return AnnualReport.objects.filter(catalogue_item=item).update(
        status=ReportStatus.PUBLISHED, published_at=timezone.now()
    )


@transaction.atomic
def report_upload_legacy(
    *, org: Org, year: int, filename: str, content: bytes, user, title: str = ""
) -> AnnualReport:
    """A past report kept as a file (PDF, DOCX…), listed in the 年报 column like the others."""
    _require_edit(user, org)
    upload = io.BytesIO(content)
    upload.name = filename
    validate_attachment(upload)
    report = report_get_or_create(org=org, year=year)
    if report.snapshot is not None:
        raise ReportError(_("该年度已在平台生成并送审年报，不能再上传历史文件。"))
    report.legacy_file.save(PurePath(filename).name, ContentFile(content), save=False)
    title = title or f"{org.name}{year}年政府信息公开工作年度报告"
    item = _submit_item(
        report=report,
        user=user,
        title=title,
        body=f"<p>{title}（见附件）。</p>",
        files=[(title, PurePath(filename).name, content)],
    )
    report.catalogue_item = item
    report.status = ReportStatus.IN_REVIEW
    report.submitted_at = timezone.now()
    report.updated_by = user
    report.save()
    return report


# --- Submitted tables of orgs off the platform ---------------------------------------------------


class SubmissionRefused(ReportError):
    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@transaction.atomic
def submitted_report_upload(
    *, org: Org, year: int, filename: str, content: bytes, user=None
) -> SubmittedReport:
    """Accept an off-platform org's filled report (JSON or the XLSX template) if consistent."""
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix == ".json":
            tables = parse_report_json(content)
        elif suffix == ".xlsx":
            tables = render.read_xlsx(content)
        else:
            raise SubmissionRefused([_("{file}: 只接受 .json 或 .xlsx 文件").format(file=filename)])
    except ReportFormatError as exc:
        raise SubmissionRefused(
            [f"{filename}:{p.line or 1}: {p.message}" for p in exc.problems]
        ) from None
    problems = [str(v) for v in check_report(tables)]
    if tables["year"] != year:
        problems.append(_("年度为{found}，应为{year}").format(found=tables["year"], year=year))
    if tables["org"]["code"] != org.code:
        problems.append(
            _("单位代码为“{found}”，应为“{code}”").format(
                found=tables["org"]["code"], code=org.code
            )
        )
    if problems:
        raise SubmissionRefused(problems)
    submitted, _created = SubmittedReport.objects.update_or_create(
        org=org,
        year=year,
        defaults={"data": json.loads(report_to_json(tables)), "uploaded_by": user},
    )
    submitted.source_file.save(PurePath(filename).name, ContentFile(content), save=True)
    return submitted
