"""Admin for the org register and for staff accounts, scoped to the orgs a user manages."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permissions import register_permission_policy

from .admin_scoping import OrgScopedPermissionPolicy, OrgScopedViewSetMixin
from .forms import StaffProfileForm
from .models import Org, StaffProfile
from .scoping import managed_org_ids
from .signals import org_registered

register_permission_policy(Org, OrgScopedPermissionPolicy(Org, org_field="id"))
register_permission_policy(
    StaffProfile, OrgScopedPermissionPolicy(StaffProfile, ids_for=managed_org_ids)
)


class OrgCreateView(CreateView):
    """新增单位: the new org is announced like an imported one, so it gets its classes and site."""

    def save_instance(self):
        with transaction.atomic():
            org = super().save_instance()
            org_registered.send(sender=Org, org=org)
        return org


class OrgViewSet(OrgScopedViewSetMixin, ModelViewSet):
    model = Org
    add_view_class = OrgCreateView
    org_field = "id"
    url_prefix = "orgs"
    inspect_view_enabled = True
    icon = "group"
    menu_label = _("单位名录")
    list_display = ["name", "code", "kind", "parent", "credit_code", "is_active"]
    list_filter = ["kind", "is_active", "on_platform"]
    list_export = [
        "code",
        "name",
        "kind",
        "parent",
        "credit_code",
        "address",
        "phone",
        "ogi_office",
    ]
    search_fields = ["name", "code", "short_name"]
    search_backend_name = None
    ordering = ["sort_order", "code"]
    copy_view_enabled = False
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("short_name")]),
        FieldRowPanel([FieldPanel("parent"), FieldPanel("credit_code")]),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("office_hours")]),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")]),
            ],
            heading=_("联系方式"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("ogi_office"),
                FieldRowPanel([FieldPanel("ogi_contact"), FieldPanel("ogi_phone")]),
            ],
            heading=_("政府信息公开工作机构"),
        ),
        FieldPanel("functions"),
        FieldPanel("leaders"),
        FieldRowPanel(
            [FieldPanel("sort_order"), FieldPanel("is_active"), FieldPanel("on_platform")]
        ),
    ]


class StaffViewSet(OrgScopedViewSetMixin, ModelViewSet):
    """Org administrators manage the staff of their own org (a government's: and below)."""

    model = StaffProfile
    url_prefix = "staff"
    icon = "user"
    menu_label = _("本单位人员")
    list_display = ["__str__", "org", "title", "phone"]
    list_filter = ["org"]
    search_fields = ["user__username", "user__first_name", "org__name"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False

    def org_ids_for(self, user):
        return managed_org_ids(user)

    def get_form_class(self, for_update=False):
        return StaffProfileForm

    def get_edit_handler(self):
        return ObjectList(
            [
                FieldPanel("username"),
                FieldPanel("full_name"),
                FieldPanel("email"),
                FieldPanel("password"),
                FieldPanel("org"),
                FieldRowPanel([FieldPanel("title"), FieldPanel("phone")]),
                FieldPanel("roles"),
                FieldPanel("is_active"),
            ],
            base_form_class=StaffProfileForm,
        ).bind_to_model(StaffProfile)


class OrgGroup(ModelViewSetGroup):
    menu_label = _("单位与人员")
    menu_icon = "group"
    menu_order = 300
    items = (OrgViewSet, StaffViewSet)


@hooks.register("register_admin_viewset")
def register_org_viewsets():
    return OrgGroup()
