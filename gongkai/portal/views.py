"""Plain Django views of the portal: the item page (hot path), downloads, topic columns, sitemap."""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gongkai.catalogue.models import Attachment, CatalogueItem, Topic

from . import selectors
from .filters import attachment_filename
from .page_cache import cached_response
from .qr import qr_svg
from .sitemaps import SITEMAPS, section_urls, sitemap_is_small, urlset_xml
from .view_counts import view_count_pending, view_count_record

ITEM_CACHE_SECONDS = 3600
SITE_MAP_CACHE_SECONDS = 600
TOPIC_PAGE_SIZE = 20


VIEW_COUNT_SLOT = "__GONGKAI_VIEW_COUNT__"


def _item_page_html(request: HttpRequest, pk: int) -> str | None:
    """The whole item page with a slot for the view count; None when not public."""
    item = selectors.item_for_page(pk)
    if item is None:
        return None
    context = {
        "item": item,
        "org": item.org,
        "org_site_url": selectors.org_site_url(item.org_id),
        "feed_links": selectors.org_feed_links(item.org),
        "view_count": VIEW_COUNT_SLOT,
        "qr_svg": qr_svg(request.build_absolute_uri(reverse("portal:item", args=[pk]))),
    }
    return render_to_string("portal/item/detail.html", context, request=request)


@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One catalogue item. Warm: one primary-key query and one cache hit, no writes.

    The rendered page is cached under the item's ``updated_at`` (an edit or publish changes
    the key, so no invalidation is needed) and the host (the QR code holds an absolute URL).
    """
    row = selectors.item_page_row(pk)
    if row is None:
        raise Http404
    live, first_published_at, withdrawn_at, method, updated_at, stored_views = row
    if method != CatalogueItem.DisclosureMethod.PROACTIVE:
        raise Http404
    if withdrawn_at is not None:
        if not (live or first_published_at):
            raise Http404
        return _item_withdrawn(request, pk)
    if not live:
        raise Http404

    version = str(updated_at).replace(" ", "T")  # no spaces: keys must suit memcached/Redis too
    key = f"portal:item:{pk}:{version}:{request.scheme}://{request.get_host()}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = _item_page_html(request, pk)
        if html is None:
            raise Http404
        cache.set(key, html, ITEM_CACHE_SECONDS)

    view_count_record(pk)
    count = stored_views + view_count_pending(pk)
    return HttpResponse(html.replace(VIEW_COUNT_SLOT, str(count), 1))


def _item_withdrawn(request: HttpRequest, pk: int) -> HttpResponse:
    """The 索引号 stays reachable: say the item was withdrawn, when and why (HTTP 410)."""
    item = CatalogueItem.objects.select_related("org").get(pk=pk)
    return render(request, "portal/item/withdrawn.html", {"item": item}, status=410)


@require_safe
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    attachment = (
        Attachment.objects.filter(
            pk=attachment_id, item_id=pk, item__in=CatalogueItem.objects.public()
        )
        .only("title", "file", "kind")
        .first()
    )
    if attachment is None or not attachment.file:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("附件文件不存在。")) from exc
    filename = attachment_filename(
        title=attachment.title, kind=attachment.kind, stored_name=attachment.file.name
    )
    return FileResponse(handle, as_attachment=True, filename=filename)


@require_safe
def topic_column(request: HttpRequest, slug: str) -> HttpResponse:
    """A topical column (e.g. 财政信息) across all orgs."""
    topic = get_object_or_404(Topic, slug=slug)
    page_obj = Paginator(selectors.topic_items(topic), TOPIC_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    feed_links = [
        {
            "type": "application/rss+xml",
            "title": f"{topic.name}（RSS）",
            "href": reverse("portal:feed_topic_rss", args=[topic.slug]),
        },
        {
            "type": "application/atom+xml",
            "title": f"{topic.name}（Atom）",
            "href": reverse("portal:feed_topic_atom", args=[topic.slug]),
        },
    ]
    return render(
        request,
        "portal/topic_column.html",
        {"topic": topic, "page_obj": page_obj, "feed_links": feed_links},
    )


@require_safe
def site_map_page(request: HttpRequest) -> HttpResponse:
    """网站地图 for people: every column of the portal on one page (the XML is for machines)."""
    html = cache.get(key := f"portal:site-map:v1:{get_language()}")
    if html is None:
        html = render_to_string(
            "portal/site_map.html",
            {
                "org_groups": selectors.org_sites_by_kind(),
                "topics": Topic.objects.order_by("sort_order", "name").only("name", "slug"),
            },
            request=request,
        )
        cache.set(key, html, SITE_MAP_CACHE_SECONDS)
    return HttpResponse(html)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read every public page; the admin and the applicants' pages are not theirs."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /apply/track/",
        "Disallow: /mailbox/track/",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; answer with the portal's icon."""
    path = finders.find("portal/favicon.ico")
    if path is None:
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=86400"
    return response


SITEMAP_CACHE_SECONDS = 900


def _sitemap_section_response(request: HttpRequest, sections: tuple[str, ...]) -> HttpResponse:
    try:
        page = int(request.GET.get("p", "1"))
    except ValueError:
        raise Http404 from None

    def render_() -> HttpResponse:
        base = f"{request.scheme}://{request.get_host()}"
        urls = []
        for section in sections:
            part = section_urls(section, base=base, page=page)
            if part is None:
                raise Http404
            urls += part
        return HttpResponse(urlset_xml(urls), content_type="application/xml; charset=utf-8")

    # Crawlers and monitors are anonymous: the written file is kept for a quarter of an hour.
    return cached_response(
        request, parts=("sitemap", *sections, page), render=render_, seconds=SITEMAP_CACHE_SECONDS
    )


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public URL in one file while that fits (≤ 50,000), else a sitemap index."""
    if sitemap_is_small():
        return _sitemap_section_response(request, tuple(SITEMAPS))
    return sitemap_views.index(
        request, sitemaps=SITEMAPS, sitemap_url_name="portal:sitemap_section"
    )


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SITEMAPS:
        raise Http404
    return _sitemap_section_response(request, (section,))


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The OpenAPI document rendered server-side: no scripts, no external assets."""
    from .api import api

    spec = api.get_openapi_schema()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "parameters": op.get("parameters", []),
        }
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return render(
        request,
        "portal/api_docs.html",
        {
            "spec": spec,
            "operations": operations,
            "schemas": spec.get("components", {}).get("schemas", {}),
            "spec_url": reverse("portal:api_v1:openapi-json"),
        },
    )
