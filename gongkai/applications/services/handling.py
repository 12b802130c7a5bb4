"""Handling an open application: assignment, correction, consultation, extension, fees,
transfer, documents released, archiving and notes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendar.selectors import get_work_calendar
from gongkai.documents.files import validate_attachment
from gongkai.orgs.models import Org

from .. import clock as clk
from .. import fees
from ..letters import format_cn_date
from ..models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    EventKind,
    Letter,
    LetterKind,
    ReleasedDocument,
    Status,
)
from .intake import APPLICANT_FIELDS, _create
from .letters import letter_issue
from .timeline import (
    ApplicationError,
    _audit,
    _event,
    _iso,
    _pending_reply,
    _refresh,
    _transition,
    application_clock,
)


@transaction.atomic
def application_assign(*, application: Application, officer, actor) -> Application:
    profile = getattr(officer, "staff", None)
    if profile is None or profile.org_id != application.org_id:
        raise ApplicationError(_("承办人必须是受理单位的工作人员。"))
    application = Application.objects.select_for_update().get(pk=application.pk)
    application.assigned_to = officer
    if application.status == Status.RECEIVED:
        application.status = Status.IN_PROGRESS
    application.save(update_fields=["assigned_to", "status", "updated_at"])
    _event(
        application,
        EventKind.ASSIGNED,
        on=timezone.localdate(),
        actor=actor,
        note=officer.get_full_name() or officer.get_username(),
        data={"officer": officer.pk},
        public=False,
    )
    _audit(application, "assign", actor=actor, detail={"officer": officer.pk})
    return application


@transaction.atomic
def application_request_correction(
    *,
    application: Application,
    actor,
    on: dt.date,
    items: str,
    period_days: int = 15,
) -> Letter:
    """Ask once for every needed correction (Art. 30). The clock stops until it arrives.

    ``period_days`` is the reasonable correction period (working days) given to the applicant.
    """
    if not items.strip():
        raise ApplicationError(_("请写明需要补正的事项。"))
    correction_by = get_work_calendar().add_workdays(on, period_days).date
    _transition(
        application,
        EventKind.CORRECTION_REQUESTED,
        on=on,
        status=Status.AWAITING_CORRECTION,
        actor=actor,
        note=items,
        data={"correction_by": correction_by.isoformat(), "period_days": period_days},
        allowed=(Status.RECEIVED, Status.IN_PROGRESS),
    )
    application = _refresh(application)
    letter = letter_issue(
        application=application,
        kind=LetterKind.CORRECTION,
        actor=actor,
        issued_on=on,
        extra={"items": items, "correction_by": format_cn_date(correction_by)},
    )
    _audit(
        application,
        "correction_request",
        actor=actor,
        detail={
            "on": _iso(on),
            "correction_by": _iso(correction_by),
            "letter": letter.number,
        },
    )
    return letter


@transaction.atomic
def application_receive_correction(
    *, application: Application, actor=None, on: dt.date, description: str = "", note: str = ""
) -> Application:
    """The corrected application arrived: the reply deadline restarts from ``on`` (Art. 30)."""
    update = {"description": description} if description.strip() else {}
    _transition(
        application,
        EventKind.CORRECTION_RECEIVED,
        on=on,
        status=Status.IN_PROGRESS,
        actor=actor,
        note=note or description,
        allowed=(Status.AWAITING_CORRECTION,),
        update=update,
    )
    application = _refresh(application)
    _audit(
        application,
        "correction_receive",
        actor=actor,
        detail={"on": _iso(on), "due_date": _iso(application.due_date)},
    )
    return application


@transaction.atomic
def application_start_consultation(
    *,
    application: Application,
    actor,
    on: dt.date,
    party: str,
    kind: str = clk.PauseKind.THIRD_PARTY,
    note: str = "",
) -> Letter | None:
    """Consult a third party (Art. 32) or another organ (Art. 33–34): the clock pauses."""
    kind = clk.PauseKind(kind)
    if kind is clk.PauseKind.FEE:
        raise ApplicationError(_("缴费请使用收费通知。"))
    _transition(
        application,
        EventKind.CONSULTATION_STARTED,
        on=on,
        status=Status.IN_CONSULTATION,
        actor=actor,
        note=note or party,
        data={"kind": kind.value, "party": party},
        allowed=(Status.RECEIVED, Status.IN_PROGRESS, Status.IN_CONSULTATION),
    )
    application = _refresh(application)
    letter = None
    if kind is clk.PauseKind.THIRD_PARTY:
        reply_by = get_work_calendar().add_workdays(on, clk.ClockRules().third_party_days).date
        letter = letter_issue(
            application=application,
            kind=LetterKind.CONSULTATION,
            actor=actor,
            issued_on=on,
            extra={"third_party": party, "reply_by": format_cn_date(reply_by)},
        )
    _audit(
        application,
        "consultation_start",
        actor=actor,
        detail={
            "on": _iso(on),
            "kind": kind.value,
            "party": party,
            "letter": letter.number if letter else None,
        },
    )
    return letter


@transaction.atomic
def application_end_consultation(
    *,
    application: Application,
    actor,
    on: dt.date,
    kind: str = clk.PauseKind.THIRD_PARTY,
    note: str = "",
) -> Application:
    kind = clk.PauseKind(kind)
    _transition(
        application,
        EventKind.CONSULTATION_ENDED,
        on=on,
        status=None,
        actor=actor,
        note=note,
        data={"kind": kind.value},
        allowed=(Status.IN_CONSULTATION,),
    )
    application = _refresh(application)
    state = application_clock(application)
    if not state.paused:
        application.status = Status.IN_PROGRESS
        application.save(update_fields=["status", "updated_at"])
    _audit(
        application,
        "consultation_end",
        actor=actor,
        detail={"on": _iso(on), "kind": kind.value, "due_date": _iso(application.due_date)},
    )
    return application


def can_approve_extension(user) -> bool:
    return bool(user and user.has_perm("applications.approve_extension"))


@transaction.atomic
def application_extend(
    *, application: Application, actor, on: dt.date, days: int, reason: str
) -> Letter:
    """One extension of at most 20 working days, approved by the head of the OGI office."""
    if not can_approve_extension(actor):
        raise PermissionDenied(_("延期答复须经政府信息公开工作机构负责人批准。"))
    if not reason.strip():
        raise ApplicationError(_("请写明延期理由。"))
    _transition(
        application,
        EventKind.EXTENDED,
        on=on,
        status=None,
        actor=actor,
        note=reason,
        data={"days": int(days), "approved_by": actor.pk},
        update={"extended": True},
    )
    application = _refresh(application)
    letter = letter_issue(
        application=application,
        kind=LetterKind.EXTENSION,
        actor=actor,
        issued_on=on,
        extra={"days": days, "reason": reason},
    )
    _audit(
        application,
        "extend",
        actor=actor,
        detail={
            "on": _iso(on),
            "days": int(days),
            "due_date": _iso(application.due_date),
            "letter": letter.number,
        },
    )
    return letter


def application_fee(*, application: Application, method: str, quantity: int) -> fees.Fee:
    """The fee by the 2020 measures. Per request: ``quantity`` is the applicant's running count
    of requests this calendar month *including* this one."""
    if method == fees.FeeMethod.PER_PAGE:
        return fees.fee_per_page(pages=quantity)
    if method == fees.FeeMethod.PER_REQUEST:
        return fees.fee_per_request(nth=quantity)
    raise ApplicationError(_("未知的收费方式。"))


@transaction.atomic
def application_send_fee_notice(
    *, application: Application, actor, on: dt.date, method: str, quantity: int
) -> Letter:
    """Send a fee notice; ``on`` is the day the applicant receives it (the clock pauses)."""
    fee = application_fee(application=application, method=method, quantity=quantity)
    if fee.amount <= 0:
        raise ApplicationError(_("按此数量计算不应收费（免费范围内），无需发出收费通知。"))
    pay_by = get_work_calendar().add_workdays(on, clk.ClockRules().fee_payment_days).date
    _transition(
        application,
        EventKind.FEE_NOTICE_SENT,
        on=on,
        status=Status.AWAITING_FEE,
        actor=actor,
        note="；".join(fee.breakdown),
        data={"method": method, "quantity": quantity, "amount": fee.amount},
        allowed=(Status.RECEIVED, Status.IN_PROGRESS),
        update={
            "fee_method": method,
            "fee_quantity": quantity,
            "fee_amount": Decimal(fee.amount),
            "fee_notice_on": on,
            "fee_paid_on": None,
        },
    )
    application = _refresh(application)
    letter = letter_issue(
        application=application,
        kind=LetterKind.FEE_NOTICE,
        actor=actor,
        issued_on=on,
        extra={
            "fee_method": fees.FEE_METHOD_LABELS[fees.FeeMethod(method)],
            "fee_amount": fee.amount,
            "fee_breakdown": "\n".join(fee.breakdown),
            "pay_by": format_cn_date(pay_by),
        },
    )
    _audit(
        application,
        "fee_notice",
        actor=actor,
        detail={
            "on": _iso(on),
            "method": method,
            "quantity": quantity,
            "amount": fee.amount,
            "letter": letter.number,
        },
    )
    return letter


@transaction.atomic
def application_record_payment(*, application: Application, actor, on: dt.date) -> Application:
    _transition(
        application,
        EventKind.FEE_PAID,
        on=on,
        status=Status.IN_PROGRESS,
        actor=actor,
        allowed=(Status.AWAITING_FEE,),
        update={"fee_paid_on": on},
    )
    application = _refresh(application)
    _audit(application, "payment", actor=actor, detail={"on": _iso(on)})
    return application


@transaction.atomic
def application_transfer(
    *, application: Application, actor, on: dt.date, to_org: Org, note: str = ""
) -> Application:
    """This org does not hold the information but knows who does (Art. 36(5)).

    The application is answered here as 本机关不掌握相关政府信息 (the report row ``unable.1``)
    naming the responsible org, and — when that org works on this platform — a new application
    with the same content is registered there, received on ``on``.
    """
    if to_org.pk == application.org_id:
        raise ApplicationError(_("不能转给本单位。"))
    if _pending_reply(application) is not None:
        raise ApplicationError(_("该申请的答复正在审核中，请审核人先退回修改，再转办。"))
    _transition(
        application,
        EventKind.TRANSFERRED,
        on=on,
        status=Status.TRANSFERRED,
        actor=actor,
        note=note or to_org.name,
        data={"to_org": to_org.pk},
        update={
            "outcome": "unable.1",
            "concluded_on": on,
            "transferred_to": to_org,
            "legal_basis": _("《中华人民共和国政府信息公开条例》第三十六条第（五）项"),
            "reply_summary": _(
                "经检索，本机关不掌握您申请的政府信息。该信息由%(org)s负责公开，"
                "您可以向其提出申请。"
            )
            % {"org": to_org.name},
        },
    )
    application = _refresh(application)
    detail: dict[str, Any] = {"on": _iso(on), "to_org": to_org.pk, "to_org_name": to_org.name}
    if not to_org.on_platform or not to_org.is_active:
        _audit(application, "transfer", actor=actor, detail=detail)
        return application
    data = {k: getattr(application, k) for k in APPLICANT_FIELDS}
    new = _create(
        org=to_org,
        channel=application.channel,
        arrived_on=on,
        received_at=timezone.now(),
        data=data,
        actor=actor,
        event_kind=EventKind.REGISTERED,
        note=_("由%(org)s转来（原编号 %(ref)s）")
        % {"org": application.org.name, "ref": application.reference},
    )
    new.transferred_from = application
    new.save(update_fields=["transferred_from"])
    _audit(application, "transfer", actor=actor, detail=detail | {"new": new.reference})
    _audit(
        new,
        "register",
        actor=actor,
        detail={
            "channel": new.channel,
            "arrived_on": _iso(on),
            "receipt_date": _iso(new.receipt_date),
            "transferred_from": application.reference,
        },
    )
    return application


@transaction.atomic
def application_release_document(
    *, application: Application, actor, title: str, upload, on: dt.date, pages: int | None = None
) -> ReleasedDocument:
    """Provide a document to the applicant (downloadable from the tracking page)."""
    validate_attachment(upload)
    if application.status not in (*OPEN_STATUSES, Status.CONCLUDED):
        raise ApplicationError(_("已归档或已转办的申请不能再提供信息。"))
    doc = ReleasedDocument.objects.create(
        application=application,
        title=title,
        file=upload,
        pages=pages,
        released_on=on,
        released_by=actor,
    )
    _event(
        application,
        EventKind.DOCUMENT_RELEASED,
        on=on,
        actor=actor,
        note=title,
        data={"document": doc.pk},
    )
    _audit(
        application,
        "release_document",
        actor=actor,
        detail={"on": _iso(on), "document": doc.pk, "title": title, "pages": pages},
    )
    return doc


@transaction.atomic
def application_archive(
    *, application: Application, actor, on: dt.date | None = None
) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in (Status.CONCLUDED, Status.TRANSFERRED):
        raise ApplicationError(_("只有已办结的申请才能归档。"))
    application.status = Status.ARCHIVED
    application.save(update_fields=["status", "updated_at"])
    on = on or timezone.localdate()
    _event(application, EventKind.ARCHIVED, on=on, actor=actor, public=False)
    _audit(application, "archive", actor=actor, detail={"on": _iso(on)})
    return application


@transaction.atomic
def application_add_note(*, application: Application, actor, note: str) -> ApplicationEvent:
    event = _event(
        application, EventKind.NOTE, on=timezone.localdate(), actor=actor, note=note, public=False
    )
    # The note's text stays on the timeline: it may quote the applicant.
    _audit(application, "note", actor=actor, detail={"event": event.pk})
    return event


def application_personal_data_viewed(*, application: Application, user, proof=None) -> None:
    """Every time staff see the applicant's full identity, contact details or proof document,
    it is on the record (ogi-rules §7), like ``letter.view_personal_data`` in the mailbox."""
    _audit(
        application,
        "view_personal_data",
        actor=user,
        detail={"proof": proof.pk} if proof is not None else None,
    )
