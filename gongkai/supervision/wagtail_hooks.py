"""Admin wiring: the 督查考核 menu (dashboard, scoreboard, findings, notices, visits) and the
scoring scheme editor for the general office."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import ScoringScheme
from .services import may_supervise


@hooks.register("register_admin_urls")
def register_supervision_admin_urls():
    return [
        path("supervision/", admin_views.dashboard, name="supervision_dashboard"),
        path("supervision/orgs/<int:org_id>/", admin_views.org_detail, name="supervision_org"),
        path("supervision/scoreboard/", admin_views.scoreboard, name="supervision_scoreboard"),
        path("supervision/findings/", admin_views.findings, name="supervision_findings"),
        path(
            "supervision/findings/<int:pk>/resolve/",
            admin_views.finding_resolve,
            name="supervision_finding_resolve",
        ),
        path("supervision/notices/", admin_views.notices, name="supervision_notices"),
        path("supervision/notices/new/", admin_views.notice_issue, name="supervision_notice_issue"),
        path("supervision/notices/<int:pk>/", admin_views.notice_detail, name="supervision_notice"),
        path("supervision/visits/", admin_views.visits, name="supervision_visits"),
    ]


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return may_supervise(request.user)


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(getattr(request.user, "staff", None)) or request.user.is_superuser


class ScoringSchemeViewSet(SnippetViewSet):
    model = ScoringScheme
    icon = "list-ol"
    menu_label = _("考核方案")
    add_to_admin_menu = False
    list_display = ["name", "is_active", "updated_at"]


register_snippet(ScoringSchemeViewSet)


@hooks.register("register_admin_menu_item")
def register_supervision_menu():
    menu = Menu(
        items=[
            StaffMenuItem(
                _("督查概览"), reverse("supervision_dashboard"), icon_name="warning", order=1
            ),
            OfficeMenuItem(
                _("考核排名"), reverse("supervision_scoreboard"), icon_name="table", order=2
            ),
            StaffMenuItem(
                _("网站检查问题"), reverse("supervision_findings"), icon_name="search", order=3
            ),
            StaffMenuItem(_("整改通知"), reverse("supervision_notices"), icon_name="mail", order=4),
            StaffMenuItem(_("访问统计"), reverse("supervision_visits"), icon_name="view", order=5),
            OfficeMenuItem(
                _("考核方案"),
                reverse("wagtailsnippets_supervision_scoringscheme:list"),
                icon_name="list-ol",
                order=6,
            ),
        ]
    )
    return SubmenuMenuItem(_("督查考核"), menu, icon_name="warning", order=400)
