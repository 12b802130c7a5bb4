"""Who may edit which portal pages: one Wagtail page group per org.

Wagtail grants page permissions to groups, per subtree. Each org gets one group (``页面：<org
code>``) holding ``add_page`` and ``change_page`` on the org's own site root (``OrgSitePage``)
only: the permission covers the 指南, 机构信息 and any column below it, and keeps the permission
table at two rows per org. Nobody gets ``publish_page``: a page goes live only when the review
workflow's sign-off approves (``gongkai.review.workflow.publish_after_signoff``).

A staff member who is an editor, reviewer, signer or org administrator of org X belongs to X's
page group and to no other org's page group; ``staff_page_groups_sync`` keeps that true and is
called wherever staff, their org or their roles change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

from .models import Org, StaffProfile
from .roles import Role, group_name

PAGE_GROUP_PREFIX = "页面："
# No publish_page (publication goes through sign-off) and no lock_page: a lock taken outside
# the workflow could hold up the reviewers, and the workflow locks pages itself while it runs.
PAGE_PERMISSION_CODENAMES = ("add_page", "change_page")
# The roles that work on an org's pages. Supervisors act for small orgs only inside the
# workflow (the review task grants them the editor then); system administrators are superusers.
PAGE_ROLES = (Role.EDITOR, Role.REVIEWER, Role.SIGNER, Role.ORG_ADMIN)


def page_group_name(org_code: str) -> str:
    return f"{PAGE_GROUP_PREFIX}{org_code}"


def page_group_wanted(*, org_code: str | None, group_names: Iterable[str]) -> str | None:
    """The one page group a user should be in, given their org and their groups; pure."""
    if not org_code:
        return None
    names = set(group_names)
    if any(group_name(role) in names for role in PAGE_ROLES):
        return page_group_name(org_code)
    return None


def org_page_group(org: Org) -> Group:
    """The org's page group, created on first use."""
    group, _created = Group.objects.get_or_create(name=page_group_name(org.code))
    return group


@transaction.atomic
def org_page_permissions_ensure(*, org: Org, site_page: Page) -> Group:
    """Give the org's page group add/change on ``site_page`` and nothing else; idempotent.

    Rows on other pages (a site page that was replaced) are removed, so the group's reach is
    exactly the org's current site. The org's existing staff join the group too: staff are often
    created before the org's site exists (the demo, imports).
    """
    group = org_page_group(org)
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSION_CODENAMES
        )
    )
    GroupPagePermission.objects.filter(group=group).exclude(
        page=site_page, permission__in=permissions
    ).delete()
    have = set(
        GroupPagePermission.objects.filter(group=group, page=site_page).values_list(
            "permission_id", flat=True
        )
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(group=group, page=site_page, permission=permission)
            for permission in permissions
            if permission.pk not in have
        ]
    )
    users = {
        profile.user for profile in StaffProfile.objects.filter(org=org).select_related("user")
    }
    for user in users:
        staff_page_groups_sync(user=user)
    return group


@transaction.atomic
def staff_page_groups_sync(*, user) -> None:
    """Put ``user`` in their org's page group if they hold a page role, and in no other."""
    profile = StaffProfile.objects.filter(user=user).select_related("org").first()
    names = set(user.groups.values_list("name", flat=True))
    wanted = page_group_wanted(
        org_code=profile.org.code if profile is not None else None, group_names=names
    )
    stale = [n for n in names if n.startswith(PAGE_GROUP_PREFIX) and n != wanted]
    if stale:
        user.groups.remove(*Group.objects.filter(name__in=stale))
    if wanted is not None and wanted not in names:
        user.groups.add(org_page_group(profile.org))
