"""The audit log in the admin: read-only, filterable, exportable, scoped by org."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from gongkai.orgs.admin_scoping import OrgScopedViewSetMixin
from gongkai.orgs.roles import Role
from gongkai.orgs.scoping import user_roles

from .models import AuditEvent

READERS = {Role.SYSADMIN, Role.SUPERVISOR, Role.ORG_ADMIN}


class AuditReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody adds, changes or deletes audit records; administrators and the office read them."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return bool(user_roles(user) & READERS)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(AuditEvent, AuditReadOnlyPolicy(AuditEvent))


class AuditEventViewSet(OrgScopedViewSetMixin, ModelViewSet):
    model = AuditEvent
    org_field = "org_id"
    url_prefix = "audit"
    icon = "history"
    menu_label = _("审计日志")
    menu_order = 900
    add_to_settings_menu = True
    list_display = ["at", "actor_name", "ip", "action", "object_repr", "org_id"]
    list_filter = ["action"]
    list_export = [
        "at",
        "actor_name",
        "ip",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "org_id",
        "detail",
    ]
    export_filename = "audit-log"
    search_fields = ["actor_name", "object_repr", "action"]
    search_backend_name = None
    ordering = ["-at"]
    inspect_view_enabled = True
    form_fields = ["action"]  # no one may add or edit (see AuditReadOnlyPolicy)
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_audit_viewset():
    return AuditEventViewSet()
