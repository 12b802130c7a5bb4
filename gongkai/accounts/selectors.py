"""Read a user's two-factor state."""

from __future__ import annotations

from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.orgs.roles import Role
from gongkai.orgs.scoping import user_roles

from .policy import may_use_two_factor, must_set_up, required_roles_parse


def required_roles() -> frozenset[Role]:
    roles, _ = required_roles_parse(getattr(settings, "GONGKAI_REQUIRE_2FA_ROLES", ""))
    return roles


def user_confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def user_pending_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()


def user_may_use_two_factor(user) -> bool:
    return may_use_two_factor(roles=user_roles(user), required_roles=required_roles())


def user_must_set_up(user) -> bool:
    return must_set_up(roles=user_roles(user), required_roles=required_roles())
