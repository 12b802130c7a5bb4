"""Staff roles, and who may review or sign for an org.

Each role is a Django group; its permissions are granted in a data migration. The role key is
stable (code, fixtures, imports); the group name is the Chinese label users see.

Who acts on the two approval steps — confidentiality review (保密审查) and sign-off (签发) — is
asked here, by the catalogue's review workflow, the applications' reply approval and the
mailbox's reply approval alike.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .models import Org


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


class ReviewStep(models.TextChoices):
    """The two approval steps before something goes out in an org's name."""

    REVIEW = "review", _("保密审查")
    SIGNOFF = "signoff", _("签发")


STEP_ROLE = {ReviewStep.REVIEW: Role.REVIEWER, ReviewStep.SIGNOFF: Role.SIGNER}


def approvers_for(org: Org, step: str):
    """Users who may act on ``step`` for ``org``'s items.

    The org's own reviewers or signers; if it has none (a small town, say), the general
    office's supervisors act for it.
    """
    User = get_user_model()
    role = STEP_ROLE[ReviewStep(step)]
    own = User.objects.filter(
        is_active=True, groups__name=group_name(role), staff__org=org
    ).distinct()
    if own.exists():
        return own
    return User.objects.filter(is_active=True, groups__name=group_name(Role.SUPERVISOR)).distinct()


def user_may_act(user, org_id: int | None, step: str) -> bool:
    """May ``user`` act on ``step`` for the org ``org_id`` (``approvers_for``; superusers may)."""
    if not user.is_authenticated or org_id is None:
        return False
    if user.is_superuser:
        return True
    org = Org.objects.filter(pk=org_id).first()
    return org is not None and approvers_for(org, step).filter(pk=user.pk).exists()
