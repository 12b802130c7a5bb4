"""Writes: every change of a letter's state goes through one of these functions.

Each records a timeline event and an audit record, inside one transaction with the change, and
re-reads the letter under a row lock so that two clerks cannot act on a stale copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.calendar.selectors import get_work_calendar
from gongkai.documents.files import validate_attachment
from gongkai.orgs.models import Org

from .conf import conf
from .models import (
    HANDLING_STATUSES,
    EventKind,
    Letter,
    LetterAttachment,
    LetterCategory,
    LetterEvent,
    LetterReply,
    Mailbox,
    Rating,
    ReplyStatus,
    Status,
)
from .rules import RatingOutcome, clean_text, public_text, rating_outcome, reply_due
from .selectors import can_approve, can_handle, general_office_org, may_route


def _event(letter: Letter, kind: str, *, actor=None, org=None, note="", data=None, public=True):
    return LetterEvent.objects.create(
        letter=letter,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        org=org,
        note=note,
        data=data or {},
        public=public,
    )


def _audit(letter: Letter, action: str, *, actor=None, detail=None) -> None:
    """One audit record ``mailbox.<action>`` (``audit_record`` takes the org from the letter)."""
    audit_record(action=f"mailbox.{action}", obj=letter, actor=actor, detail=detail)


def _locked(letter: Letter) -> Letter:
    return (
        Letter.objects.select_for_update().select_related("mailbox", "category").get(pk=letter.pk)
    )


def _set_deadline(letter: Letter, *, start: dt.date) -> None:
    due = reply_due(get_work_calendar(), start=start, workdays=letter.category.reply_workdays)
    letter.awaiting_since = start
    letter.due_date = due.date
    letter.due_provisional = due.provisional


# --- Submission ------------------------------------------------------------------------------


def letter_validate(
    *, subject: str, content: str, writer_name: str, writer_phone: str, files: Sequence
) -> dict[str, list[str]]:
    """Every problem with a submission, by field, so the form can show them all at once."""
    errors: dict[str, list[str]] = {}
    limit = conf("GONGKAI_MAILBOX_MAX_CONTENT")
    if not subject:
        errors.setdefault("subject", []).append(_("请填写标题。"))
    elif len(subject) > 100:
        errors.setdefault("subject", []).append(
            _("标题不能超过100个字（现有%(n)d个字）。") % {"n": len(subject)}
        )
    if not content:
        errors.setdefault("content", []).append(_("请填写来信内容。"))
    elif len(content) > limit:
        errors.setdefault("content", []).append(
            _(
                "来信内容不能超过%(limit)d个字（现有%(n)d个字），请精简后再提交，或将详细材料作为附件上传。"
            )
            % {"limit": limit, "n": len(content)}
        )
    if not writer_name:
        errors.setdefault("writer_name", []).append(_("请填写姓名。"))
    digits = "".join(ch for ch in writer_phone if ch.isdigit())
    if len(digits) < 7:
        errors.setdefault("writer_phone", []).append(_("请填写有效的联系电话。"))
    max_files = conf("GONGKAI_MAILBOX_MAX_ATTACHMENTS")
    if len(files) > max_files:
        errors.setdefault("attachments", []).append(_("最多上传%(n)d个附件。") % {"n": max_files})
    else:
        for f in files:
            try:
                validate_attachment(f, max_bytes=conf("GONGKAI_MAILBOX_MAX_ATTACHMENT_BYTES"))
            except ValidationError as exc:
                errors.setdefault("attachments", []).extend(exc.messages)
    return errors


def letter_submit(
    *,
    mailbox: Mailbox,
    category: LetterCategory,
    subject: str,
    content: str,
    writer_name: str,
    writer_phone: str,
    writer_email: str = "",
    may_publish: bool = False,
    files: Sequence[UploadedFile] = (),
    now: dt.datetime | None = None,
) -> Letter:
    """Receive a letter. All checks run before anything is written; the letter, its attachments
    and its first event are stored together or not at all (saved files are removed again if
    the transaction fails)."""
    subject, content = clean_text(subject), clean_text(content)
    writer_name, writer_phone = clean_text(writer_name), clean_text(writer_phone)
    errors = letter_validate(
        subject=subject,
        content=content,
        writer_name=writer_name,
        writer_phone=writer_phone,
        files=files,
    )
    if not mailbox.is_active or not category.is_active:
        errors.setdefault("__all__", []).append(_("该信箱或类别已停用，请重新选择。"))
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    today = timezone.localdate(now)
    saved: list[str] = []
    try:
        with transaction.atomic():
            letter = Letter(
                mailbox=mailbox,
                category=category,
                subject=subject,
                content=content,
                writer_name=writer_name,
                writer_phone=writer_phone,
                writer_email=writer_email.strip(),
                may_publish=may_publish,
                received_at=now,
                # An org's own mailbox needs no routing: the org answers its own letters.
                assigned_org=None if mailbox.is_mayor else mailbox.org,
                status=Status.SUBMITTED if mailbox.is_mayor else Status.ROUTED,
            )
            _set_deadline(letter, start=today)
            letter.first_due_date = letter.due_date
            letter.save()
            for f in files:
                facts = validate_attachment(
                    f, max_bytes=conf("GONGKAI_MAILBOX_MAX_ATTACHMENT_BYTES")
                )
                att = LetterAttachment(
                    letter=letter,
                    original_name=(f.name or "")[-200:],
                    kind=facts.kind,
                    size=facts.size,
                    sha256=facts.sha256,
                )
                f.seek(0)
                att.file.save(f.name, f, save=False)
                saved.append(att.file.name)
                att.save()
            _event(
                letter,
                EventKind.SUBMITTED,
                org=mailbox.org,
                note=_("答复期限：%(due)s") % {"due": letter.due_date.isoformat()},
            )
            _audit(letter, "letter.submit", detail={"mailbox": mailbox.pk})
    except Exception:
        from django.core.files.storage import default_storage

        for name in saved:
            default_storage.delete(name)
        raise
    return letter


# --- Routing ---------------------------------------------------------------------------------


def letter_route(*, letter: Letter, org: Org, user, note: str = "") -> Letter:
    """转办: the general office hands a letter to the org responsible for it. The deadline
    keeps running from receipt: routing is the office's work, not the writer's delay."""
    if not may_route(user):
        raise PermissionDenied
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status != Status.SUBMITTED:
            raise ValidationError(_("只有待转办的来信可以转办。"))
        if not org.is_active:
            raise ValidationError(_("所选单位已停用。"))
        letter.assigned_org = org
        letter.status = Status.ROUTED
        letter.save(update_fields=["assigned_org", "status"])
        _event(letter, EventKind.ROUTED, actor=user, org=org, note=note.strip() or org.name)
        _audit(letter, "letter.route", actor=user, detail={"org": org.pk})
    return letter


def letter_pass_back(*, letter: Letter, user, reason: str) -> Letter:
    """The org says the letter is not theirs: it goes back to the general office's queue."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("请说明退回理由。"))
    if not can_handle(user, letter):
        raise PermissionDenied
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status not in (Status.ROUTED, Status.IN_PROGRESS, Status.REOPENED):
            raise ValidationError(_("该来信当前不能退回。"))
        from_org = letter.assigned_org
        letter.assigned_org = None
        letter.status = Status.SUBMITTED
        letter.save(update_fields=["assigned_org", "status"])
        letter.replies.filter(status=ReplyStatus.DRAFT).update(status=ReplyStatus.REJECTED)
        _event(letter, EventKind.PASSED_BACK, actor=user, org=from_org, note=reason, public=False)
        audit_record(
            action="mailbox.letter.pass_back",
            obj=letter,
            actor=user,
            org_id=from_org.pk if from_org else None,
            detail={"reason": reason},
        )
    return letter


# --- Replies ---------------------------------------------------------------------------------


def letter_reply_draft(*, letter: Letter, user, text: str) -> LetterReply:
    text = clean_text(text)
    if not text:
        raise ValidationError(_("请填写答复内容。"))
    if len(text) > 20000:
        raise ValidationError(_("答复内容不能超过20000个字。"))
    if not can_handle(user, letter):
        raise PermissionDenied
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status not in HANDLING_STATUSES:
            raise ValidationError(_("该来信当前不能答复。"))
        if letter.replies.filter(status=ReplyStatus.DRAFT).exists():
            raise ValidationError(_("已有待审核的答复，请等待审核或退回后再拟写。"))
        reply = LetterReply.objects.create(
            letter=letter, org=letter.assigned_org, text=text, drafted_by=user
        )
        if letter.status == Status.ROUTED:
            letter.status = Status.IN_PROGRESS
            letter.save(update_fields=["status"])
        _event(letter, EventKind.REPLY_DRAFTED, actor=user, org=letter.assigned_org, public=False)
        _audit(letter, "reply.draft", actor=user, detail={"reply": reply.pk})
    return reply


def letter_reply_reject(*, reply: LetterReply, user, note: str) -> LetterReply:
    note = clean_text(note)
    if not note:
        raise ValidationError(_("请填写退回修改的意见。"))
    if not can_approve(user, reply):
        raise PermissionDenied
    with transaction.atomic():
        reply = LetterReply.objects.select_for_update().get(pk=reply.pk)
        if reply.status != ReplyStatus.DRAFT:
            raise ValidationError(_("该答复不在待审核状态。"))
        reply.status = ReplyStatus.REJECTED
        reply.approved_by = user
        reply.review_note = note
        reply.save(update_fields=["status", "approved_by", "review_note"])
        _event(reply.letter, EventKind.REPLY_REJECTED, actor=user, note=note, public=False)
        _audit(reply.letter, "reply.reject", actor=user, detail={"reply": reply.pk})
    return reply


def _publish(letter: Letter, reply: LetterReply, *, now: dt.datetime) -> None:
    personal = {
        "writer_name": letter.writer_name,
        "writer_phone": letter.writer_phone,
        "writer_email": letter.writer_email,
    }
    letter.public_subject = public_text(letter.subject, **personal)[:100]
    letter.public_content = public_text(letter.content, **personal)
    letter.public_reply = public_text(reply.text, **personal)
    letter.public_reply_org = reply.org.name
    letter.is_public = True
    letter.published_at = now


def letter_reply_approve(
    *, reply: LetterReply, user, note: str = "", now: dt.datetime | None = None
) -> LetterReply:
    """审核通过: the reply goes out to the writer and, if they agreed, onto the public list
    (masked). Whether it was on time is fixed now, against the deadline then in force."""
    if not can_approve(user, reply):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        reply = LetterReply.objects.select_for_update().select_related("org").get(pk=reply.pk)
        letter = _locked(reply.letter)
        if reply.status != ReplyStatus.DRAFT:
            raise ValidationError(_("该答复不在待审核状态。"))
        if letter.status not in HANDLING_STATUSES:
            raise ValidationError(_("该来信当前不能答复。"))
        on_time = letter.due_date is None or today <= letter.due_date
        reply.status = ReplyStatus.SENT
        reply.approved_by = user
        reply.review_note = clean_text(note)
        reply.sent_at = now
        reply.due_date = letter.due_date
        reply.on_time = on_time
        reply.save()
        letter.status = Status.REPLIED
        letter.replied_at = now
        if letter.first_replied_at is None:
            letter.first_replied_at = now
            letter.first_reply_on_time = on_time
        if letter.may_publish:
            _publish(letter, reply, now=now)
        letter.save()
        _event(letter, EventKind.REPLY_SENT, actor=user, org=reply.org, note=reply.org.name)
        if letter.may_publish:
            _event(letter, EventKind.PUBLISHED, actor=user, public=False)
        _audit(letter, "reply.approve", actor=user, detail={"reply": reply.pk, "on_time": on_time})
    if letter.writer_email:
        send_mail(
            _("您的来信已答复（查询码 %(code)s）") % {"code": letter.tracking_code},
            _(
                "您好：\n\n您于%(date)s写给%(mailbox)s的来信“%(subject)s”已由%(org)s答复。\n"
                "请凭查询码 %(code)s 和联系电话后四位登录网站查看答复并评价。\n"
            )
            % {
                "date": timezone.localdate(letter.received_at).isoformat(),
                "mailbox": letter.mailbox.name,
                "subject": letter.subject,
                "org": reply.org.name,
                "code": letter.tracking_code,
            },
            settings.DEFAULT_FROM_EMAIL,
            [letter.writer_email],
            fail_silently=True,
        )
    return reply


def letter_set_public(*, letter: Letter, user, public: bool) -> Letter:
    """Staff may take a letter off the public list (something personal slipped through) or put
    it back; never publish one whose writer did not agree."""
    if not (can_handle(user, letter) or may_route(user)):
        raise PermissionDenied
    with transaction.atomic():
        letter = _locked(letter)
        if public:
            if not letter.may_publish:
                raise ValidationError(_("来信人未同意公开，不能公开。"))
            reply = letter.replies.filter(status=ReplyStatus.SENT).select_related("org").last()
            if reply is None or letter.status not in (Status.REPLIED, Status.CLOSED):
                raise ValidationError(_("答复后才能公开。"))
            _publish(letter, reply, now=timezone.now())
        else:
            letter.is_public = False
        letter.save()
        kind = EventKind.PUBLISHED if public else EventKind.UNPUBLISHED
        _event(letter, kind, actor=user, public=False)
        _audit(letter, "letter.publish" if public else "letter.unpublish", actor=user)
    return letter


# --- Rating and escalation ---------------------------------------------------------------------


def letter_rate(
    *, letter: Letter, rating: str, comment: str = "", now: dt.datetime | None = None
) -> Letter:
    """The writer rates the latest reply. 不满意 reopens the letter with a new deadline; a
    repeated 不满意 escalates it to the general office (see ``rules.rating_outcome``)."""
    if rating not in Rating.values:
        raise ValidationError(_("请选择评价。"))
    comment = clean_text(comment)[:1000]
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        letter = _locked(letter)
        if letter.status != Status.REPLIED:
            raise ValidationError(_("该来信当前不能评价。"))
        reply = letter.replies.filter(status=ReplyStatus.SENT).order_by("sent_at", "id").last()
        before = letter.replies.filter(rating=Rating.DISSATISFIED).count()
        outcome = rating_outcome(rating, dissatisfied_before=before)
        if reply is not None:
            reply.rating = rating
            reply.rating_comment = comment
            reply.save(update_fields=["rating", "rating_comment"])
        letter.rating = rating
        letter.rated_at = now
        _event(letter, EventKind.RATED, note=Rating(rating).label, data={"rating": rating})
        if outcome in (RatingOutcome.CLOSE, RatingOutcome.CLOSE_DISSATISFIED):
            letter.status = Status.CLOSED
            letter.save()
            _event(letter, EventKind.CLOSED)
        elif outcome == RatingOutcome.REOPEN:
            letter.status = Status.REOPENED
            letter.reopen_count += 1
            letter.is_public = False  # back on the list once the new answer is out
            _set_deadline(letter, start=today)
            letter.save()
            _event(
                letter,
                EventKind.REOPENED,
                org=letter.assigned_org,
                note=_("来信人不满意，退回%(org)s重新办理，答复期限：%(due)s")
                % {"org": letter.assigned_org.name, "due": letter.due_date.isoformat()},
                data={"due_date": letter.due_date.isoformat()},
            )
        else:
            _escalate(letter, today=today, reason=comment or _("来信人再次不满意"))
        _audit(letter, "letter.rate", detail={"rating": rating, "outcome": str(outcome)})
    return letter


def _escalate(letter: Letter, *, today: dt.date, reason: str, actor=None) -> None:
    office = general_office_org()
    if office is None:
        raise ValidationError(_("未设置政府办公室（市长信箱所属单位），无法提交督办。"))
    letter.status = Status.ESCALATED
    letter.assigned_org = office
    letter.reopen_count += 1
    letter.is_public = False
    _set_deadline(letter, start=today)
    letter.save()
    _event(
        letter,
        EventKind.ESCALATED,
        actor=actor,
        org=office,
        note=_("提交%(org)s督办，答复期限：%(due)s")
        % {"org": office.name, "due": letter.due_date.isoformat()},
        data={"due_date": letter.due_date.isoformat(), "reason": reason},
    )


def letter_escalate(*, letter: Letter, user, reason: str, now: dt.datetime | None = None) -> Letter:
    """The general office takes a letter over itself (督办), with a new deadline."""
    if not may_route(user):
        raise PermissionDenied
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("请说明督办理由。"))
    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        letter = _locked(letter)
        if not letter.is_open:
            raise ValidationError(_("只有未办结的来信可以督办。"))
        _escalate(letter, today=today, reason=reason, actor=user)
        _audit(letter, "letter.escalate", actor=user, detail={"reason": reason})
    return letter


def letter_personal_data_viewed(*, letter: Letter, user) -> None:
    """Every time staff open a letter with the writer's contact details, it is on the record."""
    _audit(letter, "letter.view_personal_data", actor=user)


def mailboxes_ensure(*, mayor_org: Org | None = None) -> int:
    """Give every active on-platform org its own mailbox and, if ``mayor_org`` is given, create
    the mayor's mailbox for it. Idempotent; returns how many mailboxes were created."""
    created = 0
    if mayor_org is not None and not Mailbox.objects.filter(is_mayor=True).exists():
        Mailbox.objects.create(org=mayor_org, name=_("市长信箱"), is_mayor=True)
        created += 1
    have = set(Mailbox.objects.filter(is_mayor=False).values_list("org_id", flat=True))
    for org in Org.objects.active().filter(on_platform=True).exclude(pk__in=have):
        Mailbox.objects.create(org=org, name=f"{org.display_name}信箱", sort_order=org.sort_order)
        created += 1
    return created
