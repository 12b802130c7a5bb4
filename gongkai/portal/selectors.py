"""Read-only queries behind the portal's pages, feeds and API. Only ``.public()`` items leave here."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.catalogue.models import CatalogueItem, Category, Topic
from gongkai.catalogue.selectors import categories_for_orgs
from gongkai.orgs.models import Org

from .filters import CatalogueFilter

ANNUAL_REPORT_SLUG = "annual-report"
HOME_LATEST = 10
HOME_PER_TOPIC = 6
ORG_PER_CATEGORY = 6
HOME_CACHE_SECONDS = 60
FACET_CACHE_SECONDS = 60
ORG_SITE_URL_CACHE_SECONDS = 300
LISTING_FIELDS = ("id", "title", "published_on", "doc_number", "index_number", "category_id")


def public_items() -> QuerySet[CatalogueItem]:
    return CatalogueItem.objects.public()


def year_range(year: int) -> tuple[dt.date, dt.date]:
    """A year as a date range, so the filter can use the (…, published_on) indexes."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- Orgs ---------------------------------------------------------------------------------


def org_sites_by_kind() -> list[tuple[str, list]]:
    """Live org sites grouped 政府 / 部门 / 乡镇街道, in the register's order."""
    from .models import OrgSitePage

    sites = (
        OrgSitePage.objects.live()
        .select_related("org")
        .filter(org__is_active=True)
        .order_by("org__sort_order", "org__code")
    )
    groups: dict[str, list] = {kind: [] for kind in Org.Kind.values}
    for site in sites:
        groups[site.org.kind].append(site)
    return [(Org.Kind(kind).label, pages) for kind, pages in groups.items() if pages]


def org_site_for(org_id: int):
    from .models import OrgSitePage

    return OrgSitePage.objects.live().filter(org_id=org_id).first()


def org_site_url(org_id: int) -> str:
    """The org's platform URL ("" if none); cached, as every uncached item page needs it."""
    key = f"portal:org-site-url:v1:{org_id}"
    url = cache.get(key)
    if url is None:
        site = org_site_for(org_id)
        url = (site.url or "") if site is not None else ""
        cache.set(key, url, ORG_SITE_URL_CACHE_SECONDS)
    return url


def org_feed_links(org: Org) -> list[dict[str, str]]:
    name = org.display_name
    return [
        {
            "type": "application/rss+xml",
            "title": _("%(org)s 最新信息（RSS）") % {"org": name},
            "href": reverse("portal:feed_org_rss", args=[org.code]),
        },
        {
            "type": "application/atom+xml",
            "title": _("%(org)s 最新信息（Atom）") % {"org": name},
            "href": reverse("portal:feed_org_atom", args=[org.code]),
        },
    ]


def category_feed_links(org: Org, category: Category) -> list[dict[str, str]]:
    label = f"{org.display_name} {category.name}"
    return [
        {
            "type": "application/rss+xml",
            "title": _("%(column)s（RSS）") % {"column": label},
            "href": reverse("portal:feed_category_rss", args=[org.code, category.slug]),
        },
        {
            "type": "application/atom+xml",
            "title": _("%(column)s（Atom）") % {"column": label},
            "href": reverse("portal:feed_category_atom", args=[org.code, category.slug]),
        },
    ]


def org_categories(org: Org) -> list[Category]:
    """The org's columns: its own classes if it configured any, else the defaults (org = NULL)
    — the classes its items may be filed under (``catalogue.selectors.categories_for_orgs``)."""
    return list(categories_for_orgs([org.pk]))


# --- Home ---------------------------------------------------------------------------------


def home_context() -> dict:
    """Latest items, featured topic columns and org links; cached briefly (the home is hot)."""
    key = "portal:home:v1"
    context = cache.get(key)
    if context is None:
        latest = list(
            public_items()
            .select_related("org")
            .only(*LISTING_FIELDS, "org__short_name", "org__name")[:HOME_LATEST]
        )
        topics = list(Topic.objects.filter(featured=True))
        columns = []
        for topic in topics:
            items = list(public_items().filter(topic=topic).only(*LISTING_FIELDS)[:HOME_PER_TOPIC])
            columns.append((topic, items))
        context = {
            "latest_items": latest,
            "featured_columns": columns,
            "org_groups": org_sites_by_kind(),
        }
        cache.set(key, context, HOME_CACHE_SECONDS)
    return context


# --- One org's platform -------------------------------------------------------------------


def org_latest_by_category(org: Org, per: int = ORG_PER_CATEGORY) -> list[tuple[Category, list]]:
    """The org home: each class with its latest items, in one windowed query."""
    categories = org_categories(org)
    ranked = (
        public_items()
        .filter(org=org, category__in=categories)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("category_id")],
                order_by=[F("published_on").desc(), F("id").desc()],
            )
        )
        .filter(rank__lte=per)
        .only(*LISTING_FIELDS)
    )
    by_category: dict[int, list] = {c.pk: [] for c in categories}
    for item in ranked:
        by_category[item.category_id].append(item)
    for items in by_category.values():
        items.sort(key=lambda i: (i.published_on or dt.date.min, i.id), reverse=True)
    return [(c, by_category[c.pk]) for c in categories]


@dataclass
class Facets:
    categories: list[tuple[Category, int]] = field(default_factory=list)
    topics: list[tuple[Topic, int]] = field(default_factory=list)
    years: list[tuple[int, int]] = field(default_factory=list)
    selected_category: Category | None = None
    selected_topic: Topic | None = None
    total: int = 0


def _apply(
    qs: QuerySet, *, category: Category | None, topic: Topic | None, year: int | None
) -> QuerySet:
    if category is not None:
        qs = qs.filter(category=category)
    if topic is not None:
        qs = qs.filter(topic=topic)
    if year is not None:
        qs = qs.filter(published_on__range=year_range(year))
    return qs


def _resolve(
    org: Org, flt: CatalogueFilter
) -> tuple[list[Category], Category | None, Topic | None]:
    categories = org_categories(org)
    category = next((c for c in categories if c.slug == flt.category), None)
    topic = Topic.objects.filter(slug=flt.topic).first() if flt.topic else None
    return categories, category, topic


def catalogue_items(*, org: Org, flt: CatalogueFilter) -> QuerySet[CatalogueItem]:
    _categories, category, topic = _resolve(org, flt)
    qs = public_items().filter(org=org)
    return _apply(qs, category=category, topic=topic, year=flt.year).only(*LISTING_FIELDS)


def catalogue_facets(*, org: Org, flt: CatalogueFilter) -> Facets:
    """Counts per class, topic and year; each dimension counted under the other two filters.

    Cached for a minute per org and filter: three aggregates over an org's items are the
    costly part of a catalogue page, and counts a minute old mislead nobody.
    """
    key = f"portal:facets:v1:{org.pk}:{flt.querystring()}"
    facets = cache.get(key)
    if facets is None:
        facets = _catalogue_facets(org=org, flt=flt)
        cache.set(key, facets, FACET_CACHE_SECONDS)
    return facets


def _catalogue_facets(*, org: Org, flt: CatalogueFilter) -> Facets:
    categories, category, topic = _resolve(org, flt)
    base = public_items().filter(org=org)

    by_cat = dict(
        _apply(base, category=None, topic=topic, year=flt.year)
        .order_by()
        .values_list("category_id")
        .annotate(n=Count("id"))
    )
    by_topic = dict(
        _apply(base, category=category, topic=None, year=flt.year)
        .exclude(topic__isnull=True)
        .order_by()
        .values_list("topic_id")
        .annotate(n=Count("id"))
    )
    by_year = dict(
        _apply(base, category=category, topic=topic, year=None)
        .exclude(published_on__isnull=True)
        .annotate(y=ExtractYear("published_on"))
        .order_by()
        .values_list("y")
        .annotate(n=Count("id"))
    )
    topics = Topic.objects.filter(pk__in=by_topic.keys()) if by_topic else []
    facets = Facets(
        categories=[(c, by_cat.get(c.pk, 0)) for c in categories],
        topics=[(t, by_topic[t.pk]) for t in topics],
        years=sorted(by_year.items(), reverse=True),
        selected_category=category,
        selected_topic=topic,
    )
    if category is not None:
        facets.total = by_cat.get(category.pk, 0)
    else:
        facets.total = sum(by_cat.values())
    return facets


def org_annual_reports(org: Org) -> QuerySet[CatalogueItem]:
    """The org's annual reports: for now, its items in the class with slug ``annual-report``."""
    return public_items().filter(org=org, category__slug=ANNUAL_REPORT_SLUG).only(*LISTING_FIELDS)


def topic_items(topic: Topic) -> QuerySet[CatalogueItem]:
    return (
        public_items()
        .filter(topic=topic)
        .select_related("org")
        .only(*LISTING_FIELDS, "org__name", "org__short_name")
    )


# --- One item -----------------------------------------------------------------------------


def _linked_items(pk: int) -> tuple[list, list, list]:
    """Public related items, the policies this item interprets, and its interpretations.

    Read through the link tables by key first: a join ordered by date lets the planner walk
    the whole item index on large catalogues (hundreds of ms at 10^5 items on SQLite).
    """
    related = CatalogueItem.related.through.objects.filter(from_catalogueitem_id=pk)
    interprets = CatalogueItem.interprets.through.objects.filter(from_catalogueitem_id=pk)
    ids = {
        "related": set(related.values_list("to_catalogueitem_id", flat=True)),
        "interprets": set(interprets.values_list("to_catalogueitem_id", flat=True)),
        "interpretations": set(
            CatalogueItem.interprets.through.objects.filter(to_catalogueitem_id=pk).values_list(
                "from_catalogueitem_id", flat=True
            )
        ),
    }
    wanted = set().union(*ids.values())
    found = (
        {
            i.pk: i
            for i in public_items()
            .filter(pk__in=wanted)
            .only("id", "title", "published_on")
            .order_by()
        }
        if wanted
        else {}
    )

    def pick(key: str) -> list:
        items = [found[i] for i in ids[key] if i in found]
        items.sort(key=lambda i: (i.published_on or dt.date.min, i.pk), reverse=True)
        return items

    return pick("related"), pick("interprets"), pick("interpretations")


_ITEM_ROW_FIELDS = (
    "live",
    "first_published_at",
    "withdrawn_at",
    "disclosure_method",
    "updated_at",
    "view_count",
)


@functools.cache
def _item_row_sql() -> str:
    meta = CatalogueItem._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in _ITEM_ROW_FIELDS)
    # Identifiers from the model, quoted; the only value is a parameter.
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608


def item_page_row(pk: int) -> tuple | None:
    """(live, first_published_at, withdrawn_at, disclosure_method, updated_at, view_count).

    The one query of a warm item page, as fixed SQL: building the same one-row ORM query
    took about as long as Django's whole request cycle around it (bench/portal). Dates come
    back as the driver gives them (text on SQLite): callers only test them for None or use
    them as part of a cache key.
    """
    with connection.cursor() as cursor:
        cursor.execute(_item_row_sql(), [pk])
        return cursor.fetchone()


def item_for_page(pk: int) -> CatalogueItem | None:
    """Everything the item page shows: the item with org/class/topic, attachments, links."""
    item = (
        public_items()
        .select_related("org", "category", "topic")
        .prefetch_related("attachments")
        .filter(pk=pk)
        .order_by()
        .first()
    )
    if item is not None:
        item.public_related, item.public_interprets, item.public_interpretations = _linked_items(pk)
    return item


def items_filtered(
    *,
    org: Org | None = None,
    category_slug: str = "",
    topic_slug: str = "",
    year: int | None = None,
) -> QuerySet[CatalogueItem]:
    """The API's listing: public items narrowed by org, class slug, topic slug and year."""
    qs = public_items()
    if org is not None:
        qs = qs.filter(org=org)
    if category_slug:
        qs = qs.filter(category__slug=category_slug)
    if topic_slug:
        qs = qs.filter(topic__slug=topic_slug)
    if year is not None:
        qs = qs.filter(published_on__range=year_range(year))
    return qs


def footer_org() -> Org | None:
    """The org whose contacts the site footer shows: the top government (cached)."""
    key = "portal:footer-org:v1"
    org = cache.get(key)
    if org is None:
        org = (
            Org.objects.active()
            .filter(Q(kind=Org.Kind.GOVERNMENT), parent__isnull=True)
            .order_by("sort_order", "code")
            .first()
        ) or False
        cache.set(key, org, 300)
    return org or None
