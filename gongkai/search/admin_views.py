"""Admin views: staff search (same engine, scoped to the user's orgs) and query statistics."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder

from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.roles import Role, group_name
from gongkai.orgs.scoping import filter_by_org, visible_org_ids

from .backends import Filters
from .services import search_query_stats, search_run
from .views import parse_filters


def can_see_stats(user) -> bool:
    """The general office's statistics: superusers and 办公室督查员."""
    return bool(user.is_superuser or user.groups.filter(name=group_name(Role.SUPERVISOR)).exists())


def staff_search(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:100]
    requested, _org = parse_filters(request.GET)
    visible = visible_org_ids(request.user)
    org_ids = requested.org_ids
    if visible is not None:
        org_ids = tuple(sorted(set(org_ids or visible) & visible))
    filters = Filters(
        org_ids=org_ids,
        category_id=requested.category_id,
        topic_id=requested.topic_id,
        year=requested.year,
        doc_type=requested.doc_type,
        validity=requested.validity,
    )
    result = None
    if query:
        page_param = request.GET.get("page", "1")
        page = int(page_param) if page_param.isdigit() and int(page_param) > 0 else 1
        result = search_run(
            query=query,
            filters=filters,
            page=page,
            per_page=20,
            queryset=filter_by_org(CatalogueItem.objects.all(), request.user),
        )
        finder = AdminURLFinder(request.user)
        for hit in result.hits:
            hit.edit_url = finder.get_edit_url(hit.item) or hit.item.get_absolute_url()
    return render(
        request,
        "search/admin/staff_search.html",
        {"query": query, "result": result, "page_title": _("信息检索")},
    )


def query_stats(request: HttpRequest) -> HttpResponse:
    if not can_see_stats(request.user):
        raise PermissionDenied
    month = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit():
        month = timezone.localdate().strftime("%Y-%m")
    stats = search_query_stats(month=month)
    return render(
        request,
        "search/admin/query_stats.html",
        {"month": month, "top": stats["top"], "zero": stats["zero"], "page_title": _("检索统计")},
    )
