"""The portal's page tree: structure only; catalogue items stay plain models (see catalogue).

Tree (flat by design, see services.org_site_ensure)::

    PortalHomePage            /                     the site root
      OrgIndexPage            /xxgk/                政府信息公开: every org, grouped by kind
        OrgSitePage           /xxgk/<org code>/     one org's platform (routable)
          GuidePage           /xxgk/<code>/guide/   指南
          OrgInfoPage         /xxgk/<code>/info/    机构信息
          ContentPage         (optional columns)
      ContentPage             (other portal columns)
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from gongkai.core.richtext import CleanRichTextField
from gongkai.orgs.models import Org

from . import selectors
from .filters import parse_catalogue_filter
from .page_cache import cached_response

CATALOGUE_PAGE_SIZE = 20


class PortalHomePage(Page):
    """The site root: latest items, the key topical columns and links to every org."""

    intro = CleanRichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.OrgIndexPage", "portal.ContentPage"]
    max_count = 1
    template = "portal/home_page.html"

    class Meta:
        verbose_name = _("门户首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_context())
        return context

    def serve(self, request, *args, **kwargs):
        # The whole page for a minute: the home is the hottest and heaviest listing.
        if request.GET:
            return super().serve(request, *args, **kwargs)
        return cached_response(
            request,
            parts=("home", self.pk, self.last_published_at),
            render=lambda: super(PortalHomePage, self).serve(request, *args, **kwargs),
        )


class OrgIndexPage(Page):
    """政府信息公开: the door to every org's platform, grouped 政府 / 部门 / 乡镇街道."""

    intro = CleanRichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.PortalHomePage"]
    subpage_types = ["portal.OrgSitePage", "portal.ContentPage"]
    max_count = 1
    template = "portal/org_index_page.html"

    class Meta:
        verbose_name = _("政府信息公开首页")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["org_groups"] = selectors.org_sites_by_kind()
        return context


class OrgSitePage(RoutablePageMixin, Page):
    """One org's 政府信息公开 platform. Routes: home, catalogue/, reports/, apply/."""

    org = models.OneToOneField(
        Org, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="portal_site"
    )
    intro = CleanRichTextField(_("导语"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("org"), FieldPanel("intro")]
    parent_page_types = ["portal.OrgIndexPage"]
    subpage_types = ["portal.GuidePage", "portal.OrgInfoPage", "portal.ContentPage"]
    template = "portal/org_site_page.html"

    class Meta:
        verbose_name = _("单位信息公开平台")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["org"] = self.org
        context["feed_links"] = selectors.org_feed_links(self.org)
        context["trail"] = list(self.get_ancestors(inclusive=True))
        return context

    @path("", name="home")
    def home(self, request):
        return self.render(
            request,
            context_overrides={"latest_by_category": selectors.org_latest_by_category(self.org)},
        )

    @path("catalogue/", name="catalogue")
    def catalogue(self, request):
        # Rendered pages are cached for the minute the facet counts may be old anyway.
        flt = parse_catalogue_filter(request.GET)
        page_number = str(request.GET.get("page", ""))[:12]
        return cached_response(
            request,
            parts=("catalogue", self.pk, self.last_published_at, flt.querystring(), page_number),
            render=lambda: self._catalogue(request, flt),
        )

    def _catalogue(self, request, flt):
        facets = selectors.catalogue_facets(org=self.org, flt=flt)
        page = Paginator(selectors.catalogue_items(org=self.org, flt=flt), CATALOGUE_PAGE_SIZE)
        # The facets already counted this filter's items: no second COUNT over the org's rows.
        page.count = facets.total
        page_obj = page.get_page(request.GET.get("page"))
        category = facets.selected_category
        extra_feeds = selectors.category_feed_links(self.org, category) if category else []
        return self.render(
            request,
            template="portal/org_catalogue.html",
            context_overrides={
                "flt": flt,
                "facets": facets,
                "page_obj": page_obj,
                "query_without_page": flt.querystring(),
                "qs_all_categories": flt.querystring(category=""),
                "feed_links": selectors.org_feed_links(self.org) + extra_feeds,
            },
        )

    @path("reports/", name="reports")
    def reports(self, request):
        items = selectors.org_annual_reports(self.org)
        return self.render(
            request, template="portal/org_reports.html", context_overrides={"items": items}
        )

    @path("apply/", name="apply")
    def apply(self, request):
        return self.render(request, template="portal/org_apply.html")


class GuidePage(Page):
    """指南: the org's disclosure guide, written and kept by its OGI office."""

    body = CleanRichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["portal.OrgSitePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "portal/guide_page.html"

    class Meta:
        verbose_name = _("政府信息公开指南")


class OrgInfoPage(Page):
    """机构信息: renders the org register's facts, so they are kept in one place."""

    extra = CleanRichTextField(_("补充内容"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("extra")]
    parent_page_types = ["portal.OrgSitePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "portal/org_info_page.html"

    class Meta:
        verbose_name = _("机构信息")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent().specific
        if not isinstance(parent, OrgSitePage):
            raise Http404
        context["org"] = parent.org
        context["org_site"] = parent
        context["leaders"] = [line.split() for line in parent.org.leaders.splitlines() if line]
        return context


class ContentPage(Page):
    """A plain column page (e.g. 政策解读说明, 网站声明)."""

    body = CleanRichTextField(_("正文"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = [
        "portal.PortalHomePage",
        "portal.OrgIndexPage",
        "portal.OrgSitePage",
        "portal.ContentPage",
    ]
    template = "portal/content_page.html"

    class Meta:
        verbose_name = _("内容页")
