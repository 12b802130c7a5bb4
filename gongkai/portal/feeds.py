"""RSS 2.0 and Atom feeds per column: the whole portal, an org, an org's class, a topic."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.catalogue.models import CatalogueItem, Topic
from gongkai.orgs.models import Org

from . import selectors

FEED_SIZE = 30


class _ItemFeed(Feed):
    """Shared item rendering; subclasses choose the object, title and items."""

    def _items(self, **filters) -> list[CatalogueItem]:
        return list(
            selectors.public_items()
            .filter(**filters)
            .select_related("org")
            .only("id", "title", "summary", "published_on", "index_number", "org__name")[:FEED_SIZE]
        )

    def item_title(self, item: CatalogueItem) -> str:
        return item.title

    def item_description(self, item: CatalogueItem) -> str:
        return item.summary

    def item_link(self, item: CatalogueItem) -> str:
        return item.get_absolute_url()

    # A guid must identify the item for every reader, so it is the item's absolute URL (which
    # never changes once published), not a path that only means something on this host.
    item_guid_is_permalink = True

    def get_feed(self, obj, request):
        self._request = request
        return super().get_feed(obj, request)

    def item_guid(self, item: CatalogueItem) -> str:
        return self._request.build_absolute_uri(item.get_absolute_url())

    def item_author_name(self, item: CatalogueItem) -> str:
        return item.org.name

    def item_pubdate(self, item: CatalogueItem) -> dt.datetime | None:
        if item.published_on is None:
            return None
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time()))

    def item_categories(self, item: CatalogueItem) -> list[str]:
        return [item.index_number]


class LatestFeed(_ItemFeed):
    def title(self) -> str:
        return _("政府信息公开 最新信息")

    def link(self) -> str:
        return "/"

    def description(self) -> str:
        return _("本平台最新发布的政府信息。")

    def items(self) -> list[CatalogueItem]:
        return self._items()


class OrgFeed(_ItemFeed):
    def get_object(self, request, code: str) -> Org:
        return get_object_or_404(Org, code=code, is_active=True)

    def title(self, obj: Org) -> str:
        return _("%(org)s 政府信息公开") % {"org": obj.name}

    def link(self, obj: Org) -> str:
        site = selectors.org_site_for(obj.pk)
        return site.url if site and site.url else "/"

    def description(self, obj: Org) -> str:
        return _("%(org)s 最新公开的政府信息。") % {"org": obj.name}

    def items(self, obj: Org) -> list[CatalogueItem]:
        return self._items(org=obj)


class OrgCategoryFeed(_ItemFeed):
    def get_object(self, request, code: str, category: str):
        org = get_object_or_404(Org, code=code, is_active=True)
        found = next((c for c in selectors.org_categories(org) if c.slug == category), None)
        if found is None:
            raise Http404
        return org, found

    def title(self, obj) -> str:
        org, category = obj
        return f"{org.name} {category.name}"

    def link(self, obj) -> str:
        org, category = obj
        site = selectors.org_site_for(org.pk)
        if not site or not site.url:
            return "/"
        return f"{site.url}catalogue/?category={category.slug}"

    def description(self, obj) -> str:
        org, category = obj
        return _("%(org)s %(category)s栏目的最新信息。") % {
            "org": org.name,
            "category": category.name,
        }

    def items(self, obj) -> list[CatalogueItem]:
        org, category = obj
        return self._items(org=org, category=category)


class TopicFeed(_ItemFeed):
    def get_object(self, request, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj: Topic) -> str:
        return _("%(topic)s 最新信息") % {"topic": obj.name}

    def link(self, obj: Topic) -> str:
        return reverse("portal:topic", args=[obj.slug])

    def description(self, obj: Topic) -> str:
        return _("主题分类“%(topic)s”的最新信息。") % {"topic": obj.name}

    def items(self, obj: Topic) -> list[CatalogueItem]:
        return self._items(topic=obj)


def atom(feed_class: type[Feed]) -> type[Feed]:
    """The Atom twin of an RSS feed class."""
    return type(
        f"{feed_class.__name__}Atom",
        (feed_class,),
        {"feed_type": Atom1Feed, "subtitle": feed_class.description},
    )


LatestAtomFeed = atom(LatestFeed)
OrgAtomFeed = atom(OrgFeed)
OrgCategoryAtomFeed = atom(OrgCategoryFeed)
TopicAtomFeed = atom(TopicFeed)
