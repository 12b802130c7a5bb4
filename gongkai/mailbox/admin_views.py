"""The staff workspace in Wagtail's admin: queues, a letter's page with its actions, figures.

Every view finds the letter through ``selectors.letters_visible`` (404 for other orgs' letters)
and every action is checked again by its service (403), whatever the page offered.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.orgs.models import Org
from gongkai.orgs.scoping import visible_org_ids
from gongkai.pii.masking import mask_name

from . import services
from .forms import FiguresForm, ReasonForm, ReplyForm, ReviewForm, RouteForm
from .models import Letter, Mailbox, ReplyStatus, Status
from .rules import figures_sentence
from .selectors import (
    QUEUE_TABS,
    can_approve,
    can_handle,
    figures_by_org,
    letter_queue,
    letters_visible,
    mailbox_figures,
    may_route,
)

PAGE_SIZE = 50


def _require_view(user) -> None:
    if not user.has_perm("mailbox.view_letter"):
        raise PermissionDenied


def _letter(request, pk: int) -> Letter:
    _require_view(request.user)
    return get_object_or_404(letters_visible(request.user), pk=pk)


def queue(request):
    _require_view(request.user)
    default = "route" if may_route(request.user) else "handle"
    tab = request.GET.get("tab", default)
    if tab not in QUEUE_TABS:
        tab = default
    ids = visible_org_ids(request.user)
    org_id = None
    if (raw := request.GET.get("org", "")).isdigit() and (ids is None or int(raw) in ids):
        org_id = int(raw)
    qs = letter_queue(user=request.user, tab=tab, org_id=org_id)
    if q := request.GET.get("q", "").strip()[:50]:
        qs = qs.filter(subject__icontains=q) | qs.filter(tracking_code__iexact=q)
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    rows = list(qs[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    for letter in rows:
        letter.masked_name = mask_name(letter.writer_name)
    tabs = [(k, v) for k, v in QUEUE_TABS.items() if k != "route" or may_route(request.user)]
    orgs = Org.objects.active() if ids is None else Org.objects.filter(pk__in=ids)
    return render(
        request,
        "mailbox/admin/queue.html",
        {
            "rows": rows,
            "tab": tab,
            "tabs": tabs,
            "orgs": orgs if orgs.count() > 1 else None,
            "org_id": org_id,
            "q": q,
            "page": page,
            "has_next": has_next,
            "today": timezone.localdate(),
        },
    )


def detail(request, pk: int):
    letter = _letter(request, pk)
    services.letter_personal_data_viewed(letter=letter, user=request.user)
    replies = list(letter.replies.select_related("org", "drafted_by", "approved_by"))
    pending = next((r for r in replies if r.status == ReplyStatus.DRAFT), None)
    handle = can_handle(request.user, letter)
    route = may_route(request.user)
    return render(
        request,
        "mailbox/admin/detail.html",
        {
            "letter": letter,
            "events": letter.events.select_related("actor", "org"),
            "replies": replies,
            "attachments": letter.attachments.all(),
            "pending": pending,
            "can_route": route and letter.status == Status.SUBMITTED,
            "can_escalate": route and letter.is_open and letter.status != Status.SUBMITTED,
            "can_handle": handle
            and letter.status
            in (Status.ROUTED, Status.IN_PROGRESS, Status.REOPENED, Status.ESCALATED),
            "can_pass_back": handle
            and letter.status in (Status.ROUTED, Status.IN_PROGRESS, Status.REOPENED),
            "can_approve": pending is not None and can_approve(request.user, pending),
            "can_publish": (handle or route)
            and letter.may_publish
            and letter.status in (Status.REPLIED, Status.CLOSED),
            "route_form": RouteForm(),
            "reason_form": ReasonForm(),
            "reply_form": ReplyForm(),
            "review_form": ReviewForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
def action(request, pk: int, name: str):
    letter = _letter(request, pk)
    user = request.user
    try:
        if name == "route":
            form = RouteForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("请选择承办单位。"))
            services.letter_route(
                letter=letter,
                org=form.cleaned_data["org"],
                user=user,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("已转办。"))
        elif name in ("pass_back", "escalate"):
            reason = request.POST.get("reason", "")
            if name == "pass_back":
                services.letter_pass_back(letter=letter, user=user, reason=reason)
                messages.success(request, _("已退回政府办公室。"))
            else:
                services.letter_escalate(letter=letter, user=user, reason=reason)
                messages.success(request, _("已提交督办。"))
        elif name == "draft":
            services.letter_reply_draft(letter=letter, user=user, text=request.POST.get("text", ""))
            messages.success(request, _("答复已提交审核。"))
        elif name in ("approve", "reject"):
            reply = get_object_or_404(letter.replies, pk=request.POST.get("reply") or 0)
            note = request.POST.get("note", "")
            if name == "approve":
                services.letter_reply_approve(reply=reply, user=user, note=note)
                messages.success(request, _("审核通过，答复已发出。"))
            else:
                services.letter_reply_reject(reply=reply, user=user, note=note)
                messages.success(request, _("已退回修改。"))
        elif name in ("publish", "unpublish"):
            services.letter_set_public(letter=letter, user=user, public=name == "publish")
            messages.success(request, _("已公开。") if name == "publish" else _("已取消公开。"))
        else:
            raise Http404
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("mailbox_admin:detail", pk=letter.pk)


def attachment(request, pk: int, att_id: int):
    letter = _letter(request, pk)
    att = get_object_or_404(letter.attachments, pk=att_id)
    services.letter_personal_data_viewed(letter=letter, user=request.user)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name)


def figures(request):
    _require_view(request.user)
    today = timezone.localdate()
    form = FiguresForm(
        request.GET or None,
        initial={"start": dt.date(today.year, 1, 1), "end": dt.date(today.year, 12, 31)},
    )
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    rows = figures_by_org(start=start, end=end, org_ids=visible_org_ids(request.user))
    mayor = Mailbox.objects.filter(is_mayor=True).first()
    mayor_line = None
    if mayor is not None and visible_org_ids(request.user) is None:
        figs = mailbox_figures(start=start, end=end, mailbox=mayor)
        period = "全年" if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) else ""
        mayor_line = figures_sentence(figs, label=mayor.name, period=period)
    return render(
        request,
        "mailbox/admin/figures.html",
        {"form": form, "rows": rows, "start": start, "end": end, "mayor_line": mayor_line},
    )
