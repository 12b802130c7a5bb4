"""Writes to the catalogue: classes per org, 索引号 blocks, attachments, and the item import.

The import is all-or-nothing: a first pass validates every row and reports every error; only a
file without errors is written, in one transaction, in batches. 索引号 serials are reserved as
one block per (prefix, period) under a row lock instead of one counter query per item.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.progress import Progress
from gongkai.core.tabular import Column, Row, RowError, RowErrors, Table
from gongkai.documents.files import FileFacts, validate_attachment
from gongkai.orgs.models import Org

from .index_numbers import format_index_number
from .models import Attachment, CatalogueItem, Category, Genre, IndexCounter, Topic
from .signals import items_imported

BATCH_SIZE = 1000

# --- Publishing hook ----------------------------------------------------------------------------


def published_by_import_allowed(*, org: Org, user: object | None = None) -> bool:
    """May an import put items straight onto the portal (skipping review and sign-off)?

    Today the command line is trusted: yes. The review workflow will restrict this (e.g. only
    for legacy data, or only for a system administrator) — change it here, in one place.
    """
    return True


# --- Classes --------------------------------------------------------------------------------------


def category_copy_default(*, org: Org, default: Category) -> Category:
    """Give ``org`` its own copy of a default class (org=None), or return the one it has."""
    category, _created = Category.objects.get_or_create(
        org=org,
        slug=default.slug,
        defaults={
            "name": default.name,
            "sort_order": default.sort_order,
            "freshness": default.freshness,
            "must_not_be_empty": default.must_not_be_empty,
        },
    )
    return category


def categories_ensure_for_org(*, org: Org) -> list[Category]:
    """Copy every default class the org lacks; returns the org's classes."""
    have = set(Category.objects.filter(org=org).values_list("slug", flat=True))
    Category.objects.bulk_create(
        [
            Category(
                org=org,
                name=d.name,
                slug=d.slug,
                sort_order=d.sort_order,
                freshness=d.freshness,
                must_not_be_empty=d.must_not_be_empty,
            )
            for d in Category.objects.filter(org__isnull=True)
            if d.slug not in have
        ]
    )
    return list(Category.objects.filter(org=org))


# --- 索引号 ---------------------------------------------------------------------------------------


def index_period(pattern: str, on: dt.date) -> str:
    """The counter period of date ``on``: ``YYYYMM`` when the pattern has a month, else ``YYYY``.

    Mirrors ``models.next_index_number`` so both paths share the same counters.
    """
    return f"{on.year}{on.month:02d}" if "{month" in pattern else str(on.year)


def index_number_regex(pattern: str, prefix: str) -> re.Pattern[str]:
    """A regex matching numbers the pattern makes for ``prefix``, capturing year/month/serial."""
    parts: list[str] = []
    for literal, name, _spec, _conv in string.Formatter().parse(pattern):
        parts.append(re.escape(literal))
        if name == "prefix":
            parts.append(re.escape(prefix))
        elif name == "year":
            parts.append(r"(?P<year>\d{4})")
        elif name == "month":
            parts.append(r"(?P<month>\d{2})")
        elif name == "serial":
            parts.append(r"(?P<serial>\d+)")
    return re.compile("^" + "".join(parts) + "$")


def index_serials_reserve(*, prefix: str, period: str, count: int, at_least: int = 0) -> int:
    """Reserve ``count`` consecutive serials; return the first. Call inside a transaction.

    ``at_least`` raises the counter first (legacy numbers kept by an import must never be
    issued again).
    """
    counter, _created = IndexCounter.objects.select_for_update().get_or_create(
        prefix=prefix, period=period
    )
    counter.last_serial = max(counter.last_serial, at_least)
    first = counter.last_serial + 1
    counter.last_serial += count
    counter.save(update_fields=["last_serial"])
    return first


class IndexNumberBlocks:
    """Hands out 索引号 from blocks reserved in advance, one block per (prefix, period)."""

    def __init__(self, pattern: str | None = None):
        self.pattern = pattern or settings.GONGKAI_INDEX_NUMBER_PATTERN
        self._next: dict[tuple[str, str], int] = {}
        self._end: dict[tuple[str, str], int] = {}

    def reserve(self, *, prefix: str, period: str, count: int, at_least: int = 0) -> None:
        if count <= 0:
            if at_least:
                index_serials_reserve(prefix=prefix, period=period, count=0, at_least=at_least)
            return
        first = index_serials_reserve(prefix=prefix, period=period, count=count, at_least=at_least)
        self._next[(prefix, period)] = first
        self._end[(prefix, period)] = first + count

    def take(self, *, prefix: str, on: dt.date) -> str:
        key = (prefix, index_period(self.pattern, on))
        serial = self._next[key]
        if serial >= self._end[key]:
            raise RuntimeError(f"索引号预留不足：{key}")
        self._next[key] = serial + 1
        return format_index_number(
            self.pattern, prefix=prefix, year=on.year, month=on.month, serial=serial
        )


# --- Attachments ----------------------------------------------------------------------------------


def attachment_store(
    *, item: CatalogueItem, path: Path, facts: FileFacts, title: str = "", sort_order: int = 0
) -> Attachment:
    """An unsaved Attachment whose file is copied into storage (bulk-create the result)."""
    today = timezone.localdate()
    with path.open("rb") as fh:
        name = default_storage.save(f"attachments/{today:%Y/%m}/{path.name}", File(fh))
    return Attachment(
        item=item,
        title=title or path.stem,
        file=name,
        kind=facts.kind,
        size=facts.size,
        sha256=facts.sha256,
        sort_order=sort_order,
    )


# --- Import (manage.py import_items) --------------------------------------------------------

ITEM_IMPORT_COLUMNS = [
    Column("title", "标题", required=True),
    Column("category", "组配分类", required=True),
    Column("topic", "主题分类"),
    Column("genre", "体裁分类"),
    Column("doc_number", "文号"),
    Column("formed_on", "成文日期", required=True),
    Column("published_on", "发布日期"),
    Column("summary", "内容概述"),
    Column("body", "正文"),
    Column("keywords", "关键词"),
    Column("index_number", "索引号"),
    Column("doc_type", "文件类型"),
    Column("valid_until", "废止日期"),
    Column("attachments", "附件"),
]

_DOC_TYPES = {
    "": "",
    "regulation": CatalogueItem.DocType.REGULATION.value,
    "规章": CatalogueItem.DocType.REGULATION.value,
    "normative": CatalogueItem.DocType.NORMATIVE.value,
    "行政规范性文件": CatalogueItem.DocType.NORMATIVE.value,
    "规范性文件": CatalogueItem.DocType.NORMATIVE.value,
    "其他": "",
}
_LIMITS = {"title": 300, "doc_number": 100, "keywords": 200, "index_number": 64}


def parse_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` (also ``YYYY/MM/DD``, and a spreadsheet's ``YYYY-MM-DD 00:00:00``)."""
    text = text.strip().split(" ")[0].replace("/", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def body_html(text: str) -> str:
    """Plain text becomes escaped paragraphs; text that already has tags is kept as it is."""
    if not text or re.search(r"<[a-zA-Z][^>]*>", text):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


@dataclass
class ItemLookups:
    """What cleaning a row needs from the database, loaded once per import."""

    org: Org
    base_dir: Path
    categories: dict[str, Category]  # org's own classes by name and slug
    defaults: dict[str, Category]  # default (org=None) classes by name and slug
    topics: dict[str, int]  # by name and slug
    genres: dict[str, str]
    allow_published: bool
    index_regex: re.Pattern[str]
    pattern: str

    @classmethod
    def load(cls, *, org: Org, base_dir: Path) -> ItemLookups:
        def by_name_and_slug(cats: Iterable[Category]) -> dict[str, Category]:
            found: dict[str, Category] = {}
            for c in cats:
                found.setdefault(c.slug.lower(), c)
                found.setdefault(c.name, c)
            return found

        topics: dict[str, int] = {}
        for pk, name, slug in Topic.objects.values_list("pk", "name", "slug"):
            topics[name] = pk
            topics[slug.lower()] = pk
        genres = {g.value: g.value for g in Genre} | {str(g.label): g.value for g in Genre}
        pattern = settings.GONGKAI_INDEX_NUMBER_PATTERN
        return cls(
            org=org,
            base_dir=base_dir,
            categories=by_name_and_slug(Category.objects.filter(org=org)),
            defaults=by_name_and_slug(Category.objects.filter(org__isnull=True)),
            topics=topics,
            genres=genres,
            allow_published=published_by_import_allowed(org=org),
            index_regex=index_number_regex(pattern, org.index_prefix),
            pattern=pattern,
        )


@dataclass
class CleanItem:
    line: int
    fields: dict[str, object]
    category: Category  # may be a default class to copy for the org
    attachments: list[tuple[Path, FileFacts]] = field(default_factory=list)


def item_row_clean(row: Row, lookups: ItemLookups) -> tuple[CleanItem | None, list[RowError]]:
    """Check one catalogue row; no database access (reads attachment files)."""
    line = row.line
    errors: list[str] = []
    v = row.values
    for key, limit in _LIMITS.items():
        if len(v.get(key, "")) > limit:
            errors.append(f"“{key}”超过{limit}个字符。")
    if not v["title"]:
        errors.append("缺少标题（title）。")
    category = None
    if not v["category"]:
        errors.append("缺少组配分类（category）。")
    else:
        name = v["category"]
        category = (
            lookups.categories.get(name)
            or lookups.categories.get(name.lower())
            or lookups.defaults.get(name)
            or lookups.defaults.get(name.lower())
        )
        if category is None:
            known = "、".join(sorted({c.name for c in lookups.categories.values()})) or "（无）"
            errors.append(f"组配分类“{name}”不存在。本单位的组配分类：{known}")
    topic_id = None
    if v["topic"]:
        topic_id = lookups.topics.get(v["topic"]) or lookups.topics.get(v["topic"].lower())
        if topic_id is None:
            errors.append(f"主题分类“{v['topic']}”不存在。")
    genre = ""
    if v["genre"]:
        genre = lookups.genres.get(v["genre"], "")
        if not genre:
            errors.append(
                f"体裁分类“{v['genre']}”无效，可用：{'、'.join(g.value for g in Genre)}。"
            )
    formed_on = published_on = valid_until = None
    if not v["formed_on"]:
        errors.append("缺少成文日期（formed_on）。")
    elif (formed_on := parse_date(v["formed_on"])) is None:
        errors.append(f"成文日期“{v['formed_on']}”不是YYYY-MM-DD格式的日期。")
    if v["published_on"]:
        published_on = parse_date(v["published_on"])
        if published_on is None:
            errors.append(f"发布日期“{v['published_on']}”不是YYYY-MM-DD格式的日期。")
        elif formed_on and published_on < formed_on:
            errors.append("发布日期早于成文日期。")
        elif not lookups.allow_published:
            errors.append("不允许通过导入直接发布条目：请清空发布日期，作为草稿导入后走审核流程。")
    if v["valid_until"]:
        valid_until = parse_date(v["valid_until"])
        if valid_until is None:
            errors.append(f"废止日期“{v['valid_until']}”不是YYYY-MM-DD格式的日期。")
        elif formed_on and valid_until < formed_on:
            errors.append("废止日期早于成文日期。")
    doc_type = _DOC_TYPES.get(v["doc_type"].strip().lower())
    if doc_type is None:
        errors.append(
            f"文件类型“{v['doc_type']}”无效，应为 regulation（规章）、normative（行政规范性文件）或留空。"
        )
        doc_type = ""
    index_number = v["index_number"].strip()
    # Legacy numbers come in many shapes: only their uniqueness is enforced (in the pass).
    attachments: list[tuple[Path, FileFacts]] = []
    for part in re.split(r"[;；]", v["attachments"]):
        part = part.strip()
        if not part:
            continue
        path = Path(part)
        if not path.is_absolute():
            path = lookups.base_dir / path
        if not path.is_file():
            errors.append(f"附件“{part}”不存在（路径相对于导入文件所在目录）。")
            continue
        try:
            with path.open("rb") as fh:
                attachments.append((path, validate_attachment(fh)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors or category is None or formed_on is None:
        return None, [RowError(line, m) for m in errors]

    if valid_until:
        validity = CatalogueItem.Validity.REPEALED.value
    elif doc_type:
        validity = CatalogueItem.Validity.IN_FORCE.value
    else:
        validity = ""
    published_at = (
        timezone.make_aware(dt.datetime.combine(published_on, dt.time(9))) if published_on else None
    )
    fields: dict[str, object] = {
        "title": v["title"],
        "doc_number": v["doc_number"],
        "formed_on": formed_on,
        "published_on": published_on,
        "topic_id": topic_id,
        "genre": genre,
        "keywords": v["keywords"],
        "summary": v["summary"],
        "body": body_html(v["body"]),
        "index_number": index_number,
        "doc_type": doc_type,
        "validity": validity,
        "valid_until": valid_until,
        "live": published_on is not None,
        "has_unpublished_changes": published_on is None,
        "first_published_at": published_at,
        "last_published_at": published_at,
    }
    return CleanItem(line, fields, category, attachments), []


@dataclass
class ImportPlan:
    """What the validation pass learned: row count, serials to reserve, defaults to copy."""

    rows: int = 0
    to_assign: Counter[str] = field(default_factory=Counter)  # period -> count
    legacy_max: dict[str, int] = field(default_factory=dict)  # period -> highest legacy serial


@dataclass
class ImportResult:
    created: int
    drafts: int
    attachments: int
    # What publication did with the rows imported as published (see items_imported).
    indexed: int = 0
    attachments_cleaned: int = 0
    findings: int = 0


def items_import_validate(
    *, table: Table, lookups: ItemLookups, progress: TextIO | None = None
) -> tuple[ImportPlan, RowErrors]:
    """First pass: check every row, 索引号 uniqueness (file and database), and plan serials."""
    errors = RowErrors()
    plan = ImportPlan()
    legacy_lines: dict[str, int] = {}
    with Progress(table.estimated_rows, label="校验", stream=progress) as bar:
        for row in table.rows():
            plan.rows += 1
            bar.advance()
            item, row_errors = item_row_clean(row, lookups)
            errors.extend(row_errors)
            if item is None:
                continue
            number = str(item.fields["index_number"])
            formed_on = item.fields["formed_on"]
            assert isinstance(formed_on, dt.date)
            if not number:
                plan.to_assign[index_period(lookups.pattern, formed_on)] += 1
                continue
            if number in legacy_lines:
                errors.add(row.line, f"索引号“{number}”与第{legacy_lines[number]}行重复。")
                continue
            legacy_lines[number] = row.line
            match = lookups.index_regex.match(number)
            if match:
                year = int(match["year"]) if "year" in match.groupdict() else formed_on.year
                month = int(match["month"]) if match.groupdict().get("month") else 1
                period = index_period(lookups.pattern, dt.date(year, month, 1))
                plan.legacy_max[period] = max(plan.legacy_max.get(period, 0), int(match["serial"]))
    numbers = list(legacy_lines)
    for start in range(0, len(numbers), 500):
        chunk = numbers[start : start + 500]
        for taken in CatalogueItem.objects.filter(index_number__in=chunk).values_list(
            "index_number", flat=True
        ):
            errors.add(legacy_lines[taken], f"索引号“{taken}”已被其他条目使用，索引号不得重复。")
    return plan, errors


def _rows_clean(table: Table, lookups: ItemLookups) -> Iterator[CleanItem]:
    for row in table.rows():
        item, row_errors = item_row_clean(row, lookups)
        if item is None:  # the file changed between the passes
            raise ValidationError(f"第{row.line}行：{row_errors[0].message if row_errors else ''}")
        yield item


def items_import(
    *, table: Table, org: Org, progress: TextIO | None = None
) -> tuple[ImportResult | None, RowErrors]:
    """Validate the whole file; if it is clean, write every row in one transaction.

    Returns (result, errors): result is None when there were errors (nothing was written).
    """
    lookups = ItemLookups.load(org=org, base_dir=table.path.parent)
    plan, errors = items_import_validate(table=table, lookups=lookups, progress=progress)
    if errors:
        return None, errors
    stored: list[str] = []
    try:
        with transaction.atomic():
            result = _items_write(
                table=table, lookups=lookups, plan=plan, stored=stored, progress=progress
            )
            _import_audit(table=table, org=org, result=result)
    except BaseException:
        for name in stored:  # files are not transactional: remove the copies we made
            default_storage.delete(name)
        raise
    return result, errors


def _import_audit(*, table: Table, org: Org, result: ImportResult) -> None:
    """One summary audit record per import: bulk-created items bypass Wagtail's own log, and
    items with a 发布日期 go live without the review workflow, so the import itself is recorded
    (publication writes its own ``catalogue.published`` records too)."""
    audit_record(
        action="catalogue.import",
        org_id=org.pk,
        object_type="catalogue.catalogueitem",
        object_repr=table.path.name,
        detail={
            "file": str(table.path),
            "count": result.created,
            "published": result.created - result.drafts,
            "drafts": result.drafts,
            "attachments": result.attachments,
            "indexed": result.indexed,
            "attachments_cleaned": result.attachments_cleaned,
            "findings": result.findings,
        },
    )


def _items_write(
    *,
    table: Table,
    lookups: ItemLookups,
    plan: ImportPlan,
    stored: list[str],
    progress: TextIO | None,
) -> ImportResult:
    org = lookups.org
    blocks = IndexNumberBlocks(lookups.pattern)
    for period in sorted(set(plan.to_assign) | set(plan.legacy_max)):
        blocks.reserve(
            prefix=org.index_prefix,
            period=period,
            count=plan.to_assign.get(period, 0),
            at_least=plan.legacy_max.get(period, 0),
        )
    if not items_imported.has_listeners(CatalogueItem):  # never public without publication
        raise RuntimeError("items_imported has no receiver: gongkai.review is not installed")
    own: dict[str, Category] = {}
    created = drafts = n_attachments = 0
    batch: list[tuple[CatalogueItem, CleanItem]] = []
    published: Counter[str] = Counter()  # what publication reported

    def flush() -> None:
        nonlocal n_attachments
        CatalogueItem.objects.bulk_create([obj for obj, _c in batch], batch_size=BATCH_SIZE)
        files: list[Attachment] = []
        for obj, clean in batch:
            for order, (path, facts) in enumerate(clean.attachments):
                attachment = attachment_store(item=obj, path=path, facts=facts, sort_order=order)
                stored.append(attachment.file.name)
                files.append(attachment)
        Attachment.objects.bulk_create(files, batch_size=BATCH_SIZE)
        n_attachments += len(files)
        live = [obj for obj, _c in batch if obj.live]
        for _receiver, response in items_imported.send(sender=CatalogueItem, items=live):
            for name in ("indexed", "attachments_cleaned", "findings"):
                published[name] += getattr(response, name, 0)
        batch.clear()

    with Progress(plan.rows, label="导入", stream=progress) as bar:
        for clean in _rows_clean(table, lookups):
            category = clean.category
            if category.org_id is None:
                if category.slug not in own:
                    own[category.slug] = category_copy_default(org=org, default=category)
                category = own[category.slug]
            fields = dict(clean.fields)
            if not fields["index_number"]:
                formed_on = fields["formed_on"]
                assert isinstance(formed_on, dt.date)
                fields["index_number"] = blocks.take(prefix=org.index_prefix, on=formed_on)
            obj = CatalogueItem(org=org, category=category, **fields)
            batch.append((obj, clean))
            created += 1
            drafts += 0 if fields["live"] else 1
            bar.advance()
            if len(batch) >= BATCH_SIZE:
                flush()
        if batch:
            flush()
    return ImportResult(
        created=created,
        drafts=drafts,
        attachments=n_attachments,
        indexed=published["indexed"],
        attachments_cleaned=published["attachments_cleaned"],
        findings=published["findings"],
    )


def index_numbers_assign(items: list[CatalogueItem], *, pattern: str | None = None) -> None:
    """Give unsaved items without a 索引号 one, reserving one block per (prefix, period).

    Items are numbered in order of their 成文日期 within each block. Call inside a transaction.
    """
    blocks = IndexNumberBlocks(pattern)
    need: dict[tuple[str, str], int] = defaultdict(int)
    todo = [i for i in items if not i.index_number]
    for item in todo:
        need[(item.org.index_prefix, index_period(blocks.pattern, item.formed_on))] += 1
    for (prefix, period), count in sorted(need.items()):
        blocks.reserve(prefix=prefix, period=period, count=count)
    for item in sorted(todo, key=lambda i: (i.formed_on, i.title)):
        item.index_number = blocks.take(prefix=item.org.index_prefix, on=item.formed_on)
