"""The city at work: applications, appeals, mailbox letters, press conferences, annual figures.

Everything here happens over the last three years up to ``today`` and is drawn from the demo's
seeded random generator. History that only needs to *have happened* (concluded applications,
cases) goes in with ``bulk_create`` and timelines consistent with the statutory clock; what
staff will act on next (open applications, recent letters) goes through the apps' own services,
so the queues, deadlines and letters look exactly like the real thing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.orgs.models import Org

from . import plan
from .content import (
    application_request,
    letter_reply_text,
    letter_text,
    outcome_texts,
    pick_subject,
    press_text,
)


@dataclass
class ActivityResult:
    applications: int = 0
    open_applications: int = 0
    appeals: int = 0
    letters: int = 0
    press: int = 0
    figures: int = 0


@dataclass
class _World:
    specs: dict[str, plan.OrgSpec]
    orgs: dict[str, Org]
    rng: random.Random
    today: dt.date
    tz: ZoneInfo
    calendar: object
    policies: list  # live policy items of the catalogue (for press conferences)

    def user(self, code: str, word: str):
        return get_user_model().objects.get(username=f"demo-{code}-{word}")

    def at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        h = hour if hour is not None else self.rng.randint(8, 17)
        return dt.datetime.combine(day, dt.time(h, self.rng.randrange(60)), tzinfo=self.tz)

    def workday_on_or_after(self, day: dt.date) -> dt.date:
        if self.calendar.is_workday(day):  # type: ignore[attr-defined]
            return day
        nxt = self.calendar.next_workday(day)  # type: ignore[attr-defined]
        return getattr(nxt, "date", nxt)

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        return self.calendar.add_workdays(day, n).date  # type: ignore[attr-defined]

    def place(self) -> str:
        towns = [s.short_name for s in self.specs.values() if s.kind == "town"]
        return self.rng.choice(towns or ["城区"])


def _org_weights(world: _World) -> dict[str, float]:
    """Departments receive most applications; the government some; towns a few."""
    return {
        code: {"government": 3.0, "department": 1.5}.get(spec.kind, 0.4)
        for code, spec in world.specs.items()
    }


def _random_day(world: _World, start: dt.date, end: dt.date) -> dt.date:
    if end < start:
        return start
    return start + dt.timedelta(days=world.rng.randrange((end - start).days + 1))


# --- Applications ----------------------------------------------------------------------------


def _applicant(world: _World, applicant_type: str) -> dict[str, str]:
    rng = world.rng
    name = plan.person_name(rng)
    data = {
        "applicant_type": applicant_type,
        "phone": plan.fictional_phone(rng),
        "address": f"{plan.CITY}{world.place()}{rng.randint(1, 99)}号",
        "postcode": f"99{rng.randrange(10000):04d}",
        "delivery_form": rng.choice(("paper", "electronic", "any")),
        "delivery_way": rng.choice(("post", "email", "online", "pickup")),
    }
    if applicant_type == "natural_person":
        data |= {
            "applicant_name": name,
            "id_type": "resident_id",
            "id_number": plan.fictional_id_number(rng),
        }
    else:
        firm = {
            "business": f"{plan.CITY}{rng.choice(('恒达', '兴澜', '江源', '华泰'))}建设有限公司",
            "legal_service": f"{rng.choice(('澜江', '明正', '信和'))}律师事务所",
            "research": f"{plan.CITY}社会科学研究所",
            "public_interest": f"{plan.CITY}环保志愿者协会",
            "other_org": f"{plan.CITY}{rng.choice(('个体劳动者协会', '某村民委员会'))}",
        }[applicant_type]
        data |= {
            "organisation": firm,
            "credit_code": plan.firm_credit_code(rng.randrange(1, 99999)),
            "contact_person": name,
            "id_type": "credit_code",
        }
    return data


def _build_history(world: _World, years: list[plan.ActivityYear]) -> list:
    """Concluded applications of the three years, in bulk, with their timelines.

    Receipts stop five weeks before today so that every one of them is concluded within the
    20 working days; those received late in December conclude in January (carried over).
    """
    from gongkai.applications.models import (
        Application,
        ApplicationEvent,
        Channel,
        EventKind,
        ReferenceCounter,
        Status,
    )

    rng = world.rng
    weights = _org_weights(world)
    last_day = world.today - dt.timedelta(days=35)
    planned: list[tuple[dt.date, str, str, str]] = []  # (receipt, org code, type, outcome)
    for ay in years:
        start = dt.date(ay.year, 1, 1)
        end = min(dt.date(ay.year, 12, 31), last_day)
        if end < start:
            continue
        codes = rng.choices(list(weights), weights=list(weights.values()), k=ay.applications)
        for n, code in enumerate(codes):
            # Two a year arrive just before Christmas and are answered in January.
            if n < 2 and end.month == 12 and end.day >= 28:
                day = dt.date(ay.year, 12, rng.randint(20, 28))
            else:
                day = _random_day(world, start, end)
            planned.append(
                (
                    world.workday_on_or_after(day),
                    code,
                    plan.weighted_choice(plan.APPLICANT_TYPE_WEIGHTS, rng),
                    plan.weighted_choice(plan.OUTCOME_WEIGHTS, rng),
                )
            )
    planned.sort()
    serials: dict[tuple[str, int], int] = defaultdict(int)
    apps: list[Application] = []
    timelines: list[list[tuple[str, dt.date, str, dict]]] = []
    for receipt, code, applicant_type, outcome in planned:
        org, spec = world.orgs[code], world.specs[code]
        serials[(code, receipt.year)] += 1
        subject, _topic = pick_subject(spec, rng)
        description, purpose = application_request(
            subject=subject, year=receipt.year - rng.randint(0, 2), place=world.place(), rng=rng
        )
        channel = rng.choice(
            (Channel.ONLINE, Channel.ONLINE, Channel.ONLINE, Channel.IN_PERSON, Channel.LETTER)
        )
        due = world.add_workdays(receipt, 20)
        events = [
            (
                EventKind.RECEIVED if channel == Channel.ONLINE else EventKind.REGISTERED,
                receipt,
                "",
                {"channel": channel},
            )
        ]
        if outcome == "other.1":  # asked to correct, never did
            events.append((EventKind.CORRECTION_REQUESTED, world.add_workdays(receipt, 3), "", {}))
            concluded = world.add_workdays(receipt, 19)
        else:
            concluded = world.add_workdays(receipt, rng.randint(3, 19))
        basis, reply = outcome_texts(outcome)
        events.append((EventKind.CONCLUDED, concluded, "", {"outcome": outcome}))
        apps.append(
            Application(
                org=org,
                reference=f"{code}-{receipt.year}-{serials[(code, receipt.year)]:05d}",
                channel=channel,
                received_at=world.at(receipt),
                receipt_date=receipt,
                status=Status.CONCLUDED,
                due_date=due,
                description=description,
                purpose=purpose,
                outcome=outcome,
                legal_basis=basis,
                reply_summary=reply,
                concluded_on=concluded,
                **_applicant(world, applicant_type),
            )
        )
        timelines.append(events)
    Application.objects.bulk_create(apps, batch_size=500)
    ApplicationEvent.objects.bulk_create(
        [
            ApplicationEvent(application=app, kind=kind, on=on, note=note, data=data)
            for app, events in zip(apps, timelines, strict=True)
            for kind, on, note, data in events
        ],
        batch_size=1000,
    )
    ReferenceCounter.objects.bulk_create(
        [
            ReferenceCounter(org=world.orgs[code], year=year, last_serial=n)
            for (code, year), n in serials.items()
        ]
    )
    return apps


def _build_open(world: _World, count: int) -> tuple[int, int]:
    """Recent applications through the services: some answered with a reply letter, some in
    progress, one awaiting correction, and the oldest two due within the next working days."""
    from gongkai.applications.models import Channel
    from gongkai.applications.services import (
        application_assign,
        application_conclude,
        application_register,
        application_request_correction,
    )

    rng = world.rng
    # Arrival days whose 20-working-day deadline falls in the next three days: "due soon".
    soon = [
        d
        for back in range(20, 40)
        if world.calendar.is_workday(d := world.today - dt.timedelta(days=back))  # type: ignore[attr-defined]
        and world.today < world.add_workdays(d, 20) <= world.today + dt.timedelta(days=4)
    ]
    recent = [
        d
        for back in range(1, 18)
        if world.calendar.is_workday(d := world.today - dt.timedelta(days=back))  # type: ignore[attr-defined]
    ]
    departments = [c for c, s in world.specs.items() if s.kind == "department"] or list(world.orgs)
    made = opened = 0
    for n in range(count):
        code = departments[n % len(departments)]
        org = world.orgs[code]
        editor = world.user(code, "editor")
        if n < 2 and soon:
            arrived = soon[-1 - n % len(soon)]  # the oldest of them first
        else:
            arrived = rng.choice(recent or [world.today])
        subject, _topic = pick_subject(world.specs[code], rng)
        description, purpose = application_request(
            subject=subject, year=arrived.year, place=world.place(), rng=rng
        )
        data = _applicant(world, plan.weighted_choice(plan.APPLICANT_TYPE_WEIGHTS, rng))
        data |= {"description": description, "purpose": purpose}
        app = application_register(
            org=org,
            actor=editor,
            channel=rng.choice((Channel.IN_PERSON, Channel.LETTER, Channel.EMAIL)),
            arrived_on=arrived,
            data=data,
        )
        app = application_assign(application=app, officer=editor, actor=editor)
        made += 1
        role = n % 4
        if n >= 2 and role == 3:
            on = min(world.today, world.add_workdays(app.receipt_date, 2))
            application_request_correction(
                application=app,
                actor=editor,
                on=on,
                items="请明确所需政府信息的文号或形成时间。",
            )
            opened += 1
        elif n >= 2 and role == 2:
            on = min(world.today, world.add_workdays(app.receipt_date, rng.randint(2, 6)))
            basis, reply = outcome_texts("granted")
            application_conclude(
                application=app,
                actor=editor,
                on=on,
                outcome="granted",
                legal_basis=basis,
                reply_summary=reply,
            )
        else:
            opened += 1
    return made, opened


# --- Appeals ---------------------------------------------------------------------------------


def _build_appeals(world: _World, years: list[plan.ActivityYear], apps: list) -> int:
    """Review and litigation cases, most of them about a refused or partly refused application."""
    from gongkai.appeals.models import Appeal, AppealKind, AppealResult

    rng = world.rng
    contested = [a for a in apps if a.outcome != "granted"]
    cases: list[Appeal] = []
    used: set[int] = set()
    for ay in years:
        pool = [a for a in contested if a.concluded_on.year == ay.year and a.pk not in used]
        for n in range(ay.appeals):
            app = pool.pop(rng.randrange(len(pool))) if pool and rng.random() < 0.8 else None
            org = app.org if app else world.orgs[rng.choice(list(world.orgs))]
            base = app.concluded_on if app else dt.date(ay.year, rng.randint(1, 10), 1)
            filed = base + dt.timedelta(days=rng.randint(20, 55))
            if filed >= world.today:
                continue
            kind = plan.weighted_choice(
                {
                    AppealKind.REVIEW: 6,
                    AppealKind.LITIGATION_DIRECT: 2,
                    AppealKind.LITIGATION_AFTER_REVIEW: 1,
                },
                rng,
            )
            result = plan.weighted_choice(
                {AppealResult.UPHELD: 6, AppealResult.CORRECTED: 2, AppealResult.OTHER: 1}, rng
            )
            concluded = filed + dt.timedelta(days=rng.randint(45, 90))
            if concluded >= world.today:
                result, concluded = AppealResult.PENDING, None
            if kind == AppealKind.REVIEW:
                authority = f"{plan.CITY}人民政府" if org.kind != "government" else "上级人民政府"
                reference = f"{plan.CITY_SHORT}府复〔{filed.year}〕{n + 1}号"
            else:
                authority = f"{plan.CITY}人民法院"
                reference = f"（{filed.year}）澜行初{n + 1}号"
            if app:
                used.add(app.pk)
            cases.append(
                Appeal(
                    org=org,
                    kind=kind,
                    reference=reference,
                    filed_on=filed,
                    result=result,
                    concluded_on=concluded,
                    application=app,
                    authority=authority,
                    notes="申请人对政府信息公开答复不服。" if app else "",
                )
            )
    Appeal.objects.bulk_create(cases)
    return len(cases)


# --- Mailbox ---------------------------------------------------------------------------------


def _stamp(letter, since: dt.datetime, when: dt.datetime) -> None:
    """Date the events a service just wrote (``at`` is set to the wall clock) to ``when``."""
    from gongkai.mailbox.models import LetterEvent

    LetterEvent.objects.filter(letter_id=letter.pk, at__gte=since).update(at=when)


def _build_letters(world: _World, years: list[plan.ActivityYear]) -> int:
    """Letters through the mailbox services: routed, answered, approved, rated.

    Most writers are 满意 or 基本满意; a few are not, and their letter is reopened and answered
    again. The last fortnight's letters are still in the queues.
    """
    from gongkai.mailbox.models import LetterCategory, LetterReply, Mailbox, Rating
    from gongkai.mailbox.services import (
        letter_rate,
        letter_reply_approve,
        letter_reply_draft,
        letter_route,
        letter_submit,
        mailboxes_ensure,
    )

    rng = world.rng
    office = world.orgs.get("lj-bgs") or world.orgs["lj"]
    mailboxes_ensure(mayor_org=office)
    mayor = Mailbox.objects.get(is_mayor=True)
    own_boxes = {m.org_id: m for m in Mailbox.objects.filter(is_mayor=False)}
    categories = {c.name: c for c in LetterCategory.objects.filter(is_active=True)}
    cat_weights = {"咨询": 35, "建议": 20, "投诉": 25, "求助": 15, "其他": 5}
    cat_weights = {k: v for k, v in cat_weights.items() if k in categories} or {
        name: 1 for name in categories
    }
    supervisor = get_user_model().objects.get(username=f"demo-{office.code}-supervisor1")
    handlers = [c for c, s in world.specs.items() if s.kind != "government"]
    users: dict[tuple[str, str], object] = {}

    def user(code: str, word: str):
        if (code, word) not in users:
            users[(code, word)] = world.user(code, word)
        return users[(code, word)]

    plans: list[tuple[dt.datetime, bool]] = []  # (received, to the mayor)
    for ay in years:
        end = min(dt.date(ay.year, 12, 31), world.today)
        for to_mayor, n in ((True, ay.letters), (False, ay.org_letters)):
            for _n in range(n):
                day = _random_day(world, dt.date(ay.year, 1, 1), end)
                plans.append((world.at(day, rng.randint(7, 22)), to_mayor))
    plans.sort()
    count = 0
    for received, to_mayor in plans:
        code = rng.choice(handlers)
        org = world.orgs[code]
        cat = plan.weighted_choice(cat_weights, rng)
        subject, _topic = pick_subject(world.specs[code], rng)
        title, content = letter_text(category=cat, subject=subject, place=world.place(), rng=rng)
        mailbox = mayor if to_mayor else own_boxes.get(org.pk, mayor)
        letter = letter_submit(
            mailbox=mailbox,
            category=categories[cat],
            subject=title,
            content=content,
            writer_name=plan.person_name(rng),
            writer_phone=plan.fictional_phone(rng),
            may_publish=rng.random() < 0.6,
            now=received,
        )
        _stamp(letter, received, received)  # letter_submit dates its event ``now`` already
        count += 1
        age = (world.today - received.date()).days
        if age < 2:
            continue  # still waiting for the general office
        t = world.at(world.add_workdays(received.date(), 1), rng.randint(8, 11))
        if letter.mailbox_id == mayor.pk:
            wall = timezone.now()
            letter = letter_route(letter=letter, org=org, user=supervisor)
            _stamp(letter, wall, t)
        if age < 5:
            continue
        rounds = 2 if rng.random() < plan.RATING_WEIGHTS["dissatisfied"] / 100 * 2 else 1
        for round_no in range(rounds):
            reply_day = world.add_workdays(t.date(), rng.randint(1, 8))
            if reply_day >= world.today:
                break
            wall = timezone.now()
            reply = letter_reply_draft(
                letter=letter,
                user=user(code, "editor"),
                text=letter_reply_text(org_name=org.name, title=title, rng=rng, again=round_no > 0),
            )
            drafted = world.at(reply_day, 9)
            _stamp(letter, wall, drafted)
            LetterReply.objects.filter(pk=reply.pk).update(drafted_at=drafted)
            sent = world.at(reply_day, rng.randint(14, 17))
            wall = timezone.now()
            letter_reply_approve(reply=reply, user=user(code, "reviewer"), now=sent)
            _stamp(letter, wall, sent)
            rate_day = reply_day + dt.timedelta(days=rng.randint(1, 6))
            if rate_day >= world.today or rng.random() < 0.1:
                break  # not rated (yet)
            if round_no + 1 < rounds:
                rating = Rating.DISSATISFIED
            else:
                rating = rng.choice(
                    [Rating.SATISFIED] * 6 + [Rating.BASICALLY]
                )  # after a reopening, or the usual mix
                if rounds == 1:
                    rating = plan.weighted_choice(
                        {k: v for k, v in plan.RATING_WEIGHTS.items() if k != "dissatisfied"}, rng
                    )
            rated = world.at(rate_day, rng.randint(8, 21))
            wall = timezone.now()
            letter = letter_rate(
                letter=letter,
                rating=rating,
                comment="答复不解决实际问题。" if rating == Rating.DISSATISFIED else "",
                now=rated,
            )
            _stamp(letter, wall, rated)
            t = rated
    return count


# --- Press conferences -----------------------------------------------------------------------


def _build_press(world: _World, years: list[plan.ActivityYear]) -> int:
    from gongkai.press.models import Kind, PressConference, QAPair

    rng = world.rng
    hosts = ["lj"] * 3 + [c for c, s in world.specs.items() if s.kind == "department"]
    made = 0
    for ay in years:
        end = min(dt.date(ay.year, 12, 31), world.today - dt.timedelta(days=1))
        for n in range(ay.press):
            code = rng.choice(hosts)
            spec, org = world.specs[code], world.orgs[code]
            held = world.workday_on_or_after(_random_day(world, dt.date(ay.year, 1, 1), end))
            kind = Kind.REGULAR if n % 3 == 2 else Kind.CONFERENCE
            recent = [
                p
                for p in world.policies
                if p.published_on
                and held - dt.timedelta(days=60) <= p.published_on <= held
                and p.org_id in (org.pk, world.orgs["lj"].pk)
            ]
            policy = rng.choice(recent) if recent else None
            subject, _topic = pick_subject(spec, rng)
            text = press_text(
                kind=kind,
                host=spec.short_name if code != "lj" else f"{plan.CITY}人民政府新闻办公室",
                subject=subject,
                year=ay.year,
                policy_title=policy.title if policy else "",
                rng=rng,
            )
            conf = PressConference(
                kind=kind,
                title=text["title"],
                held_on=held,
                place=f"{plan.CITY}政务服务中心新闻发布厅",
                host_org=org,
                spokespersons=f"{plan.person_name(rng)} {org.name}新闻发言人",
                topics=text["topics"],
                summary=text["summary"],
                transcript=text["transcript"],
                media_present=text["media"],
                live=True,
            )
            conf.qa_pairs = [QAPair(sort_order=i, **qa) for i, qa in enumerate(text["qa"])]  # type: ignore[arg-type]
            conf.policies = [policy] if policy is not None else []
            conf.save()
            made += 1
    return made


# --- Annual figures (section 二) ---------------------------------------------------------------

# (licensing, punishment, coercion, fees in 10k yuan) ranges by org; others get small numbers.
FIGURE_RANGES: dict[str, tuple[tuple[int, int], tuple[int, int], tuple[int, int], float]] = {
    "lj-xzspj": ((2500, 4000), (0, 0), (0, 0), 12.0),
    "lj-scjgj": ((600, 1200), (150, 400), (10, 40), 3.0),
    "lj-gaj": ((800, 1500), (900, 2000), (30, 90), 80.0),
    "lj-sthjj": ((30, 80), (20, 60), (2, 10), 0.0),
    "lj-cgj": ((100, 300), (80, 250), (5, 30), 40.0),
    "lj-zrzyj": ((80, 200), (10, 40), (0, 5), 150.0),
    "lj-zjj": ((150, 400), (10, 30), (0, 3), 20.0),
    "lj-wjw": ((200, 500), (20, 60), (0, 2), 5.0),
    "lj-jtysj": ((300, 700), (100, 300), (5, 20), 8.0),
    "lj-yjglj": ((20, 60), (20, 60), (0, 5), 0.0),
}


def _build_figures(world: _World, years: list[plan.ActivityYear]) -> int:
    from gongkai.reports.models import AnnualFigures
    from gongkai.reports.tables import check_fee_amount

    rng = world.rng
    rows = []
    for ay in years:
        share = 1.0 if ay.year < world.today.year else world.today.timetuple().tm_yday / 365
        for code, spec in world.specs.items():
            if code in FIGURE_RANGES:
                lic, pun, coe, fee = FIGURE_RANGES[code]
            elif spec.kind == "town":
                lic, pun, coe, fee = (0, 15), (0, 8), (0, 1), 0.0
            elif spec.kind == "department":
                lic, pun, coe, fee = (0, 60), (0, 20), (0, 2), rng.choice((0.0, 0.5))
            else:
                lic, pun, coe, fee = (0, 0), (0, 0), (0, 0), 0.0
            amount = Decimal(str(round(fee * rng.uniform(0.7, 1.3) * share, 4)))
            rows.append(
                AnnualFigures(
                    org=world.orgs[code],
                    year=ay.year,
                    licensing=round(rng.randint(*lic) * share),
                    punishment=round(rng.randint(*pun) * share),
                    coercion=round(rng.randint(*coe) * share),
                    fees_10k_yuan=check_fee_amount(amount),
                    source_note=f"{spec.short_name}业务系统{ay.year}年度统计（演示数据）",
                )
            )
    AnnualFigures.objects.bulk_create(rows)
    return len(rows)


# --- Entry point -----------------------------------------------------------------------------


def activity_build(
    *,
    specs: dict[str, plan.OrgSpec],
    orgs: dict[str, Org],
    rng: random.Random,
    today: dt.date,
    tz: ZoneInfo,
    calendar: object,
    policies: list,
    scale: str,
) -> ActivityResult:
    """Fill the three recent years with the city's applications, cases, letters and events."""
    world = _World(specs, orgs, rng, today, tz, calendar, policies)
    years = plan.activity_years(scale, today)
    result = ActivityResult()
    with transaction.atomic():
        history = _build_history(world, years)
        made, opened = _build_open(world, 3 if scale == "small" else 8)
        result.applications = len(history) + made
        result.open_applications = opened
        result.appeals = _build_appeals(world, years, history)
        result.figures = _build_figures(world, years)
        result.press = _build_press(world, years)
    with transaction.atomic():
        result.letters = _build_letters(world, years)
    return result
