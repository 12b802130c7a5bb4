"""Reminders before reply deadlines, and alarms for letters unanswered toward three months.

Run by ``tick``. Idempotent: each reminder is an event carrying the due date it was about (a new
deadline after reopening earns new ones), each alarm an event carrying its stage and the day the
wait began, and nothing is sent twice for the same pair.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import timezone

from gongkai.calendar.selectors import get_work_calendar
from gongkai.core.periodic import register_periodic

from .conf import conf
from .models import OPEN_STATUSES, EventKind, Letter, LetterEvent
from .rules import alarm_stage, reminder_kind
from .selectors import general_office_org


def _org_emails(*orgs) -> list[str]:
    return sorted({o.email for o in orgs if o is not None and o.email})


@register_periodic("mailbox_reminders", description="信箱来信临期、超期提醒和三个月未答复预警")
def mailbox_reminders(today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    soon_limit = (
        get_work_calendar().add_workdays(today, conf("GONGKAI_MAILBOX_REMIND_WORKDAYS")).date
    )
    stages = tuple(sorted(int(s) for s in conf("GONGKAI_MAILBOX_ALARM_DAYS")))
    office = general_office_org()
    counts = {"due_soon": 0, "overdue": 0, "alarm": 0}
    mails = []
    open_letters = Letter.objects.filter(status__in=OPEN_STATUSES).select_related(
        "assigned_org", "mailbox__org"
    )
    for letter in open_letters.iterator():
        org = letter.assigned_org or letter.mailbox.org
        if letter.due_date is not None:
            kind = reminder_kind(due=letter.due_date, today=today, soon_limit=soon_limit)
            if kind is not None:
                event_kind = (
                    EventKind.REMINDER_DUE_SOON
                    if kind == "due_soon"
                    else EventKind.REMINDER_OVERDUE
                )
                due = letter.due_date.isoformat()
                if not LetterEvent.objects.filter(
                    letter=letter, kind=event_kind, data__due_date=due
                ).exists():
                    LetterEvent.objects.create(
                        letter=letter,
                        kind=event_kind,
                        org=org,
                        note=f"答复期限 {due}",
                        data={"due_date": due},
                        public=False,
                    )
                    counts[kind] += 1
                    word = "临期" if kind == "due_soon" else "超期"
                    subject = f"【{word}提醒】来信 {letter.tracking_code} 答复期限 {due}"
                    to = _org_emails(org)
                    if to:
                        mails.append((subject, subject, settings.DEFAULT_FROM_EMAIL, to))
        stage = alarm_stage(since=letter.awaiting_since, today=today, stages=stages)
        if stage is not None:
            since = letter.awaiting_since.isoformat()
            if not LetterEvent.objects.filter(
                letter=letter, kind=EventKind.ALARM, data__stage=stage, data__since=since
            ).exists():
                waited = (today - letter.awaiting_since).days
                LetterEvent.objects.create(
                    letter=letter,
                    kind=EventKind.ALARM,
                    org=org,
                    note=f"已{waited}天未答复（超过三个月未答复将被认定为检查不合格）",
                    data={"stage": stage, "since": since},
                    public=False,
                )
                counts["alarm"] += 1
                subject = f"【预警】来信 {letter.tracking_code} 已{waited}天未答复"
                to = _org_emails(org, office)
                if to:
                    mails.append((subject, subject, settings.DEFAULT_FROM_EMAIL, to))
    if mails:
        send_mass_mail(mails, fail_silently=True)
    return f"{counts['due_soon']} due soon, {counts['overdue']} overdue, {counts['alarm']} alarms"


def letters_alarmed(*, today: dt.date | None = None):
    """Open letters whose wait has reached the first alarm stage, longest wait first."""
    today = today or timezone.localdate()
    first = min(int(s) for s in conf("GONGKAI_MAILBOX_ALARM_DAYS"))
    return Letter.objects.filter(
        status__in=OPEN_STATUSES, awaiting_since__lte=today - dt.timedelta(days=first)
    ).order_by("awaiting_since")
