"""Writes: rectification notices (整改通知) through their closed loop, finding resolution, and
the staleness warnings sent to an org's editors. Every state change is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.orgs.models import Org, StaffProfile
from gongkai.orgs.roles import Role, group_name
from gongkai.orgs.scoping import can_see_org, sees_all_orgs

from . import selectors
from .models import (
    FindingStatus,
    NoticeStatus,
    RectificationAttachment,
    RectificationEvent,
    RectificationNotice,
    SiteCheckFinding,
    StalenessWarning,
)
from .rules import ColumnRules


class RectificationError(ValueError):
    """The step is not allowed in the notice's current state; the message says what to do."""


# --- Who may do what --------------------------------------------------------------------------


def may_supervise(user) -> bool:
    """The general office (办公室督查员) and system administrators issue and verify notices."""
    return bool(getattr(user, "is_authenticated", False)) and sees_all_orgs(user)


def may_respond(user, notice: RectificationNotice) -> bool:
    """Staff of the notice's org (or an org administrator above it) answer for it."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    profile = getattr(user, "staff", None)
    if profile is None:
        return False
    return profile.org_id == notice.org_id or (
        not sees_all_orgs(user) and can_see_org(user, notice.org_id)
    )


# --- Rectification notices --------------------------------------------------------------------


def _next_number(today: dt.date) -> str:
    prefix = f"ZG{today.year}-"
    last = (
        RectificationNotice.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:04d}"


def _event(notice: RectificationNotice, kind: str, actor, note: str = "") -> None:
    RectificationEvent.objects.create(notice=notice, kind=kind, actor=actor, note=note)
    audit_record(
        action=f"supervision.rectification_{kind}",
        obj=notice,
        actor=actor,
        org_id=notice.org_id,
        detail={"status": notice.status, "note": note[:200]},
    )


def rectification_issue(
    *,
    org: Org,
    title: str,
    requirement: str,
    due_date: dt.date,
    actor,
    findings: Iterable[SiteCheckFinding] = (),
    today: dt.date | None = None,
) -> RectificationNotice:
    if not may_supervise(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    if due_date < today:
        raise RectificationError(_("整改期限不能早于今天。"))
    if not requirement.strip():
        raise RectificationError(_("请填写整改要求。"))
    findings = list(findings)
    if any(f.org_id != org.pk for f in findings):
        raise RectificationError(_("所选问题不属于该单位。"))
    with transaction.atomic():
        notice = RectificationNotice.objects.create(
            org=org,
            number=_next_number(today),
            title=title.strip() or "整改通知",
            requirement=requirement.strip(),
            due_date=due_date,
            issued_by=actor,
        )
        notice.findings.set(findings)
        _event(notice, RectificationEvent.Kind.ISSUED, actor, requirement.strip())
    return notice


def rectification_respond(
    *,
    notice: RectificationNotice,
    response: str,
    actor,
    files: Iterable[UploadedFile] = (),
) -> RectificationNotice:
    if not may_respond(actor, notice):
        raise PermissionDenied
    if notice.status not in (NoticeStatus.ISSUED, NoticeStatus.SENT_BACK):
        raise RectificationError(_("该通知当前不需要反馈。"))
    if not response.strip():
        raise RectificationError(_("请填写整改情况。"))
    with transaction.atomic():
        notice.status = NoticeStatus.RESPONDED
        notice.response = response.strip()
        notice.responded_by = actor
        notice.responded_at = timezone.now()
        notice.save(update_fields=["status", "response", "responded_by", "responded_at"])
        for f in files:
            RectificationAttachment.objects.create(notice=notice, title=f.name[:200], file=f)
        _event(notice, RectificationEvent.Kind.RESPONDED, actor, response.strip())
    return notice


def rectification_verify(
    *, notice: RectificationNotice, actor, note: str = ""
) -> RectificationNotice:
    """Accept the org's response; the notice's findings count as fixed from today."""
    if not may_supervise(actor):
        raise PermissionDenied
    if notice.status != NoticeStatus.RESPONDED:
        raise RectificationError(_("只能核验已反馈的整改通知。"))
    with transaction.atomic():
        notice.status = NoticeStatus.VERIFIED
        notice.verified_by = actor
        notice.verified_at = timezone.now()
        notice.verification_note = note.strip()
        notice.save(update_fields=["status", "verified_by", "verified_at", "verification_note"])
        notice.findings.filter(status=FindingStatus.OPEN).update(
            status=FindingStatus.FIXED,
            resolved_on=timezone.localdate(),
            resolved_by=actor,
            note=f"整改通知{notice.number}核验通过",
        )
        _event(notice, RectificationEvent.Kind.VERIFIED, actor, note.strip())
    return notice


def rectification_send_back(
    *, notice: RectificationNotice, actor, note: str
) -> RectificationNotice:
    """Refuse the org's response; it must respond again. A reason is required."""
    if not may_supervise(actor):
        raise PermissionDenied
    if notice.status != NoticeStatus.RESPONDED:
        raise RectificationError(_("只能退回已反馈的整改通知。"))
    if not note.strip():
        raise RectificationError(_("退回时请说明理由。"))
    with transaction.atomic():
        notice.status = NoticeStatus.SENT_BACK
        notice.verification_note = note.strip()
        notice.save(update_fields=["status", "verification_note"])
        _event(notice, RectificationEvent.Kind.SENT_BACK, actor, note.strip())
    return notice


# --- Findings ---------------------------------------------------------------------------------


def finding_resolve(
    *, finding: SiteCheckFinding, status: str, actor, note: str = ""
) -> SiteCheckFinding:
    """Mark a finding fixed (by the org) or dismissed (a false alarm: the general office only)."""
    if status not in (FindingStatus.FIXED, FindingStatus.DISMISSED, FindingStatus.OPEN):
        raise ValueError(status)
    if status == FindingStatus.DISMISSED and not may_supervise(actor):
        raise PermissionDenied
    if not (may_supervise(actor) or can_see_org(actor, finding.org_id)):
        raise PermissionDenied
    finding.status = status
    finding.resolved_on = None if status == FindingStatus.OPEN else timezone.localdate()
    finding.resolved_by = None if status == FindingStatus.OPEN else actor
    finding.note = note[:300]
    finding.save(update_fields=["status", "resolved_on", "resolved_by", "note"])
    audit_record(
        action="supervision.finding_resolved",
        obj=finding,
        actor=actor,
        org_id=finding.org_id,
        detail={"status": status, "kind": finding.kind},
    )
    return finding


# --- Staleness warnings -----------------------------------------------------------------------


def _editor_emails(org_ids: set[int]) -> dict[int, list[str]]:
    rows = StaffProfile.objects.filter(
        org_id__in=org_ids,
        user__is_active=True,
        user__groups__name=group_name(Role.EDITOR),
    ).values_list("org_id", "user__email")
    out: dict[int, set[str]] = {}
    for org_id, email in rows:
        if email:
            out.setdefault(org_id, set()).add(email)
    return {k: sorted(v) for k, v in out.items()}


def staleness_warnings_send(*, today: dt.date, rules: ColumnRules | None = None) -> int:
    """Warn each org's editors (信息员) about columns that go stale within ``warn_days``.

    Idempotent: a warning is recorded per column and stale date and never sent twice; when the
    org publishes in the column its stale date moves, and the next approach earns a new one.
    Returns how many warnings were newly recorded.
    """
    report = selectors.column_report(today=today, rules=rules, with_letters=False)
    due = [(oc.org, row) for oc in report for row in oc.warn]
    if not due:
        return 0
    done = set(
        StalenessWarning.objects.filter(
            stale_from__gte=today, org_id__in={o.pk for o, _ in due}
        ).values_list("org_id", "category_id", "stale_from")
    )
    fresh = [(o, r) for o, r in due if (o.pk, r.category.pk, r.state.stale_from) not in done]
    if not fresh:
        return 0
    emails = _editor_emails({o.pk for o, _ in fresh})
    messages = []
    warnings = []
    for org, row in fresh:
        to = emails.get(org.pk, [])
        subject = f"【栏目更新提醒】{org.display_name}“{row.category.name}”栏目将于{row.state.stale_from:%Y年%m月%d日}超期未更新"
        body = (
            f"{org.name}：\n\n“{row.category.name}”栏目最近一次发布信息是"
            f"{row.state.last_published:%Y年%m月%d日}，按照政府网站检查指标，"
            f"如{row.state.stale_from:%Y年%m月%d日}前仍未更新将被认定为未按期更新栏目。"
            "请及时发布信息。\n\n本邮件由政府信息公开平台自动发送。"
        )
        if to:
            messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, to))
        warnings.append(
            StalenessWarning(
                org=org,
                category=row.category,
                stale_from=row.state.stale_from,
                sent_on=today,
                recipients=len(to),
            )
        )
    with transaction.atomic():
        StalenessWarning.objects.bulk_create(warnings, ignore_conflicts=True)
    if messages:
        send_mass_mail(messages, fail_silently=True)
    return len(warnings)
