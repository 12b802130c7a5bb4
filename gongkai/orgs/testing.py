"""Helpers shared by the test suites of several apps (imported by their conftest files)."""

from __future__ import annotations

from .models import Org
from .roles import Role
from .services import staff_create

TEST_PASSWORD = "pw-1234567890"  # noqa: S105 - test accounts only


def make_staff(
    username: str, org: Org, *roles: Role, email: str = "", password: str = TEST_PASSWORD
):
    """A staff account of ``org`` with ``roles``, made the way the admin makes one."""
    return staff_create(org=org, username=username, password=password, roles=roles, email=email)
