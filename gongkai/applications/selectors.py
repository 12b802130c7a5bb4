"""Reads for 依申请公开: queues, org-scoped lookups and who may do what.

Scoping is enforced here, on the server, for every staff read: an application is visible when
its org is (``gongkai.orgs.scoping``), and actionable only with the change permission *and*
membership of the handling org's tree — the general office supervisor reads, never acts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.calendar.selectors import get_work_calendar
from gongkai.orgs.roles import Role, group_name
from gongkai.orgs.scoping import can_see_org, filter_by_org, user_org, visible_org_ids

from .models import OPEN_STATUSES, Application, ReplyState, ReplySubmission, Status

DUE_SOON_WORKDAYS = 5

QUEUE_TABS: dict[str, str] = {
    "due_soon": _("即将到期"),
    "overdue": _("已超期"),
    "waiting": _("等待申请人"),
    "paused": _("暂停中"),
    "approval": _("答复待审核"),
    "open": _("办理中"),
    "all": _("全部"),
}


def due_soon_limit(today: dt.date) -> dt.date:
    """The last due date that counts as "due soon": 5 working days from today."""
    return get_work_calendar().add_workdays(today, DUE_SOON_WORKDAYS).date


def application_list(*, user, org_id: int | None = None) -> QuerySet[Application]:
    qs = filter_by_org(Application.objects.select_related("org", "assigned_to"), user)
    if org_id is not None:
        qs = qs.filter(org_id=org_id)
    return qs


def application_queue(
    *, user, tab: str = "open", org_id: int | None = None, today: dt.date | None = None
) -> QuerySet[Application]:
    today = today or timezone.localdate()
    qs = application_list(user=user, org_id=org_id)
    running = qs.filter(status__in=[Status.RECEIVED, Status.IN_PROGRESS])
    match tab:
        case "due_soon":
            return running.filter(
                due_date__gte=today, due_date__lte=due_soon_limit(today)
            ).order_by("due_date", "id")
        case "overdue":
            return running.filter(due_date__lt=today).order_by("due_date", "id")
        case "waiting":
            return qs.filter(status__in=[Status.AWAITING_CORRECTION, Status.AWAITING_FEE]).order_by(
                "receipt_date", "id"
            )
        case "paused":
            return qs.filter(status=Status.IN_CONSULTATION).order_by("due_date", "id")
        case "approval":
            # The clock keeps running while a reply waits: these stay in due-soon/overdue too.
            return qs.filter(
                status__in=OPEN_STATUSES, reply_submissions__state=ReplyState.PENDING
            ).order_by("due_date", "id")
        case "open":
            return qs.filter(status__in=OPEN_STATUSES).order_by("due_date", "id")
        case _:
            return qs.order_by("-received_at", "-id")


def queue_counts(
    *, user, org_id: int | None = None, today: dt.date | None = None
) -> dict[str, int]:
    return {
        tab: application_queue(user=user, tab=tab, org_id=org_id, today=today).count()
        for tab in QUEUE_TABS
    }


def replies_to_approve(*, user) -> QuerySet[Application]:
    """Open applications whose submitted reply ``user`` may sign: the pending replies of the
    orgs where the user is a 签发领导 (every org for a superuser), except the user's own."""
    qs = Application.objects.filter(
        status__in=OPEN_STATUSES, reply_submissions__state=ReplyState.PENDING
    ).exclude(
        pk__in=ReplySubmission.objects.filter(state=ReplyState.PENDING, submitted_by=user).values(
            "application_id"
        )
    )
    if user.is_superuser:
        return qs
    own = user_org(user)
    if own is None or not user.groups.filter(name=group_name(Role.SIGNER)).exists():
        return qs.none()
    if not user.has_perm("applications.change_application"):
        return qs.none()
    return qs.filter(org=own)


def application_get(*, user, pk: int) -> Application:
    """The application if the user may see its org; 404 otherwise (no hint that it exists)."""
    try:
        app = Application.objects.select_related("org", "assigned_to").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None
    if not user.has_perm("applications.view_application") or not can_see_org(user, app.org_id):
        raise Http404
    return app


def can_handle(user, application: Application) -> bool:
    """Act on the application: change permission and the handling org within the user's own
    (an org admin of a government also handles for the orgs under it)."""
    if not user.has_perm("applications.change_application"):
        return False
    if user.is_superuser:
        return True
    ids = visible_org_ids(user)
    own = user_org(user)
    return own is not None and ids is not None and application.org_id in ids


def sees_personal_data(user, application: Application) -> bool:
    """Applicant personal data is for the handling org's staff only."""
    own = user_org(user)
    return bool(user.is_superuser or (own is not None and own.pk == application.org_id))


@dataclass(frozen=True)
class ReplyTimeliness:
    """Whether a concluded (or transferred) application was answered by its deadline.

    ``late_workdays`` counts the working days after the deadline up to and including the reply
    day; a reply on a rest day right after the deadline is late by 0 working days.
    """

    due_date: dt.date
    replied_on: dt.date
    provisional: bool
    late_workdays: int

    @property
    def on_time(self) -> bool:
        return self.replied_on <= self.due_date


def reply_timeliness(application: Application) -> ReplyTimeliness | None:
    """The deadline in force when the reply was made against the reply date, as the
    supervision figures count it (``concluded_on <= due_date``). None while the application is
    open, and when no deadline was running (concluded while waiting for a correction, imported
    from a ledger)."""
    if application.is_open or not application.concluded_on or not application.due_date:
        return None
    late = 0
    if application.concluded_on > application.due_date:
        late = (
            get_work_calendar()
            .workdays_between(application.due_date, application.concluded_on)
            .count
        )
    return ReplyTimeliness(
        due_date=application.due_date,
        replied_on=application.concluded_on,
        provisional=application.due_provisional,
        late_workdays=late,
    )


def officers_for(org_id: int):
    from django.contrib.auth import get_user_model

    return (
        get_user_model().objects.filter(staff__org_id=org_id, is_active=True).order_by("username")
    )


def application_by_tracking(*, code: str) -> Application | None:
    code = code.strip().upper().replace(" ", "")
    if len(code) == 12 and "-" not in code:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    return Application.objects.select_related("org").filter(tracking_code=code).first()
