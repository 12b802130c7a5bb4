"""``/sitemap.xml``: portal pages and every public catalogue item.

Items are listed from a lean ``values_list`` ordered by id, 50,000 per file (the protocol's
limit), so a million items cost twenty light queries, never a million model instances. The
sections are written as text by ``urlset_xml`` rather than through Django's sitemap template:
the template spent ~2 s (and a ``reverse()`` per URL) on a city's 40,000 items, for every
anonymous request; the views also keep the result in the cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from xml.sax.saxutils import escape

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from gongkai.catalogue.models import CatalogueItem

SITEMAP_LIMIT = 50_000


class PortalPageSitemap(Sitemap):
    """Every live, public Wagtail page, plus each org site's routed columns."""

    limit = SITEMAP_LIMIT

    def items(self) -> list[tuple[str, object]]:
        from .models import OrgSitePage

        urls: list[tuple[str, object]] = []
        pages = Page.objects.live().public().filter(depth__gt=1).order_by("path")
        for page in pages:
            url = page.get_url()
            if url:
                urls.append((url, page.last_published_at))
        for site in OrgSitePage.objects.live().public().order_by("path"):
            base = site.get_url()
            if base:
                for route in ("catalogue/", "reports/", "apply/"):
                    urls.append((base + route, site.last_published_at))
        return urls

    def location(self, item: tuple[str, object]) -> str:
        return item[0]

    def lastmod(self, item: tuple[str, object]):
        return item[1]


class ItemSitemap(Sitemap):
    limit = SITEMAP_LIMIT

    def items(self):
        return CatalogueItem.objects.public().order_by("id").values_list("id", "updated_at")

    def location(self, item: tuple[int, object]) -> str:
        return reverse("portal:item", args=[item[0]])

    def lastmod(self, item: tuple[int, object]):
        return item[1]


SITEMAPS = {"pages": PortalPageSitemap, "items": ItemSitemap}


def sitemap_is_small() -> bool:
    """Whether all URLs fit one file; cached, since counting a million rows is not free."""
    key = "portal:sitemap-small:v1"
    small = cache.get(key)
    if small is None:
        small = CatalogueItem.objects.public().count() + Page.objects.live().count() <= (
            SITEMAP_LIMIT // 2
        )
        cache.set(key, small, 600)
    return small


URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)


def _day(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.isoformat()


def urlset_xml(urls: Iterable[tuple[str, dt.datetime | dt.date | None]]) -> str:
    """A sitemap ``<urlset>`` of absolute locations with their last-modified day."""
    parts = [URLSET_OPEN]
    for location, lastmod in urls:
        day = _day(lastmod)
        parts.append(
            f"<url><loc>{escape(location)}</loc>"
            + (f"<lastmod>{day}</lastmod>" if day else "")
            + "</url>\n"
        )
    parts.append("</urlset>\n")
    return "".join(parts)


def section_urls(section: str, *, base: str, page: int = 1):
    """The (absolute location, lastmod) pairs of one section's page, or None if out of range."""
    sitemap = SITEMAPS[section]()
    if section == "items":
        # One reverse() for the pattern, not one per item.
        pattern = reverse("portal:item", args=[987654321]).replace("987654321", "{}")
        rows = Paginator(sitemap.items(), SITEMAP_LIMIT)
        if page < 1 or page > rows.num_pages:
            return None
        return [(base + pattern.format(pk), updated) for pk, updated in rows.page(page)]
    if page != 1:
        return None
    return [
        (location if location.startswith(("http://", "https://")) else base + location, lastmod)
        for location, lastmod in sitemap.items()
    ]
