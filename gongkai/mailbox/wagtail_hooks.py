"""Admin wiring: the mailbox workspace and its menu item, and the settings (mailboxes and
letter categories with their reply deadlines) as org-scoped snippets."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.orgs.admin_scoping import OrgScopedViewSetMixin

from . import admin_views as v
from .models import LetterCategory, Mailbox

app_urls = (
    [
        path("", v.queue, name="queue"),
        path("figures/", v.figures, name="figures"),
        path("<int:pk>/", v.detail, name="detail"),
        path("<int:pk>/action/<str:name>/", v.action, name="action"),
        path("<int:pk>/attachments/<int:att_id>/", v.attachment, name="attachment"),
    ],
    "mailbox_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("mailbox/", include(app_urls))]


class LettersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("mailbox.view_letter")


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return LettersMenuItem(
        _("信箱来信"), reverse("mailbox_admin:queue"), icon_name="mail", order=220
    )


class MailboxViewSet(OrgScopedViewSetMixin, SnippetViewSet):
    model = Mailbox
    icon = "mail"
    menu_label = _("信箱设置")
    add_to_settings_menu = True
    list_display = ["name", "org", "is_mayor", "is_active", "sort_order"]
    ordering = ["-is_mayor", "sort_order"]
    copy_view_enabled = False


class LetterCategoryViewSet(SnippetViewSet):
    model = LetterCategory
    icon = "list-ul"
    menu_label = _("来信类别与答复期限")
    add_to_settings_menu = True
    list_display = ["name", "reply_workdays", "is_active", "sort_order"]
    ordering = ["sort_order"]
    copy_view_enabled = False


register_snippet(MailboxViewSet)
register_snippet(LetterCategoryViewSet)
