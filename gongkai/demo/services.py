"""Building the demo city in the database: orgs, classes, topics, staff, items, attachments, sites.

Fast by construction: rows go in with ``bulk_create`` in batches, 索引号 serials are reserved one
block per (org, period), and the shared demo password is hashed once for every account.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gongkai.catalogue.defaults import taxonomy_defaults_ensure
from gongkai.catalogue.models import Attachment, CatalogueItem, Category, Topic
from gongkai.catalogue.services import categories_ensure_for_org, index_numbers_assign
from gongkai.core.progress import Progress
from gongkai.documents.files import validate_attachment
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import org_create, staff_create

from . import plan
from .activity import ActivityResult, activity_build
from .content import ItemText, interpretation_text, item_text
from .files import tiny_docx, tiny_pdf, tiny_xlsx

BATCH = 2000
MILLION = 1_000_000
ORG_ROLES: tuple[tuple[Role, str], ...] = (
    (Role.EDITOR, "editor"),
    (Role.REVIEWER, "reviewer"),
    (Role.SIGNER, "signer"),
    (Role.ORG_ADMIN, "orgadmin"),
)


class DemoRefused(Exception):
    """The instance is not empty: the demo never mixes its fiction with real data."""


@dataclass
class DemoResult:
    orgs: int = 0
    users: int = 0
    items: int = 0
    attachments: int = 0
    portal: bool = False
    indexed: int = 0
    activity: ActivityResult = field(default_factory=ActivityResult)
    usernames: list[str] = field(default_factory=list)


def _workdays():
    """The platform's working-day calendar, or None if it cannot be loaded."""
    try:
        from gongkai.calendar.selectors import get_work_calendar

        return get_work_calendar()
    except Exception:  # the calendar is optional for the demo: fall back to calendar days
        return None


def _workdays_required():
    """Applications and letters need the real calendar: their services use it anyway."""
    from gongkai.calendar.selectors import get_work_calendar

    return get_work_calendar()


# --- Orgs, classes, topics, staff ---------------------------------------------------------------


def _build_orgs(specs: list[plan.OrgSpec], rng: random.Random) -> dict[str, Org]:
    gov_spec = specs[0]
    orgs: dict[str, Org] = {}
    streets = ("澜江大道", "滨江路", "人民路", "新华路", "建设路", "文昌路", "府前街", "青云路")
    for order, spec in enumerate(specs):
        parent = None if spec.kind == "government" else orgs[gov_spec.code]
        leaders = _leaders(spec, rng)
        if spec.kind == "government":
            functions = f"{plan.CITY}人民政府是{plan.CITY}的国家行政机关，领导所属各工作部门和乡镇人民政府、街道办事处的工作。"
            ogi_office = f"{plan.CITY}人民政府办公室"
            address = f"{plan.CITY}{streets[0]}1号"
        elif spec.kind == "department":
            functions = plan.department_function(spec.code)
            ogi_office = f"{spec.name}办公室"
            address = f"{plan.CITY}{rng.choice(streets)}{rng.randint(2, 300)}号"
        else:
            functions = (
                f"{spec.name}负责本辖区经济社会发展、公共服务、社会治理和基层政权建设等工作。"
            )
            ogi_office = f"{spec.short_name}党政办公室"
            address = f"{plan.CITY}{spec.short_name}{rng.choice(('集镇', '中心'))}{rng.choice(('路', '街'))}{rng.randint(1, 99)}号"
        orgs[spec.code] = org_create(
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=parent,
            short_name=spec.short_name,
            credit_code=spec.credit_code,
            address=address,
            office_hours="工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）",
            phone=plan.landline(rng),
            fax=plan.landline(rng),
            email=f"{spec.code.replace('-', '')}@lanjiang.example.org",
            ogi_office=ogi_office,
            ogi_contact=plan.person_name(rng),
            ogi_phone=plan.landline(rng),
            functions=functions,
            leaders=leaders,
            sort_order=order,
        )
    return orgs


def _leaders(spec: plan.OrgSpec, rng: random.Random) -> str:
    if spec.kind == "government":
        posts = [
            ("市长", "主持市政府全面工作"),
            ("常务副市长", "负责市政府常务工作"),
            ("副市长", "负责农业农村、水利、林业方面工作"),
            ("副市长", "负责教育、卫生健康方面工作"),
        ]
    elif spec.kind == "department":
        head = "主任" if spec.short_name.endswith(("委员会", "办公室")) else "局长"
        posts = [
            (head, "主持全面工作"),
            (f"副{head}", "负责业务科室工作"),
            (f"副{head}", "负责机关日常工作"),
        ]
    else:
        head = (
            "主任"
            if spec.short_name.endswith("街道")
            else ("乡长" if spec.short_name.endswith("乡") else "镇长")
        )
        posts = [(head, "主持政府全面工作"), (f"副{head}", "负责经济发展和安全生产工作")]
    return "\n".join(f"{plan.person_name(rng)} {post} {duty}" for post, duty in posts)


def _build_taxonomy(
    orgs: dict[str, Org],
) -> tuple[dict[tuple[int, str], Category], dict[str, Topic]]:
    """Each org's own copy of the default classes; the defaults and the topics come from the
    catalogue's data migration, as on every instance."""
    taxonomy_defaults_ensure(Category, Topic)
    for org in orgs.values():
        categories_ensure_for_org(org=org)
    categories = {
        (c.org_id, c.slug): c for c in Category.objects.filter(org__in=list(orgs.values()))
    }
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    return categories, topics


def _build_staff(orgs: dict[str, Org], password: str) -> list[str]:
    usernames: list[str] = []
    for code, org in orgs.items():
        for role, word in ORG_ROLES:
            username = f"demo-{code}-{word}"
            staff_create(
                org=org,
                username=username,
                password=None,
                roles=[role],
                full_name=f"{org.short_name or org.name}{_role_word(role)}",
            )
            usernames.append(username)
    office = orgs.get("lj-bgs") or orgs["lj"]
    for n in (1, 2):
        username = f"demo-{office.code}-supervisor{n}"
        staff_create(
            org=office,
            username=username,
            password=None,
            roles=[Role.SUPERVISOR],
            full_name=f"办公室督查员{n}",
        )
        usernames.append(username)
    staff_create(
        org=orgs["lj"],
        username="demo-sysadmin",
        password=None,
        roles=[Role.SYSADMIN],
        full_name="系统管理员",
    )
    usernames.append("demo-sysadmin")
    # Hash once: a hash per account would take minutes at the default work factor.
    get_user_model().objects.filter(username__in=usernames).update(password=make_password(password))
    return usernames


def _role_word(role: Role) -> str:
    from gongkai.orgs.roles import ROLE_LABELS

    return ROLE_LABELS[role]


# --- Items --------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    specs: dict[str, plan.OrgSpec]
    orgs: dict[str, Org]
    categories: dict[tuple[int, str], Category]
    topics: dict[str, Topic]
    rng: random.Random
    today: dt.date
    tz: ZoneInfo
    calendar: object | None
    buffer: list[CatalogueItem] = field(default_factory=list)
    pairs: list[tuple[CatalogueItem, CatalogueItem]] = field(default_factory=list)
    created: int = 0
    policies: list[CatalogueItem] = field(default_factory=list)


def _channel_orgs(ctx: _Ctx, channel: str) -> list[str]:
    return [code for code, s in ctx.specs.items() if s.kind == channel]


def _publish_date(ctx: _Ctx, formed: dt.date) -> tuple[dt.date, int | None]:
    rng = ctx.rng
    lag = rng.randint(21, 40) if rng.random() < 0.04 else rng.choice((0, 0, 1, 1, 2, 3, 5, 8, 12))
    cal = ctx.calendar
    if cal is not None:
        published = cal.add_workdays(formed, lag).date  # type: ignore[attr-defined]
    else:
        published = formed + dt.timedelta(days=lag * 7 // 5)
    if published > ctx.today:
        published = ctx.today
        lag = cal.workdays_between(formed, published).count if cal is not None else None  # type: ignore[attr-defined]
    return published, lag


def _random_date(ctx: _Ctx, year: int, *, first: dt.date | None = None) -> dt.date:
    start = first or dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), ctx.today - dt.timedelta(days=1))
    if end < start:
        return start
    return start + dt.timedelta(days=ctx.rng.randrange((end - start).days + 1))


def _make_item(
    ctx: _Ctx, *, org: Org, text: ItemText, category_slug: str, formed: dt.date, draft: bool = False
) -> CatalogueItem:
    rng = ctx.rng
    if draft:
        published, lag, at = None, None, None
    else:
        published, lag = _publish_date(ctx, formed)
        at = dt.datetime.combine(
            published, dt.time(rng.randint(8, 17), rng.randrange(60)), tzinfo=ctx.tz
        )
    validity, valid_from, valid_until = "", None, None
    if text.doc_type and published:
        validity, valid_from = CatalogueItem.Validity.IN_FORCE, published
        roll = rng.random()
        if roll < 0.15:
            end = published + dt.timedelta(days=rng.randint(200, 1500))
            if end < ctx.today:
                validity = (
                    CatalogueItem.Validity.REPEALED
                    if roll < 0.10
                    else CatalogueItem.Validity.EXPIRED
                )
                valid_until = end
    topic = ctx.topics.get(text.topic)
    return CatalogueItem(
        org=org,
        category=ctx.categories[(org.pk, category_slug)],
        topic=topic,
        title=text.title[:300],
        doc_number=text.doc_number,
        formed_on=formed,
        published_on=published,
        genre=text.genre,
        keywords=text.keywords[:200],
        summary=text.summary,
        body=text.body,
        doc_type=text.doc_type,
        validity=validity,
        valid_from=valid_from,
        valid_until=valid_until,
        live=not draft,
        has_unpublished_changes=draft,
        first_published_at=at,
        last_published_at=at,
        publish_delay_workdays=lag,
        view_count=0 if draft else rng.randint(0, 2500),
    )


def _org_year_items(ctx: _Ctx, code: str, year: int, counts: dict[str, int]) -> list[CatalogueItem]:
    """Every item one org publishes in a year, in date order, 文号 and interpretations included."""
    spec, org, rng = ctx.specs[code], ctx.orgs[code], ctx.rng
    slots = sorted((_random_date(ctx, year), cls) for cls, n in counts.items() for _ in range(n))
    items: list[CatalogueItem] = []
    doc_serial = 0
    waiting: tuple[ItemText, CatalogueItem] | None = None  # a policy awaiting its interpretation
    for formed, cls in slots:
        if cls == "policies" and waiting is not None:
            policy_text, policy = waiting
            text = interpretation_text(policy=policy_text, org=spec, rng=rng)
            item = _make_item(ctx, org=org, text=text, category_slug=cls, formed=formed)
            ctx.pairs.append((item, policy))
            waiting = None
            items.append(item)
            continue
        if cls == "policies":
            doc_serial += 1
        text = item_text(
            class_slug=cls,
            org=spec,
            year=year,
            on=formed,
            rng=rng,
            serial=doc_serial or rng.randint(1, 99),
        )
        item = _make_item(ctx, org=org, text=text, category_slug=cls, formed=formed)
        if text.doc_type and rng.random() < 0.6:
            waiting = (text, item)
        if cls == "policies" and item.live:
            ctx.policies.append(item)
        items.append(item)
    return items


def _flush(ctx: _Ctx, *, force: bool = False) -> None:
    if not ctx.buffer or (len(ctx.buffer) < BATCH and not force):
        return
    CatalogueItem.objects.bulk_create(ctx.buffer, batch_size=BATCH)
    ctx.created += len(ctx.buffer)
    through = CatalogueItem.interprets.through
    ready = [(a, b) for a, b in ctx.pairs if a.pk and b.pk]
    through.objects.bulk_create(
        [through(from_catalogueitem_id=a.pk, to_catalogueitem_id=b.pk) for a, b in ready]
    )
    ctx.pairs = [(a, b) for a, b in ctx.pairs if not (a.pk and b.pk)]
    ctx.buffer = []


def _build_year(ctx: _Ctx, year: int, total: int, bar: Progress) -> None:
    per_org: dict[str, dict[str, int]] = defaultdict(dict)
    for (cls, channel), n in sorted(plan.year_plan(year, total).items()):
        for code, k in plan.spread_over_orgs(n, _channel_orgs(ctx, channel), ctx.rng).items():
            if k:
                per_org[code][cls] = per_org[code].get(cls, 0) + k
    with transaction.atomic():
        for code in ctx.specs:
            items = _org_year_items(ctx, code, year, per_org.get(code, {}))
            if year != 2011:  # each org's report on the year before, published in January
                spec = ctx.specs[code]
                formed = dt.date(year, 1, ctx.rng.randint(10, 25))
                if formed < ctx.today:
                    text = item_text(
                        class_slug="annual-report",
                        org=spec,
                        year=year,
                        on=formed,
                        rng=ctx.rng,
                        serial=0,
                    )
                    items.append(
                        _make_item(
                            ctx,
                            org=ctx.orgs[code],
                            text=text,
                            category_slug="annual-report",
                            formed=formed,
                        )
                    )
            if year == ctx.today.year:  # one draft per org waiting in the review queue
                text = item_text(
                    class_slug="news",
                    org=ctx.specs[code],
                    year=year,
                    on=ctx.today,
                    rng=ctx.rng,
                    serial=0,
                )
                formed = max(dt.date(year, 1, 1), ctx.today - dt.timedelta(days=2))
                items.append(
                    _make_item(
                        ctx,
                        org=ctx.orgs[code],
                        text=text,
                        category_slug="news",
                        formed=formed,
                        draft=True,
                    )
                )
            index_numbers_assign(items)
            ctx.buffer.extend(items)
            bar.advance(len(items))
            _flush(ctx)
        _flush(ctx, force=True)


def _build_attachments(ctx: _Ctx, count: int) -> int:
    """A few real PDF/DOCX/XLSX files attached to recent policy documents."""
    recent = sorted(ctx.policies, key=lambda i: i.published_on or dt.date.min, reverse=True)
    made: list[Attachment] = []
    for n, item in enumerate(recent[:count]):
        kind = ("pdf", "docx", "xlsx")[n % 3]
        if kind == "pdf":
            data = tiny_pdf(item.title)
        elif kind == "docx":
            data = tiny_docx(item.title, [item.summary, "本文件由演示数据生成。"])
        else:
            data = tiny_xlsx(
                ["序号", "事项", "责任单位"],
                [[1, item.title, item.org.name], [2, "工作落实", item.org.name]],
            )
        filename = f"demo-{item.pk}.{kind}"
        facts = validate_attachment(_Named(data, filename))
        name = default_storage.save(f"attachments/demo/{filename}", ContentFile(data))
        made.append(
            Attachment(
                item=item,
                title=f"附件{n % 3 + 1}",
                file=name,
                kind=facts.kind,
                size=facts.size,
                sha256=facts.sha256,
            )
        )
    Attachment.objects.bulk_create(made)
    return len(made)


class _Named(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name


def _build_portal(orgs: dict[str, Org]) -> bool:
    """Org sites with guides and info pages, through the portal's own services (as for every
    org a real register brings)."""
    from gongkai.portal.services import org_publishing_ensure, portal_ensure_site

    portal_ensure_site(home_title=f"{plan.CITY}人民政府信息公开平台")
    for org in orgs.values():
        org_publishing_ensure(org=org)
    return True


def demo_build(
    *,
    scale: str = "city",
    seed: int = 2011,
    password: str,
    progress: TextIO | None = None,
    today: dt.date | None = None,
) -> DemoResult:
    """Fill an empty instance with 澜江市. Raises DemoRefused when any org exists."""
    if scale not in plan.SCALES:
        raise ValueError(f"unknown scale {scale!r}")
    if Org.objects.exists():
        raise DemoRefused(
            "数据库中已有单位，演示数据只能填充到空实例中。请使用新的数据目录"
            "（GONGKAI_DATA_DIR）或新的数据库后再运行 demo。"
        )
    rng = random.Random(seed)
    today = today or timezone.localdate()
    specs = plan.org_specs(scale)
    result = DemoResult()
    with transaction.atomic():
        orgs = _build_orgs(specs, rng)
        categories, topics = _build_taxonomy(orgs)
        result.usernames = _build_staff(orgs, password)
    result.orgs, result.users = len(orgs), len(result.usernames)
    ctx = _Ctx(
        specs={s.code: s for s in specs},
        orgs=orgs,
        categories=categories,
        topics=topics,
        rng=rng,
        today=today,
        tz=ZoneInfo(settings.TIME_ZONE),
        calendar=_workdays(),
    )
    totals = plan.year_totals(scale, today)
    if scale == "million":
        extra_years = list(range(2012, today.year - 2))
        remaining = MILLION - sum(totals.values())
        for y, n in plan.largest_remainder(dict.fromkeys(extra_years, 1.0), remaining).items():
            totals[y] = n
    # Besides the planned mix: one annual report per org and later year, one draft per org.
    expected = sum(totals.values()) + len(specs) * (len(totals) - (2011 in totals) + 1)
    with Progress(expected, label="生成目录条目", stream=progress) as bar:
        for year in sorted(totals):
            _build_year(ctx, year, totals[year], bar)
    result.items = ctx.created
    with transaction.atomic():
        result.attachments = _build_attachments(ctx, 3 if scale == "small" else 12)
    result.activity = activity_build(
        specs=ctx.specs,
        orgs=orgs,
        rng=rng,
        today=today,
        tz=ctx.tz,
        calendar=ctx.calendar or _workdays_required(),
        policies=ctx.policies,
        scale=scale,
    )
    result.portal = _build_portal(orgs)
    result.indexed = _build_search_index(progress)
    return result


def _build_search_index(progress: TextIO | None) -> int:
    """Index every public item, so the demo's search works without a task worker running.

    The items above are bulk-created (no per-item indexing tasks); a rebuild indexes them all
    in one pass, as ``manage.py rebuild_search_index`` does.
    """
    from gongkai.search.services import search_rebuild

    total = CatalogueItem.objects.public().count()
    with Progress(total, label="建立检索索引", stream=progress) as bar:
        return search_rebuild(progress=lambda done, _total: bar.advance(done - bar.done))
