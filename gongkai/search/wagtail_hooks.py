from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import SearchTerm


@hooks.register("register_admin_urls")
def register_search_admin_urls():
    return [
        path("gongkai-search/", admin_views.staff_search, name="search_staff"),
        path("gongkai-search/stats/", admin_views.query_stats, name="search_stats"),
    ]


class StatsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_see_stats(request.user)


@hooks.register("register_admin_menu_item")
def register_staff_search_menu_item():
    return MenuItem(_("信息检索"), reverse("search_staff"), icon_name="search", order=250)


@hooks.register("register_admin_menu_item")
def register_stats_menu_item():
    return StatsMenuItem(_("检索统计"), reverse("search_stats"), icon_name="table", order=260)


class SearchTermViewSet(SnippetViewSet):
    model = SearchTerm
    icon = "tag"
    menu_label = _("搜索词库")
    add_to_admin_menu = False
    list_display = ["term", "kind", "created_at"]
    list_filter = ["kind"]


register_snippet(SearchTermViewSet)
