"""Staff roles. Each role is a Django group; its permissions are granted in a data migration.

The role key is stable (code, fixtures, imports); the group name is the Chinese label users see.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    EDITOR = "editor"
    REVIEWER = "reviewer"
    SIGNER = "signer"
    ORG_ADMIN = "org_admin"
    SUPERVISOR = "supervisor"
    SYSADMIN = "sysadmin"


ROLE_LABELS: dict[Role, str] = {
    Role.EDITOR: "信息员",
    Role.REVIEWER: "保密审查员",
    Role.SIGNER: "签发领导",
    Role.ORG_ADMIN: "单位管理员",
    Role.SUPERVISOR: "办公室督查员",
    Role.SYSADMIN: "系统管理员",
}

# Roles an org administrator may hand out to the staff of the orgs they manage.
ORG_ASSIGNABLE_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.ORG_ADMIN)


def group_name(role: Role) -> str:
    return ROLE_LABELS[role]
