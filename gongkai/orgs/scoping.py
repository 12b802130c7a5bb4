"""Which orgs a staff user may see and act for. Every view and API filters through here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .roles import Role, group_name

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet


def user_roles(user: AbstractBaseUser | AnonymousUser) -> set[Role]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if group_name(role) in names}
        if user.is_superuser:
            cached.add(Role.SYSADMIN)
        user._gongkai_roles = cached
    return cached


def sees_all_orgs(user) -> bool:
    roles = user_roles(user)
    return Role.SYSADMIN in roles or Role.SUPERVISOR in roles


def user_org(user):
    profile = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    return profile.org if profile else None


def visible_org_ids(user) -> set[int] | None:
    """Org ids the user may read; None means every org (general office, system admin).

    An org administrator of a government also sees the orgs below it; everyone else sees
    their own org only. A user with no org sees nothing.
    """
    from .models import Org

    if sees_all_orgs(user):
        return None
    org = user_org(user)
    if org is None:
        return set()
    if Role.ORG_ADMIN in user_roles(user) and org.kind == Org.Kind.GOVERNMENT:
        return org.descendant_ids()
    return {org.pk}


def managed_org_ids(user) -> set[int] | None:
    """Org ids whose staff the user may manage; None means all (system admin only)."""
    from .models import Org

    roles = user_roles(user)
    if Role.SYSADMIN in roles:
        return None
    if Role.ORG_ADMIN not in roles:
        return set()
    org = user_org(user)
    if org is None:
        return set()
    return org.descendant_ids() if org.kind == Org.Kind.GOVERNMENT else {org.pk}


def filter_by_org(queryset: QuerySet, user, field: str = "org") -> QuerySet:
    """Restrict ``queryset`` to rows whose ``field`` is an org the user may see."""
    ids = visible_org_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def can_see_org(user, org_id: int | None) -> bool:
    ids = visible_org_ids(user)
    return ids is None or org_id in ids
