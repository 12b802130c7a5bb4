"""Deadline reminders (run by ``tick``): 5 working days before the due date, and when missed.

Idempotent: each reminder is recorded as an event carrying the due date it was about, and is
never sent twice for the same due date (a new due date after an extension earns new ones).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from gongkai.core.periodic import register_periodic

from .models import Application, ApplicationEvent, EventKind, Status
from .selectors import due_soon_limit


def _recipients(app: Application) -> list[str]:
    emails = []
    if app.assigned_to and app.assigned_to.email:
        emails.append(app.assigned_to.email)
    if app.org.email:
        emails.append(app.org.email)
    return sorted(set(emails))


@register_periodic("application_deadline_reminders", description="依申请公开临期、超期提醒")
def send_deadline_reminders(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    limit = due_soon_limit(today)
    running = Application.objects.filter(
        status__in=[Status.RECEIVED, Status.IN_PROGRESS], due_date__isnull=False
    ).select_related("org", "assigned_to")
    mails = []
    sent = {"soon": 0, "overdue": 0}
    for kind, qs, subject in (
        (
            EventKind.REMINDER_DUE_SOON,
            running.filter(due_date__gte=today, due_date__lte=limit),
            "【临期提醒】政府信息公开申请 {ref} 将于 {due} 到期",
        ),
        (
            EventKind.REMINDER_OVERDUE,
            running.filter(due_date__lt=today),
            "【超期提醒】政府信息公开申请 {ref} 已于 {due} 到期，尚未答复",
        ),
    ):
        for app in qs.iterator():
            due = app.due_date.isoformat()
            done = ApplicationEvent.objects.filter(
                application=app, kind=kind, data__due_date=due
            ).exists()
            if done:
                continue
            ApplicationEvent.objects.create(
                application=app,
                kind=kind,
                on=today,
                data={"due_date": due},
                public=False,
                note=f"答复期限 {due}",
            )
            sent["soon" if kind == EventKind.REMINDER_DUE_SOON else "overdue"] += 1
            to = _recipients(app)
            if to:
                text = subject.format(ref=app.reference, due=due)
                body = (
                    f"{app.org.name}：\n\n{text}。\n"
                    f"请登录后台处理：{settings.WAGTAILADMIN_BASE_URL}{app.get_admin_url()}\n"
                )
                mails.append((text, body, settings.DEFAULT_FROM_EMAIL, to))
    if mails:
        send_mass_mail(mails, fail_silently=True)
    return f"{sent['soon']} due soon, {sent['overdue']} overdue"
