"""The timeline and the statutory clock every application service shares.

Each service runs in one transaction, writes one timeline event (or more), recomputes the
statutory clock from the whole timeline and writes one audit record (``application.*``) naming
the application and the actor — in the same transaction, so that a change is never kept without
its audit record. Audit details never hold the applicant's personal data: the application is
named by its reference.

The clock itself is pure (``clock.clock_compute``); here the timeline is translated into its
events, a proposed event is replayed *before* it is saved (so an impossible sequence — a second
correction request, an extension while waiting for the applicant — is refused with the clock's
own explanation), and the result is denormalised onto the application for fast queues.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongkai.audit.services import audit_record
from gongkai.calendar.selectors import get_work_calendar

from .. import clock as clk
from ..models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    EventKind,
    ReplyState,
    ReplySubmission,
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


def _pending_reply(application: Application, *, lock: bool = False) -> ReplySubmission | None:
    qs = ReplySubmission.objects.filter(application_id=application.pk, state=ReplyState.PENDING)
    if lock:
        qs = qs.select_for_update()
    return qs.first()
