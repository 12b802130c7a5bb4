"""Admin for press conferences: an org-scoped snippet with inline Q&A pairs and media links."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.orgs.admin_scoping import OrgScopedViewSetMixin

from .forms import PressConferenceForm
from .models import PressConference


class PressConferenceViewSet(OrgScopedViewSetMixin, SnippetViewSet):
    model = PressConference
    org_field = "host_org"
    icon = "group"
    menu_label = _("新闻发布会")
    menu_order = 230
    add_to_admin_menu = True
    list_display = ["title", "kind", "held_on", "host_org", "live"]
    list_filter = ["kind", "host_org", "live"]
    list_export = ["held_on", "kind", "title", "host_org", "spokespersons", "topics", "live"]
    export_filename = "press-conferences"
    ordering = ["-held_on"]
    search_fields = ["title", "topics"]
    search_backend_name = None
    copy_view_enabled = False

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("held_on"), FieldPanel("host_org")]),
        FieldPanel("place"),
        FieldPanel("spokespersons"),
        FieldPanel("topics"),
        FieldPanel("summary"),
        FieldPanel("transcript"),
        InlinePanel("qa_pairs", label=_("答记者问")),
        FieldPanel("media_present"),
        InlinePanel("links", label=_("图片视频链接")),
        FieldPanel("policies"),
        FieldPanel("live"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=PressConferenceForm).bind_to_model(
            self.model
        )


register_snippet(PressConferenceViewSet)
