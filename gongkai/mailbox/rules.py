"""The mailbox's pure rules: deadlines, what a rating leads to, alarms, figures, masking.

No database here: services pass plain values in, so each rule is tested on its own.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from gongkai.calendar.workdays import DateResult, WorkCalendar
from gongkai.pii.masking import mask_name
from gongkai.pii.precheck import mask_text, scan_text

SATISFIED = "satisfied"
BASICALLY = "basically"
DISSATISFIED = "dissatisfied"

# Characters a browser would never let a person type; removed so that stored text is text.
_CONTROL = frozenset({"Cc", "Cf", "Co", "Cs"})
_KEEP = {"\n", "\t"}


def clean_text(text: str) -> str:
    """Normalise line ends and drop control and format characters (NUL, bidi overrides …).

    Markup is *not* stripped: a citizen may quote ``<script>`` in a complaint about a website,
    and the letter must say what they wrote. Safety comes from escaping on output.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in _CONTROL
    ).strip()


def reply_due(calendar: WorkCalendar, *, start: dt.date, workdays: int) -> DateResult:
    """The reply deadline: ``workdays`` working days after ``start`` (the start day not counted).

    A letter that arrives on a Saturday is due as one that arrives on the Friday before: the
    weekend adds nothing, and a 调休 working weekend day counts like any other working day.
    """
    return calendar.add_workdays(start, workdays)


class RatingOutcome(StrEnum):
    CLOSE = "close"
    REOPEN = "reopen"
    ESCALATE = "escalate"
    CLOSE_DISSATISFIED = "close_dissatisfied"


def rating_outcome(rating: str, *, dissatisfied_before: int) -> RatingOutcome:
    """满意 and 基本满意 close the letter. The first 不满意 sends it back to the org; the
    second goes up to the general office; after the general office's own answer a further
    不满意 is recorded and the letter closes (it counts against the satisfaction rate)."""
    if rating in (SATISFIED, BASICALLY):
        return RatingOutcome.CLOSE
    if rating != DISSATISFIED:
        raise ValueError(f"unknown rating {rating!r}")
    if dissatisfied_before == 0:
        return RatingOutcome.REOPEN
    if dissatisfied_before == 1:
        return RatingOutcome.ESCALATE
    return RatingOutcome.CLOSE_DISSATISFIED


def alarm_stage(*, since: dt.date, today: dt.date, stages: Sequence[int]) -> int | None:
    """The highest alarm stage (days waited) reached, or None.

    Inspectors fail a site that leaves a message unanswered for over three months; stages such
    as 60, 75 and 85 calendar days warn well before day 90.
    """
    waited = (today - since).days
    reached = [s for s in stages if waited >= s]
    return max(reached) if reached else None


def reminder_kind(*, due: dt.date, today: dt.date, soon_limit: dt.date) -> str | None:
    """'overdue' after the due date, 'due_soon' from ``soon_limit`` (a few working days before)
    up to the due date itself, otherwise None."""
    if today > due:
        return "overdue"
    if due <= soon_limit:
        return "due_soon"
    return None


# --- Figures ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterFacts:
    received: dt.date
    first_replied: dt.date | None
    on_time: bool | None
    rating: str


@dataclass(frozen=True)
class Figures:
    letters: int
    replied: int
    replied_on_time: int
    average_reply_workdays: Decimal | None
    rated: int
    satisfied: int  # 满意 + 基本满意

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.replied_on_time, self.replied)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return percent(self.satisfied, self.rated)


def percent(part: int, whole: int) -> Decimal | None:
    """A whole percentage, rounded half up as people do (49 of 50 → 98)."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def compute_figures(facts: Iterable[LetterFacts], calendar: WorkCalendar) -> Figures:
    """Letters, replied on time, average reply time in working days, satisfaction.

    Reply time counts working days after the day of receipt up to the day of the first reply
    (a reply on the day of receipt takes 0). Satisfaction is (满意 + 基本满意) / rated letters,
    by each letter's latest rating, as annual reports state it (群众满意率).
    """
    letters = replied = on_time = rated = satisfied = 0
    total_days = 0
    for f in facts:
        letters += 1
        if f.first_replied is not None:
            replied += 1
            total_days += max(calendar.workdays_between(f.received, f.first_replied).count, 0)
            if f.on_time:
                on_time += 1
        if f.rating:
            rated += 1
            if f.rating in (SATISFIED, BASICALLY):
                satisfied += 1
    average = (
        (Decimal(total_days) / Decimal(replied)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if replied
        else None
    )
    return Figures(
        letters=letters,
        replied=replied,
        replied_on_time=on_time,
        average_reply_workdays=average,
        rated=rated,
        satisfied=satisfied,
    )


def figures_sentence(figures: Figures, *, label: str, period: str = "全年") -> str:
    """The sentence for the annual report's prose, exactly the way the seed writes it:
    全年受理市长信箱152条，群众满意率达98%。 (no rate when nobody rated)."""
    text = f"{period}受理{label}{figures.letters}条"
    if figures.satisfaction_rate is not None:
        text += f"，群众满意率达{figures.satisfaction_rate}%"
    return text + "。"


# --- Masking for the public list ---------------------------------------------------------------

_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LANDLINE_RE = re.compile(r"(?<![0-9])0\d{2,3}-\d{7,8}(?![0-9])")


def public_text(
    text: str, *, writer_name: str = "", writer_phone: str = "", writer_email: str = ""
) -> str:
    """``text`` fit for the public list: ID, mobile and card numbers masked by the review
    pre-check, e-mail addresses and landline numbers masked, and the writer's own name, phone
    and e-mail (often repeated in a signature) masked wherever they appear."""
    text = mask_text(text, [f for f in scan_text(text) if f.kind != "sensitive_word"])
    text = _EMAIL_RE.sub(lambda m: m.group(0)[0] + "***@***", text)
    text = _LANDLINE_RE.sub(lambda m: m.group(0)[:5] + "*" * (len(m.group(0)) - 5), text)
    for value, masked in (
        (writer_email.strip(), "***@***"),
        (writer_phone.strip(), "*" * len(writer_phone.strip())),
        (writer_name.strip(), mask_name(writer_name)),
    ):
        if len(value) >= 2:
            text = text.replace(value, masked)
    return text
