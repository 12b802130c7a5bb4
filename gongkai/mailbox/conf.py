"""The mailbox's settings, each with a default (set them in the environment-driven settings)."""

from __future__ import annotations

from django.conf import settings

DEFAULTS: dict[str, object] = {
    # Longest letter content, in characters.
    "GONGKAI_MAILBOX_MAX_CONTENT": 5000,
    "GONGKAI_MAILBOX_MAX_ATTACHMENTS": 3,
    "GONGKAI_MAILBOX_MAX_ATTACHMENT_BYTES": 10 * 1024 * 1024,
    # Rate limits "hits/seconds" per browser session (five times that per IP address).
    "GONGKAI_MAILBOX_RATE": "5/3600",
    "GONGKAI_MAILBOX_TRACK_RATE": "20/600",
    "GONGKAI_MAILBOX_CAPTCHA": True,
    # Remind the org this many working days before the reply deadline.
    "GONGKAI_MAILBOX_REMIND_WORKDAYS": 2,
    # Calendar days without an answer at which the general office is alarmed (inspectors fail
    # a site over 3 months, ogi-rules §6).
    "GONGKAI_MAILBOX_ALARM_DAYS": (60, 75, 85),
}


def conf(name: str):
    return getattr(settings, name, DEFAULTS[name])
