"""``/sitemap.xml``: portal pages and every public catalogue item.

Items are listed from a lean ``values_list`` ordered by id, 50,000 per file (the protocol's
limit), so a million items cost twenty light queries, never a million model instances.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.urls import reverse
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
