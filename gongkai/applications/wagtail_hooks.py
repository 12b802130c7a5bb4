"""Admin wiring: the 依申请公开 workspace, its menu item, and a dashboard panel of deadlines."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import admin_views as v

app_urls = (
    [
        path("", v.queue, name="queue"),
        path("register/", v.register, name="register"),
        path("<int:pk>/", v.detail, name="detail"),
        path("<int:pk>/action/<str:name>/", v.action, name="action"),
        path("<int:pk>/reply/<int:submission_id>/approve/", v.reply_approve, name="reply_approve"),
        path("<int:pk>/reply/<int:submission_id>/return/", v.reply_return, name="reply_return"),
        path("<int:pk>/letters/<int:letter_id>.<str:fmt>", v.letter_download, name="letter"),
        path("<int:pk>/proofs/<int:proof_id>/", v.proof_download, name="proof"),
        path("<int:pk>/released/<int:doc_id>/", v.released_download, name="released"),
        path("templates/", v.templates_index, name="templates"),
        path("templates/<str:kind>/", v.template_edit, name="template_edit"),
    ],
    "applications_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("applications/", include(app_urls))]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("applications.view_application")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ApplicationsMenuItem(
        _("依申请公开"), reverse("applications_admin:queue"), icon_name="mail", order=210
    )


class DeadlinePanel(Component):
    name = "application_deadlines"
    order = 50

    def __init__(self, counts):
        self.counts = counts

    def render_html(self, parent_context=None):
        return render_to_string("applications/admin/dashboard_panel.html", {"counts": self.counts})


@hooks.register("construct_homepage_panels")
def add_deadline_panel(request, panels):
    if not request.user.has_perm("applications.view_application"):
        return
    from .selectors import queue_counts, replies_to_approve

    counts = queue_counts(user=request.user)
    counts["to_approve"] = replies_to_approve(user=request.user).count()
    if counts["due_soon"] or counts["overdue"] or counts["to_approve"]:
        panels.append(DeadlinePanel(counts))
