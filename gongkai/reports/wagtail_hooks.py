"""Admin wiring: the annual report workspace and its menu item."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views as v

app_urls = (
    [
        path("", v.index, name="index"),
        path("<int:org_id>/<int:year>/", v.report_page, name="report"),
        path("<int:org_id>/<int:year>/cell/", v.cell, name="cell"),
        path("<int:org_id>/<int:year>/submitted/", v.submitted_upload, name="submitted"),
        path("<int:org_id>/<int:year>/download.<str:fmt>", v.download, name="download"),
        path("<int:org_id>/compare/", v.compare, name="compare"),
    ],
    "reports_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("annual-reports/", include(app_urls))]


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("reports.view_annualreport")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ReportsMenuItem(
        _("年度报告"), reverse("reports_admin:index"), icon_name="doc-full-inverse", order=230
    )
