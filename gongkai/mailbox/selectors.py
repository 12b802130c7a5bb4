"""Reads: queues, who may do what, the public list, figures."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.calendar.selectors import get_work_calendar
from gongkai.orgs.models import Org
from gongkai.orgs.roles import user_may_act
from gongkai.orgs.scoping import user_org, visible_org_ids

from .models import HANDLING_STATUSES, Letter, LetterReply, Mailbox, ReplyStatus, Status
from .rules import Figures, LetterFacts, compute_figures


def general_office_org() -> Org | None:
    """The org of the general office: the mayor's mailbox's org, else the top government."""
    mayor = Mailbox.objects.filter(is_mayor=True).select_related("org").first()
    if mayor is not None:
        return mayor.org
    return (
        Org.objects.filter(kind=Org.Kind.GOVERNMENT, parent__isnull=True)
        .order_by("sort_order", "id")
        .first()
    )


def may_route(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("mailbox.route_letter")


def can_handle(user, letter: Letter) -> bool:
    """May ``user`` draft a reply to, or pass back, ``letter``?

    Staff of the assigned org (or an org administrator above it). The general office sees every
    org but answers only letters assigned to its own org (escalated ones among them); for the
    others it routes and supervises.
    """
    if not getattr(user, "is_authenticated", False) or letter.assigned_org_id is None:
        return False
    if not user.has_perm("mailbox.change_letter"):
        return False
    if user.is_superuser:
        return True
    ids = visible_org_ids(user)
    if ids is None:
        own = user_org(user)
        return own is not None and own.pk == letter.assigned_org_id
    return letter.assigned_org_id in ids


def can_approve(user, reply: LetterReply) -> bool:
    """The org's reviewer or signer (or, for an org with neither, the general office); never
    the person who drafted the reply (four eyes)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if reply.drafted_by_id == user.pk and not user.is_superuser:
        return False
    return user_may_act(user, reply.org_id, "review") or user_may_act(user, reply.org_id, "signoff")


def letters_visible(user) -> QuerySet[Letter]:
    """Letters a staff user may read: those assigned to their orgs, and letters waiting in their
    orgs' own mailboxes; the general office reads all."""
    qs = Letter.objects.select_related("mailbox", "category", "assigned_org")
    ids = visible_org_ids(user)
    if ids is None:
        return qs
    return qs.filter(Q(assigned_org__in=ids) | Q(mailbox__org__in=ids, assigned_org__isnull=True))


QUEUE_TABS = {
    "route": _("待转办"),
    "handle": _("待办理"),
    "review": _("待审核"),
    "replied": _("已答复"),
    "all": _("全部"),
}


def letter_queue(*, user, tab: str, org_id: int | None = None) -> QuerySet[Letter]:
    qs = letters_visible(user)
    if org_id is not None:
        qs = qs.filter(Q(assigned_org_id=org_id) | Q(mailbox__org_id=org_id))
    if tab == "route":
        return qs.filter(status=Status.SUBMITTED) if may_route(user) else qs.none()
    if tab == "handle":
        return qs.filter(status__in=HANDLING_STATUSES).order_by("due_date", "id")
    if tab == "review":
        return qs.filter(replies__status=ReplyStatus.DRAFT).distinct()
    if tab == "replied":
        return qs.filter(status__in=[Status.REPLIED, Status.CLOSED])
    return qs


def letter_by_tracking(*, code: str) -> Letter | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        Letter.objects.select_related("mailbox", "category", "assigned_org")
        .filter(tracking_code=code)
        .first()
    )


def public_letters() -> QuerySet[Letter]:
    """Replied letters whose writers agreed to publication, masked copies only."""
    return (
        Letter.objects.filter(is_public=True, status__in=[Status.REPLIED, Status.CLOSED])
        .select_related("mailbox", "category")
        .only(
            "id",
            "mailbox__name",
            "category__name",
            "public_subject",
            "public_content",
            "public_reply",
            "public_reply_org",
            "received_at",
            "replied_at",
            "published_at",
            "status",
            "rating",
        )
        .order_by("-published_at", "-id")
    )


def mailbox_figures(
    *,
    start: dt.date,
    end: dt.date,
    org: Org | None = None,
    mailbox: Mailbox | None = None,
) -> Figures:
    """Figures for letters received from ``start`` to ``end`` (inclusive), answered by ``org``
    and/or sent to ``mailbox``. Replies and ratings given after ``end`` count too: a letter of
    December answered in January is still this year's letter."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    qs = Letter.objects.filter(received_at__gte=lo, received_at__lt=hi)
    if org is not None:
        qs = qs.filter(assigned_org=org)
    if mailbox is not None:
        qs = qs.filter(mailbox=mailbox)
    facts = [
        LetterFacts(
            received=timezone.localdate(received, tz),
            first_replied=timezone.localdate(replied, tz) if replied else None,
            on_time=on_time,
            rating=rating,
        )
        for received, replied, on_time, rating in qs.values_list(
            "received_at", "first_replied_at", "first_reply_on_time", "rating"
        ).iterator()
    ]
    return compute_figures(facts, get_work_calendar())


def figures_by_org(*, start: dt.date, end: dt.date, org_ids: set[int] | None = None):
    """(org, Figures) for every org that handled a letter received in the period."""
    tz = timezone.get_current_timezone()
    lo = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    hi = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    ids = set(
        Letter.objects.filter(received_at__gte=lo, received_at__lt=hi, assigned_org__isnull=False)
        .values_list("assigned_org", flat=True)
        .distinct()
    )
    if org_ids is not None:
        ids &= org_ids
    return [
        (org, mailbox_figures(start=start, end=end, org=org))
        for org in Org.objects.filter(pk__in=ids).order_by("sort_order", "code")
    ]
