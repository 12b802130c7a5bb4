"""Admin wiring of the review workflow: URLs, menu, the sensitive-word list."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import SensitiveWord

review_urls = (
    [
        path("queue/", views.ReviewQueueView.as_view(), name="queue"),
        path("items/<int:pk>/", views.ItemReviewView.as_view(), name="item"),
        path("items/<int:pk>/precheck/", views.ItemPrecheckView.as_view(), name="precheck"),
        path("items/<int:pk>/record/", views.ReviewRecordView.as_view(), name="record"),
        path("items/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
        path(
            "findings/<int:pk>/<str:action>/",
            views.FindingActionView.as_view(),
            name="finding_action",
        ),
    ],
    "review",
)


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("review/", include(review_urls))]


@hooks.register("register_admin_menu_item")
def register_review_menu_item():
    return MenuItem(_("待我审批"), reverse("review:queue"), icon_name="tasks", order=150)


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = _("敏感词")
    add_to_settings_menu = True
    list_display = ["word", "note", "created_at"]
    search_fields = ["word", "note"]
    search_backend_name = None
    copy_view_enabled = False


register_snippet(SensitiveWordViewSet)
