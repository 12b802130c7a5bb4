"""The statutory clock of an application for disclosure (依申请公开), pure and database-free.

Regulations on Open Government Information (2019), Art. 30–33 and 42; see ogi-rules.md §3.
The clock is recomputed from scratch from the receipt date and the ordered list of what has
happened since (events), never stored and nudged: that keeps every due date explainable
(``steps``) and lets a corrected calendar re-date all open applications at once.

Conventions (each documented where applied):

* Working days are counted "after" a day: the day of receipt, of the corrected application,
  of a fee notice or of a consultation letter is itself never counted.
* A pause from day S (letter sent, notice received) to day E (answer received, fee paid) takes
  the working days S+1..E out of the clock: the deadline moves by that many working days.
  Overlapping pauses count once (the union).
* Late acts (a correction request after the 7-day limit, an extension decided after the due
  date) are facts, not impossibilities: they are recorded with a warning. Sequences that cannot
  happen (a second extension, a corrected application nobody asked for, ...) raise ValueError.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from gongkai.calendar.workdays import WorkCalendar, format_date_weekday


class Channel(StrEnum):
    """How the application arrived; decides which day counts as receipt (Art. 31)."""

    IN_PERSON = "in_person"
    REGISTERED_POST = "registered_post"
    LETTER = "letter"
    ONLINE = "online"
    FAX = "fax"


CHANNEL_RULES: dict[Channel, str] = {
    Channel.IN_PERSON: "当面提交，以提交之日为收到申请之日",
    Channel.REGISTERED_POST: "以邮政特快专递、挂号信等需要签收的邮寄方式提交，以签收之日为收到申请之日",
    Channel.LETTER: "以平常信函等无需签收的邮寄方式提交，以与申请人确认之日为收到申请之日",
    Channel.ONLINE: "通过互联网渠道提交，以双方确认之日为收到申请之日",
    Channel.FAX: "以传真提交，以双方确认之日为收到申请之日",
}


class PauseKind(StrEnum):
    THIRD_PARTY = "third_party"
    OTHER_ORGAN = "other_organ"
    FEE = "fee"


PAUSE_LABELS: dict[PauseKind, str] = {
    PauseKind.THIRD_PARTY: "征求第三方意见",
    PauseKind.OTHER_ORGAN: "征求其他机关意见",
    PauseKind.FEE: "申请人缴纳信息处理费",
}


@dataclass(frozen=True, kw_only=True)
class ClockRules:
    """The numbers of the law, and the two points provinces decide differently."""

    reply_days: int = 20  # Art. 33
    correction_request_days: int = 7  # Art. 30
    extension_max_days: int = 20  # Art. 33
    third_party_days: int = 15  # Art. 32
    fee_payment_days: int = 20  # 2020 measures
    # Arrival on a non-working day counts as receipt on the next working day.
    next_workday_if_closed: bool = True
    # The time from fee notice to payment is not counted in the reply deadline.
    fee_pauses_clock: bool = True


# --- events -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Event:
    on: dt.date


@dataclass(frozen=True, kw_only=True)
class CorrectionRequested(Event):
    """The org asked the applicant, once and for everything, to correct the application."""


@dataclass(frozen=True, kw_only=True)
class CorrectionReceived(Event):
    """The corrected application arrived: the clock restarts from this day."""


@dataclass(frozen=True, kw_only=True)
class PauseStarted(Event):
    """A consultation letter went out (third party, other organ) on ``on``."""

    kind: PauseKind


@dataclass(frozen=True, kw_only=True)
class PauseEnded(Event):
    """The answer to that consultation arrived (or it was closed) on ``on``."""

    kind: PauseKind


@dataclass(frozen=True, kw_only=True)
class Extended(Event):
    """The head of the OGI office approved an extension of ``days`` working days."""

    days: int


@dataclass(frozen=True, kw_only=True)
class FeeNoticeReceived(Event):
    """The applicant received the fee notice on ``on``."""


@dataclass(frozen=True, kw_only=True)
class FeePaid(Event):
    """The applicant paid the fee on ``on``."""


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ReceiptDate:
    arrived_on: dt.date
    date: dt.date
    provisional: bool
    steps: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ClockState:
    received_on: dt.date  # statutory receipt date of the application
    clock_start: dt.date  # receipt, or arrival of the corrected application
    due_on: dt.date | None  # None while waiting for the corrected application
    correction_request_by: dt.date
    awaiting_correction: bool
    paused: bool
    pause_kinds: tuple[PauseKind, ...]
    paused_workdays: int  # working days taken out of the clock by finished pauses
    extended_days: int
    third_party_reply_by: dt.date | None  # while a third-party consultation is open
    fee_payment_by: dt.date | None  # while a fee notice is unpaid
    provisional: bool
    steps: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())


def _fmt(d: dt.date) -> str:
    return format_date_weekday(d)


def receipt_date(
    *,
    channel: Channel,
    arrived_on: dt.date,
    calendar: WorkCalendar,
    rules: ClockRules = ClockRules(),
) -> ReceiptDate:
    """The statutory receipt date (Art. 31).

    ``arrived_on`` is the day the channel's rule names: the day submitted in person, the day
    registered post was signed for, the day receipt of an ordinary letter was confirmed with the
    applicant, the day both sides confirmed an online or fax application.
    """
    channel = Channel(channel)
    steps = [f"{CHANNEL_RULES[channel]}：{_fmt(arrived_on)}"]
    date, provisional, more = _roll(arrived_on, calendar, rules)
    return ReceiptDate(
        arrived_on=arrived_on,
        date=date,
        provisional=provisional,
        steps=tuple(steps + more),
    )


def _roll(day: dt.date, calendar: WorkCalendar, rules: ClockRules) -> tuple[dt.date, bool, list]:
    check = calendar.is_workday(day)
    if check or not rules.next_workday_if_closed:
        return day, check.provisional, []
    nxt = calendar.next_workday(day)
    return (
        nxt.date,
        check.provisional or nxt.provisional,
        [f"{check.steps[0]}，顺延至下一个工作日 {_fmt(nxt.date)}"],
    )


class _Clock:
    """Mutable working state of one ``clock_compute`` run."""

    def __init__(self, calendar: WorkCalendar, rules: ClockRules) -> None:
        self.cal = calendar
        self.rules = rules
        self.provisional = False
        self.steps: list[str] = []
        self.warnings: list[str] = []
        self._detail: tuple[str, ...] = ()

    def add(self, start: dt.date, n: int) -> dt.date:
        result = self.cal.add_workdays(start, n)
        self.provisional |= result.provisional
        self._detail = result.steps[1:-1] if n > 0 else ()  # holidays, make-up days, notes
        return result.date

    def detail(self) -> None:
        """Indent the calendar's own explanation of the last ``add`` under the last step."""
        self.steps += [f"　· {line}" for line in self._detail]

    def between(self, d1: dt.date, d2: dt.date) -> int:
        result = self.cal.workdays_between(d1, d2)
        self.provisional |= result.provisional
        return result.count

    def step(self, text: str) -> None:
        self.steps.append(text)

    def warn(self, text: str) -> None:
        self.warnings.append(text)
        self.steps.append(f"注意：{text}")


def clock_compute(
    *,
    received_on: dt.date,
    events: Sequence[Event] = (),
    calendar: WorkCalendar,
    rules: ClockRules = ClockRules(),
    as_of: dt.date | None = None,
) -> ClockState:
    """Replay ``events`` (in date order) on an application received on ``received_on``.

    ``received_on`` is the statutory receipt date (see ``receipt_date``); when it is a
    non-working day and ``rules.next_workday_if_closed`` holds, it moves to the next working day
    (idempotent). ``as_of``, when given, lets a state that is paused right now show the due date
    as if the pause ended that day.
    """
    c = _Clock(calendar, rules)
    start, c.provisional, rolled = _roll(received_on, calendar, rules)
    c.step(f"{_fmt(received_on)} 收到申请")
    c.steps += rolled
    c.step(f"收到申请之日 {_fmt(start)} 不计入，自次日起计算工作日")
    correction_by = c.add(start, rules.correction_request_days)
    c.step(
        f"需要补正的，应在收到申请之日起 {rules.correction_request_days} 个工作日内"
        f"一次性告知，即不晚于 {_fmt(correction_by)}"
    )
    clock_start = start
    due: dt.date | None = c.add(start, rules.reply_days)
    c.step(f"答复期限：收到申请之日起 {rules.reply_days} 个工作日，即 {_fmt(due)}")
    c.detail()

    correction_asked = False
    awaiting_correction = False
    active: dict[PauseKind, dt.date] = {}
    pause_start: dt.date | None = None
    paused_total = 0
    extended = 0
    third_party_by: dt.date | None = None
    fee_by: dt.date | None = None
    fee_pending = False
    last = start if start <= received_on else received_on

    for event in events:
        if event.on < last:
            raise ValueError(
                f"事件须按日期先后排列：{event.on.isoformat()} 早于 {last.isoformat()}"
            )
        last = event.on
        on = event.on

        if isinstance(event, CorrectionRequested):
            if correction_asked:
                raise ValueError("补正只能一次性告知，不能第二次要求补正")
            if active or extended:
                raise ValueError("已暂停或延期的申请不能再要求补正")
            correction_asked = awaiting_correction = True
            due = None
            c.step(f"{_fmt(on)} 书面通知申请人补正，答复期限自收到补正后的申请之日起重新计算")
            if on > correction_by:
                c.warn(
                    f"补正通知晚于法定期限 {_fmt(correction_by)}"
                    f"（收到申请之日起 {rules.correction_request_days} 个工作日）"
                )

        elif isinstance(event, CorrectionReceived):
            if not awaiting_correction:
                raise ValueError("未要求补正，不能登记收到补正后的申请")
            awaiting_correction = False
            clock_start, prov, rolled = _roll(on, calendar, rules)
            c.provisional |= prov
            c.step(f"{_fmt(on)} 收到补正后的申请")
            c.steps += rolled
            due = c.add(clock_start, rules.reply_days)
            c.step(
                f"答复期限重新计算：自 {_fmt(clock_start)} 次日起 {rules.reply_days} 个工作日，"
                f"即 {_fmt(due)}"
            )
            c.detail()

        elif isinstance(event, PauseStarted | FeeNoticeReceived):
            if awaiting_correction:
                raise ValueError("等待补正期间答复期限未在计算，不能暂停")
            if isinstance(event, FeeNoticeReceived):
                if fee_pending:
                    raise ValueError("上一份收费通知尚未缴费，不能再次通知收费")
                fee_pending = True
                fee_by = c.add(on, rules.fee_payment_days)
                c.step(
                    f"{_fmt(on)} 申请人收到收费通知，应在 {rules.fee_payment_days} 个工作日内"
                    f"缴费，即不晚于 {_fmt(fee_by)}；逾期未缴费的视为放弃申请"
                )
                if not rules.fee_pauses_clock:
                    c.step("按本地规定，收费通知至缴费期间计入答复期限")
                    continue
                kind = PauseKind.FEE
            else:
                kind = PauseKind(event.kind)
                if kind is PauseKind.FEE:
                    raise ValueError("缴费暂停请登记“申请人收到收费通知”和“申请人缴费”")
            if kind in active:
                raise ValueError(f"“{PAUSE_LABELS[kind]}”已在暂停中，不能重复开始")
            if not active:
                pause_start = on
            active[kind] = on
            if kind is PauseKind.THIRD_PARTY:
                third_party_by = c.add(on, rules.third_party_days)
                c.step(
                    f"{_fmt(on)} 书面征求第三方意见，第三方应在 {rules.third_party_days} 个"
                    f"工作日内提出意见，即不晚于 {_fmt(third_party_by)}；征求意见时间不计入答复期限"
                )
            elif kind is PauseKind.OTHER_ORGAN:
                c.step(f"{_fmt(on)} 征求其他机关意见，征求意见时间不计入答复期限")
            else:
                c.step("收费通知至缴费期间不计入答复期限")

        elif isinstance(event, PauseEnded | FeePaid):
            if isinstance(event, FeePaid):
                if not fee_pending:
                    raise ValueError("未通知收费，不能登记缴费")
                c.step(f"{_fmt(on)} 申请人缴费")
                if fee_by is not None and on > fee_by:
                    c.warn(f"缴费晚于缴费期限 {_fmt(fee_by)}，逾期未缴费的可视为放弃申请")
                fee_pending = False
                fee_by = None
                if not rules.fee_pauses_clock:
                    continue
                kind = PauseKind.FEE
            else:
                kind = PauseKind(event.kind)
                if kind is PauseKind.FEE:
                    raise ValueError("缴费暂停请登记“申请人收到收费通知”和“申请人缴费”")
                if kind not in active:
                    raise ValueError(f"“{PAUSE_LABELS[kind]}”未开始，不能结束")
                c.step(f"{_fmt(on)} {PAUSE_LABELS[kind]}结束")
            del active[kind]
            if kind is PauseKind.THIRD_PARTY:
                third_party_by = None
            if not active:
                assert pause_start is not None and due is not None
                days = c.between(pause_start, on)
                paused_total += days
                due = c.add(due, days)
                c.step(
                    f"暂停期间（{pause_start.isoformat()} 次日至 {on.isoformat()}）共 {days} 个"
                    f"工作日不计入，答复期限顺延至 {_fmt(due)}"
                )
                c.detail()
                pause_start = None

        elif isinstance(event, Extended):
            if extended:
                raise ValueError("答复期限只能延长一次")
            if not 1 <= event.days <= rules.extension_max_days:
                raise ValueError(
                    f"延长期限应为 1 至 {rules.extension_max_days} 个工作日，"
                    f"不能为 {event.days} 个工作日"
                )
            if awaiting_correction:
                raise ValueError("等待补正期间答复期限未在计算，不能延期")
            assert due is not None
            if on > due and not active:
                c.warn(f"延期决定晚于答复期限 {_fmt(due)}")
            extended = event.days
            due = c.add(due, event.days)
            c.step(
                f"{_fmt(on)} 经政府信息公开工作机构负责人同意并告知申请人，"
                f"延长答复期限 {event.days} 个工作日，至 {_fmt(due)}"
            )
            c.detail()

        else:
            raise ValueError(f"未知事件：{event!r}")

    if awaiting_correction:
        c.step("等待申请人补正；收到补正后的申请后重新计算答复期限")
    elif active:
        assert pause_start is not None and due is not None
        labels = "、".join(PAUSE_LABELS[k] for k in active)
        if as_of is not None and as_of > pause_start:
            so_far = c.between(pause_start, as_of)
            due = c.add(due, so_far)
            c.step(
                f"暂停中（{labels}）：若于 {_fmt(as_of)} 恢复，已暂停 {so_far} 个工作日，"
                f"答复期限为 {_fmt(due)}"
            )
        else:
            c.step(f"暂停中（{labels}）：恢复后按暂停的工作日数顺延答复期限")
    elif due is not None:
        c.step(f"当前答复期限：{_fmt(due)}")

    return ClockState(
        received_on=start,
        clock_start=clock_start,
        due_on=due,
        correction_request_by=correction_by,
        awaiting_correction=awaiting_correction,
        paused=bool(active),
        pause_kinds=tuple(active),
        paused_workdays=paused_total,
        extended_days=extended,
        third_party_reply_by=third_party_by,
        fee_payment_by=fee_by,
        provisional=c.provisional,
        steps=tuple(c.steps),
        warnings=tuple(c.warnings),
    )
