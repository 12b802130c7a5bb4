"""Intake: an application is submitted online or registered by staff, and numbered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendar.selectors import get_work_calendar
from gongkai.documents.files import validate_attachment
from gongkai.orgs.models import Org

from .. import clock as clk
from ..duplicates import applicant_key, find_duplicate
from ..models import Application, Channel, EventKind, ProofDocument, ReferenceCounter, Status
from .timeline import ApplicationError, _audit, _event, _iso, application_recompute_clock

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


def online_arrival_receipt_date(*, arrived_on: dt.date) -> dt.date:
    """The statutory receipt date of something a citizen sends online on ``arrived_on``.

    Art. 31's online rule (the day both sides confirm) with the configured roll to the next
    working day: a corrected application sent on a Saturday counts from Monday, exactly as a
    new application sent that day would.
    """
    return clk.receipt_date(
        channel=clk.Channel.ONLINE, arrived_on=arrived_on, calendar=get_work_calendar()
    ).date
