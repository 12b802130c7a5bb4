"""Writes for 依申请公开. Each service runs in one transaction, writes one timeline event (or
more), recomputes the statutory clock from the whole timeline and writes one audit record
(``application.*``) naming the application and the actor — in the same transaction, so that a
change is never kept without its audit record. Audit details never hold the applicant's
personal data: the application is named by its reference.

The clock itself is pure (``clock.clock_compute``); here the timeline is translated into its
events, a proposed event is replayed *before* it is saved (so an impossible sequence — a second
correction request, an extension while waiting for the applicant — is refused with the clock's
own explanation), and the result is denormalised onto the application for fast queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.audit.services import audit_record
from gongkai.calendar.selectors import get_work_calendar
from gongkai.catalogue.selectors import CATEGORY_NOT_OF_ORG, category_belongs_to
from gongkai.orgs.models import Org

from . import clock as clk
from . import fees
from .duplicates import applicant_key, find_duplicate
from .letters import (
    DEFAULT_TEMPLATES,
    docx_bytes,
    format_cn_date,
    letter_render_text,
    pdf_bytes,
)
from .models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    Channel,
    EventKind,
    Letter,
    LetterKind,
    LetterTemplate,
    ProofDocument,
    ReferenceCounter,
    ReleasedDocument,
    ReplyState,
    ReplySubmission,
    Status,
)
from .outcomes import OUTCOME_KEYS, OUTCOME_ROW_LABELS

PROOF_KINDS = ("pdf", "jpg", "png")
PROOF_MAX_BYTES = 10 * 1024 * 1024

# Our intake channels mapped to the receipt rules of Art. 31.
CLOCK_CHANNEL: dict[str, clk.Channel] = {
    Channel.ONLINE: clk.Channel.ONLINE,
    Channel.EMAIL: clk.Channel.ONLINE,
    Channel.IN_PERSON: clk.Channel.IN_PERSON,
    Channel.ORAL: clk.Channel.IN_PERSON,
    Channel.REGISTERED_POST: clk.Channel.REGISTERED_POST,
    Channel.LETTER: clk.Channel.LETTER,
    Channel.FAX: clk.Channel.FAX,
}

APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "organisation",
    "credit_code",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "delivery_form",
    "delivery_way",
)


class ApplicationError(ValidationError):
    """A request the law or the application's state does not allow; the message says why."""


# --- audit ----------------------------------------------------------------------------------


def _audit(application: Application, action: str, *, actor=None, detail=None) -> None:
    """One audit record ``application.<action>`` (``audit_record`` takes the org from the
    application and, with no signed-in actor, whoever is logged in on the request: nobody on
    the public pages)."""
    audit_record(action=f"application.{action}", obj=application, actor=actor, detail=detail)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- clock -----------------------------------------------------------------------------------


def _clock_event(kind: str, on: dt.date, data: dict[str, Any]) -> clk.Event | None:
    match kind:
        case EventKind.CORRECTION_REQUESTED:
            return clk.CorrectionRequested(on=on)
        case EventKind.CORRECTION_RECEIVED:
            return clk.CorrectionReceived(on=on)
        case EventKind.CONSULTATION_STARTED:
            return clk.PauseStarted(on=on, kind=clk.PauseKind(data.get("kind", "third_party")))
        case EventKind.CONSULTATION_ENDED:
            return clk.PauseEnded(on=on, kind=clk.PauseKind(data.get("kind", "third_party")))
        case EventKind.EXTENDED:
            return clk.Extended(on=on, days=int(data["days"]))
        case EventKind.FEE_NOTICE_SENT:
            return clk.FeeNoticeReceived(on=on)
        case EventKind.FEE_PAID:
            return clk.FeePaid(on=on)
    return None


def application_clock(
    application: Application,
    *,
    extra: Sequence[tuple[str, dt.date, dict]] = (),
    as_of: dt.date | None = None,
) -> clk.ClockState:
    """Replay the application's timeline (plus ``extra`` proposed events) on the pure clock."""
    rows = list(application.events.order_by("on", "at", "id").values_list("kind", "on", "data"))
    rows += list(extra)
    rows.sort(key=lambda r: r[1])  # stable: same-day events keep their recorded order
    events = [e for kind, on, data in rows if (e := _clock_event(kind, on, data or {}))]
    try:
        return clk.clock_compute(
            received_on=application.receipt_date,
            events=events,
            calendar=get_work_calendar(),
            as_of=as_of,
        )
    except ValueError as exc:
        raise ApplicationError(str(exc)) from exc


def _apply_clock(application: Application, state: clk.ClockState) -> None:
    if application.is_open:
        application.due_date = state.due_on
        application.due_provisional = state.provisional
        application.clock_steps = list(state.steps)


def application_recompute_clock(*, application: Application) -> clk.ClockState:
    """Recompute and store the due date (after a calendar correction, for instance)."""
    state = application_clock(application)
    _apply_clock(application, state)
    application.save(update_fields=["due_date", "due_provisional", "clock_steps", "updated_at"])
    return state


def _event(
    application: Application,
    kind: str,
    *,
    on: dt.date,
    actor=None,
    note: str = "",
    data: dict | None = None,
    public: bool = True,
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        kind=kind,
        on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        data=data or {},
        public=public,
    )


def _transition(
    application: Application,
    kind: str,
    *,
    on: dt.date,
    status: str | None,
    actor=None,
    note: str = "",
    data: dict | None = None,
    allowed: Iterable[str] = OPEN_STATUSES,
    update: dict[str, Any] | None = None,
) -> ApplicationEvent:
    """Check, replay, record: the common path of every clock-relevant service."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status not in set(allowed):
        raise ApplicationError(
            _("申请当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )
    if on < application.receipt_date:
        raise ApplicationError(_("日期不能早于收到申请之日。"))
    state = application_clock(application, extra=[(kind, on, data or {})])
    event = _event(application, kind, on=on, actor=actor, note=note, data=data)
    if status:
        application.status = status
    for field, value in (update or {}).items():
        setattr(application, field, value)
    _apply_clock(application, state)
    application.save()
    return event


def _refresh(application: Application) -> Application:
    application.refresh_from_db()
    return application


# --- intake ----------------------------------------------------------------------------------


def application_next_reference(*, org: Org, year: int) -> str:
    """``<org code>-<year>-<serial>``; call inside a transaction (the counter row is locked)."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        org=org, year=year
    )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return f"{org.code}-{year}-{counter.last_serial:05d}"


def proof_check(upload) -> str:
    """Validate an identity proof by its content; returns its kind (pdf, jpg or png)."""
    from gongkai.catalogue.files import validate_attachment

    facts = validate_attachment(upload, max_bytes=PROOF_MAX_BYTES)
    if facts.kind not in PROOF_KINDS:
        raise ApplicationError(_("身份证明只接受 PDF、JPG 或 PNG 文件。"))
    return facts.kind


def _flag_duplicate(application: Application) -> None:
    key = applicant_key(
        id_number=application.id_number,
        credit_code=application.credit_code,
        phone=application.phone,
        name=application.organisation or application.applicant_name,
    )
    if not key:
        return
    prefix, value = key.split(":", 1)
    field = {"id": "id_number", "cc": "credit_code", "tel": "phone"}.get(prefix)
    earlier = Application.objects.filter(org=application.org).exclude(pk=application.pk)
    if field:
        raw = getattr(application, field)
        earlier = earlier.filter(**{field: raw})
    else:
        earlier = earlier.filter(applicant_name=application.applicant_name)
    since = application.received_at - dt.timedelta(days=365)
    candidates = earlier.filter(received_at__gte=since).order_by("-received_at")[:50]
    match = find_duplicate(application.description, ((a.pk, a.description) for a in candidates))
    if match is None:
        return
    application.duplicate_of_id = match.other_id
    application.duplicate_kind = match.kind
    application.save(update_fields=["duplicate_of", "duplicate_kind"])
    other = Application.objects.get(pk=match.other_id)
    label = _("重复申请") if match.kind == "same" else _("相似申请")
    _event(
        application,
        EventKind.DUPLICATE_FLAGGED,
        on=application.receipt_date,
        note=_("与同一申请人的 %(ref)s 疑似%(label)s（相似度 %(score).0f%%），请承办人核实。")
        % {"ref": other.reference, "label": label, "score": match.score * 100},
        data={"other": other.pk, "kind": match.kind, "score": match.score},
        public=False,
    )


def _create(
    *,
    org: Org,
    channel: str,
    arrived_on: dt.date,
    received_at: dt.datetime,
    data: dict[str, Any],
    proofs: Sequence = (),
    actor=None,
    event_kind: str,
    reference: str = "",
    note: str = "",
) -> Application:
    if not org.is_active:
        raise ApplicationError(_("该单位已停用，不能受理申请。"))
    receipt = clk.receipt_date(
        channel=CLOCK_CHANNEL[channel], arrived_on=arrived_on, calendar=get_work_calendar()
    )
    values = {k: (data.get(k) or "") for k in APPLICANT_FIELDS}
    application = Application(
        org=org,
        channel=channel,
        received_at=received_at,
        receipt_date=receipt.date,
        status=Status.RECEIVED,
        **values,
    )
    application.reference = reference or application_next_reference(org=org, year=receipt.date.year)
    # The database enforces the constraints; validating them here would cost a query each.
    application.full_clean(exclude=["tracking_code", "reference"], validate_constraints=False)
    application.save()
    for upload in proofs:
        kind = proof_check(upload)
        upload.seek(0)
        ProofDocument.objects.create(
            application=application,
            file=ContentFile(upload.read(), name=f"proof.{kind}"),
            content_type={"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}[kind],
            size=getattr(upload, "size", 0) or 0,
        )
    _event(
        application,
        event_kind,
        on=receipt.date,
        actor=actor,
        note=note or "；".join(receipt.steps),
        data={"channel": channel, "arrived_on": arrived_on.isoformat()},
    )
    application_recompute_clock(application=application)
    _flag_duplicate(application)
    return application


@transaction.atomic
def application_submit_online(
    *, org: Org, data: dict[str, Any], proofs: Sequence = (), now: dt.datetime | None = None
) -> Application:
    """A citizen's online application. The platform confirms it at once (the confirmation page
    and tracking code), so the day of submission is the day both sides confirm (Art. 31)."""
    now = now or timezone.now()
    application = _create(
        org=org,
        channel=Channel.ONLINE,
        arrived_on=timezone.localdate(now),
        received_at=now,
        data=data,
        proofs=proofs,
        event_kind=EventKind.RECEIVED,
    )
    _audit(
        application,
        "submit",
        detail={"channel": application.channel, "receipt_date": _iso(application.receipt_date)},
    )
    return application


@transaction.atomic
def application_register(
    *,
    org: Org,
    actor,
    channel: str,
    arrived_on: dt.date,
    data: dict[str, Any],
    proofs: Sequence = (),
    note: str = "",
) -> Application:
    """Staff register an application that came by letter, fax, in person or orally.

    ``arrived_on`` is the day the channel's rule names (signed for, confirmed, submitted).
    """
    received_at = timezone.make_aware(dt.datetime.combine(arrived_on, dt.time(9, 0)))
    application = _create(
        org=org,
        channel=channel,
        arrived_on=arrived_on,
        received_at=received_at,
        data=data,
        proofs=proofs,
        actor=actor,
        event_kind=EventKind.REGISTERED,
        note=note,
    )
    _audit(
        application,
        "register",
        actor=actor,
        detail={
            "channel": channel,
            "arrived_on": _iso(arrived_on),
            "receipt_date": _iso(application.receipt_date),
        },
    )
    return application


# --- handling --------------------------------------------------------------------------------


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


def online_arrival_receipt_date(*, arrived_on: dt.date) -> dt.date:
    """The statutory receipt date of something a citizen sends online on ``arrived_on``.

    Art. 31's online rule (the day both sides confirm) with the configured roll to the next
    working day: a corrected application sent on a Saturday counts from Monday, exactly as a
    new application sent that day would.
    """
    return clk.receipt_date(
        channel=clk.Channel.ONLINE, arrived_on=arrived_on, calendar=get_work_calendar()
    ).date


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
def application_conclude(
    *,
    application: Application,
    actor,
    on: dt.date,
    outcome: str,
    legal_basis: str,
    reply_summary: str = "",
    letter: bool = True,
) -> Letter | None:
    """Record the decision: exactly one of the 21 coded outcomes, with its legal basis.

    The staff workspace reaches this only through the approval of a submitted reply
    (``application_approve_reply``); imports, the demo and tests call it directly.
    """
    _check_decision(outcome, legal_basis)
    if _pending_reply(application) is not None:
        raise ApplicationError(_("该申请的答复正在审核中，须经审核通过后作出答复。"))
    _transition(
        application,
        EventKind.CONCLUDED,
        on=on,
        status=Status.CONCLUDED,
        actor=actor,
        note=OUTCOME_ROW_LABELS[outcome],
        data={"outcome": outcome},
        update={
            "outcome": outcome,
            "legal_basis": legal_basis,
            "reply_summary": reply_summary,
            "concluded_on": on,
        },
    )
    application = _refresh(application)
    issued = None
    if letter:
        issued = letter_issue(
            application=application, kind=LetterKind.REPLY, actor=actor, issued_on=on
        )
    _audit(
        application,
        "conclude",
        actor=actor,
        detail={
            "on": _iso(on),
            "outcome": outcome,
            "due_date": _iso(application.due_date),
            "letter": issued.number if issued else None,
        },
    )
    return issued


def _check_decision(outcome: str, legal_basis: str) -> None:
    if outcome not in OUTCOME_KEYS:
        raise ApplicationError(_("请选择办理结果。"))
    if not legal_basis.strip() and outcome != "granted":
        raise ApplicationError(_("请填写法律依据。"))


# --- reply approval (答复审核) ------------------------------------------------------------------


def _pending_reply(application: Application, *, lock: bool = False) -> ReplySubmission | None:
    qs = ReplySubmission.objects.filter(application_id=application.pk, state=ReplyState.PENDING)
    if lock:
        qs = qs.select_for_update()
    return qs.first()


def reply_approvers(org: Org):
    """Who signs an org's replies: its own active 签发领导, as for the catalogue's sign-off.

    Unlike the catalogue, the general office does not stand in for an org without a signer:
    its supervisors read applications but never act on them.
    """
    from gongkai.review.models import ReviewStep, approvers_for

    return approvers_for(org, ReviewStep.SIGNOFF).filter(staff__org=org)


def can_approve_reply(user, application: Application) -> bool:
    """May ``user`` approve or return ``application``'s reply: the handling org's signer
    (``review.user_may_act`` for the sign-off step) who may also act on the application."""
    from gongkai.review.models import ReviewStep, user_may_act

    from .selectors import can_handle

    return bool(
        user
        and getattr(user, "is_authenticated", False)
        and can_handle(user, application)
        and user_may_act(user, application.org_id, ReviewStep.SIGNOFF)
    )


def _decide_checks(application: Application, actor) -> tuple[Application, ReplySubmission]:
    if not can_approve_reply(actor, application):
        raise PermissionDenied(_("只有本单位的签发领导可以审核答复。"))
    application = Application.objects.select_for_update().get(pk=application.pk)
    submission = _pending_reply(application, lock=True)
    if submission is None or not application.is_open:
        raise ApplicationError(_("该申请没有待审核的答复。"))
    if submission.submitted_by_id == actor.pk:
        raise ApplicationError(
            _("不能审核自己送审的答复，请由本单位其他签发领导审核（四眼原则）。")
        )
    return application, submission


# How each decision on a submitted reply is recorded: event kind, audit action, default note.
_DECISIONS = {
    ReplyState.RETURNED: (EventKind.REPLY_RETURNED, "reply_return", ""),
    ReplyState.APPROVED: (EventKind.REPLY_APPROVED, "reply_approve", gettext_lazy("同意")),
}


def _decide(application, submission, *, state, actor, opinion: str, on: dt.date, **detail) -> None:
    """Record the approver's decision on the submission, its timeline event and audit record."""
    kind, action, default_note = _DECISIONS[state]
    submission.state = state
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.opinion = opinion
    submission.save()
    data = {"submission": submission.pk, "outcome": submission.outcome}
    _event(
        application,
        kind,
        on=on,
        actor=actor,
        note=opinion or str(default_note),
        data=data,
        public=False,
    )
    _audit(application, action, actor=actor, detail={**data, **detail, "on": _iso(on)})


@transaction.atomic
def application_submit_reply(
    *,
    application: Application,
    actor,
    outcome: str,
    legal_basis: str,
    reply_summary: str = "",
) -> ReplySubmission:
    """The handler submits the prepared reply for approval (答复送审).

    Nothing is decided yet: the outcome stays off the application and the reply date is set
    when the reply is approved. The statutory clock keeps running — approval is not a pause.
    """
    _check_decision(outcome, legal_basis)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_open:
        raise ApplicationError(
            _("申请当前状态为“%(status)s”，不能进行此操作。")
            % {"status": application.get_status_display()}
        )
    if _pending_reply(application) is not None:
        raise ApplicationError(_("该申请已有待审核的答复，请等待审核结果。"))
    if not reply_approvers(application.org).exclude(pk=getattr(actor, "pk", None)).exists():
        raise ApplicationError(
            _("本单位没有其他签发领导可以审核此答复，请单位管理员先为本单位指定签发领导。")
        )
    today = timezone.localdate()
    submission = ReplySubmission.objects.create(
        application=application,
        outcome=outcome,
        legal_basis=legal_basis,
        reply_summary=reply_summary,
        submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        submitted_on=today,
    )
    _event(
        application,
        EventKind.REPLY_SUBMITTED,
        on=today,
        actor=actor,
        note=_("拟答复：%(outcome)s") % {"outcome": OUTCOME_ROW_LABELS[outcome]},
        data={"submission": submission.pk, "outcome": outcome},
        public=False,
    )
    _audit(
        application,
        "reply_submit",
        actor=actor,
        detail={"submission": submission.pk, "outcome": outcome, "on": _iso(today)},
    )
    return submission


@transaction.atomic
def application_return_reply(*, application: Application, actor, opinion: str) -> ReplySubmission:
    """The approver sends the reply back for changes (退回修改) with a written opinion."""
    if not opinion.strip():
        raise ApplicationError(_("退回修改须写明审核意见。"))
    application, submission = _decide_checks(application, actor)
    # The opinion's text stays on the timeline (it may quote the applicant), as for notes.
    _decide(
        application,
        submission,
        state=ReplyState.RETURNED,
        actor=actor,
        opinion=opinion.strip(),
        on=timezone.localdate(),
    )
    return submission


@transaction.atomic
def application_approve_reply(
    *, application: Application, actor, opinion: str = "", on: dt.date | None = None
) -> Letter | None:
    """The approver signs the reply (审核通过); it is then concluded and the 答复书 issued.

    The reply date is the approval day unless ``on`` says otherwise: not in the future and not
    before the reply was submitted (the day the approval was actually given on paper, say) —
    nor before the day of receipt, which may follow a rest day's approval (Art. 31).
    """
    application, submission = _decide_checks(application, actor)
    # An application that arrived on a rest day counts as received on the next working day
    # (Art. 31); a reply given before then is dated that day.
    latest = max(timezone.localdate(), application.receipt_date)
    on = on or latest
    if on > latest:
        raise ApplicationError(_("答复日期不能晚于今天。"))
    if on < submission.submitted_on:
        raise ApplicationError(
            _("答复日期不能早于送审日期（%(day)s）。")
            % {"day": submission.submitted_on.isoformat()}
        )
    submission.reply_on = on
    _decide(
        application,
        submission,
        state=ReplyState.APPROVED,
        actor=actor,
        opinion=opinion.strip(),
        on=on,
        submitted_by=submission.submitted_by_id,
    )
    return application_conclude(
        application=application,
        actor=actor,
        on=on,
        outcome=submission.outcome,
        legal_basis=submission.legal_basis,
        reply_summary=submission.reply_summary,
    )


@transaction.atomic
def application_release_document(
    *, application: Application, actor, title: str, upload, on: dt.date, pages: int | None = None
) -> ReleasedDocument:
    """Provide a document to the applicant (downloadable from the tracking page)."""
    from gongkai.catalogue.files import validate_attachment

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


@transaction.atomic
def application_publish_as_item(
    *,
    applications: Sequence[Application],
    actor,
    title: str,
    category,
    summary: str = "",
    body: str = "",
    formed_on: dt.date | None = None,
):
    """Art. 44: information several applicants asked for becomes a proactive catalogue item.

    Creates a *draft* item in the org's catalogue — it still goes through the confidentiality
    review and sign-off like any other item — and links it from every application.
    """
    from gongkai.catalogue.models import CatalogueItem

    applications = list(applications)
    if not applications:
        raise ApplicationError(_("请至少选择一件申请。"))
    org_ids = {a.org_id for a in applications}
    if len(org_ids) != 1:
        raise ApplicationError(_("只能把同一单位的申请转为主动公开。"))
    org = applications[0].org
    if not category_belongs_to(category, org):  # the same rule as the item form's
        raise ApplicationError(CATEGORY_NOT_OF_ORG)
    item = CatalogueItem(
        org=org,
        title=title,
        category=category,
        formed_on=formed_on or timezone.localdate(),
        summary=summary,
        body=body,
        live=False,
        disclosure_method=CatalogueItem.DisclosureMethod.PROACTIVE,
    )
    item.save()
    if hasattr(item, "save_revision"):
        item.save_revision(user=actor if getattr(actor, "is_authenticated", False) else None)
    refs = []
    for application in applications:
        application.published_item = item
        application.save(update_fields=["published_item", "updated_at"])
        refs.append(application.reference)
        _event(
            application,
            EventKind.PUBLISHED_AS_ITEM,
            on=timezone.localdate(),
            actor=actor,
            note=_("已转为主动公开（目录条目草稿，索引号 %(n)s，待审查发布）")
            % {"n": item.index_number},
            data={"item": item.pk},
        )
        _audit(
            application,
            "publish_as_item",
            actor=actor,
            detail={"item": item.pk, "index_number": item.index_number},
        )
    return item


def application_personal_data_viewed(*, application: Application, user, proof=None) -> None:
    """Every time staff see the applicant's full identity, contact details or proof document,
    it is on the record (ogi-rules §7), like ``letter.view_personal_data`` in the mailbox."""
    _audit(
        application,
        "view_personal_data",
        actor=user,
        detail={"proof": proof.pk} if proof is not None else None,
    )


# --- letters ---------------------------------------------------------------------------------


@transaction.atomic
def letter_template_save(*, template, actor):
    """Save an org's own wording of a letter (``LetterTemplate``), with an audit record."""
    template.updated_by = actor
    template.save()
    audit_record(
        action="application.letter_template_save",
        obj=template,
        actor=actor,
        org_id=template.org_id,
        detail={"kind": template.kind},
    )
    return template


@transaction.atomic
def letter_template_reset(*, org: Org, kind: str, actor) -> None:
    """Drop an org's own wording of a letter: the default template applies again (audited)."""
    LetterTemplate.objects.filter(org=org, kind=kind).delete()
    audit_record(
        action="application.letter_template_reset",
        obj=org,
        actor=actor,
        org_id=org.pk,
        detail={"kind": kind},
    )


def letter_template_for(*, org: Org, kind: str) -> tuple[str, str]:
    """(title, body) of the template in force for ``org``: its own, else the platform's."""
    rows = {
        t.org_id: t
        for t in LetterTemplate.objects.filter(kind=kind).filter(Q(org=org) | Q(org__isnull=True))
    }
    chosen = rows.get(org.pk) or rows.get(None)
    if chosen:
        return chosen.title, chosen.body
    return DEFAULT_TEMPLATES[kind]


def letter_context(application: Application, issued_on: dt.date) -> dict[str, Any]:
    org = application.org
    return {
        "org_name": org.name,
        "ogi_office": org.ogi_office or org.name,
        "org_address": org.address,
        "org_phone": org.ogi_phone or org.phone,
        "reference": application.reference,
        "applicant": application.applicant_display or _("申请人"),
        "received_on": format_cn_date(application.receipt_date),
        "description": application.description,
        "issued_on": format_cn_date(issued_on),
        "due_date": format_cn_date(application.due_date),
        "outcome": OUTCOME_ROW_LABELS.get(application.outcome, ""),
        "legal_basis": application.legal_basis,
        "reply": application.reply_summary,
    }


def letter_issue(
    *,
    application: Application,
    kind: str,
    actor=None,
    issued_on: dt.date,
    extra: dict[str, Any] | None = None,
    with_pdf: bool = True,
) -> Letter:
    """Render the org's template for ``kind`` and store the letter as DOCX and PDF."""
    title, body = letter_template_for(org=application.org, kind=kind)
    serial = application.letters.count() + 1
    number = f"{application.reference}-{serial:02d}"
    context = letter_context(application, issued_on) | {"number": number} | (extra or {})
    rendered = letter_render_text(
        title=title,
        body=body,
        org_name=application.org.name,
        number=number,
        issued_on=issued_on,
        context=context,
    )
    letter = Letter(
        application=application,
        kind=kind,
        number=number,
        title=title,
        body=rendered.text,
        issued_on=issued_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stem = f"{application.reference}-{serial:02d}"
    letter.docx.save(f"{stem}.docx", ContentFile(docx_bytes(rendered)), save=False)
    if with_pdf and getattr(settings, "GONGKAI_LETTER_PDF", True):
        letter.pdf.save(f"{stem}.pdf", ContentFile(pdf_bytes(rendered)), save=False)
    letter.save()
    _event(
        application,
        EventKind.LETTER_ISSUED,
        on=issued_on,
        actor=actor,
        note=f"{title}（{number}）",
        data={"letter": letter.pk, "kind": kind},
    )
    return letter
