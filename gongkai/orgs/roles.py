"""Staff roles. Each role is a Django group; its permissions are granted in a data migration.

The role key is stable (code, fixtures, imports); the group name is the Chinese label users see.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext, gettext_noop


class Role(StrEnum):
    EDITOR = "editor"
    REVIEWER = "reviewer"
    SIGNER = "signer"
    ORG_ADMIN = "org_admin"
    SUPERVISOR = "supervisor"
    SYSADMIN = "sysadmin"


# The Chinese labels are also the groups' names in the database: keep them as they are; show a
# label in the user's language with ``role_label``.
ROLE_LABELS: dict[Role, str] = {
    Role.EDITOR: gettext_noop("信息员"),
    Role.REVIEWER: gettext_noop("保密审查员"),
    Role.SIGNER: gettext_noop("签发领导"),
    Role.ORG_ADMIN: gettext_noop("单位管理员"),
    Role.SUPERVISOR: gettext_noop("办公室督查员"),
    Role.SYSADMIN: gettext_noop("系统管理员"),
}

# Roles an org administrator may hand out to the staff of the orgs they manage.
ORG_ASSIGNABLE_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.ORG_ADMIN)


def group_name(role: Role) -> str:
    return ROLE_LABELS[role]


def role_label(role: Role) -> str:
    """The role's label in the active language (the group name is always Chinese)."""
    return gettext(ROLE_LABELS[role])
