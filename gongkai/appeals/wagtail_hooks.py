"""Admin for the case register: a Wagtail model viewset, scoped to the orgs the user may see."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet

from gongkai.orgs.admin_scoping import OrgScopedViewSetMixin

from .forms import AppealForm
from .models import Appeal


class AppealFilterSet(WagtailFilterSet):
    class Meta:
        model = Appeal
        fields = ["org", "kind", "result"]


class AppealViewSet(OrgScopedViewSetMixin, ModelViewSet):
    model = Appeal
    icon = "law"
    menu_label = _("复议诉讼案件")
    menu_order = 220
    add_to_admin_menu = True
    name = "appeals"
    list_display = ["__str__", "org", "kind", "filed_on", "result", "concluded_on"]
    list_export = [
        "reference",
        "org",
        "kind",
        "filed_on",
        "result",
        "concluded_on",
        "application",
        "authority",
    ]
    export_filename = "appeals"
    filterset_class = AppealFilterSet
    search_fields = ["reference", "authority", "notes"]
    search_backend_name = None
    ordering = ["-filed_on", "-id"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("org"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("reference"), FieldPanel("authority")]),
            FieldRowPanel(
                [FieldPanel("filed_on"), FieldPanel("result"), FieldPanel("concluded_on")]
            ),
            FieldPanel("application"),
            FieldPanel("notes"),
        ],
        base_form_class=AppealForm,
    )


appeal_viewset = AppealViewSet()


@hooks.register("register_admin_viewset")
def register_appeal_viewset():
    return appeal_viewset
