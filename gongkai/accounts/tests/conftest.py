"""Staff of one department, signed in through Wagtail's own login form."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import staff_create

PASSWORD = "correct-horse-battery-9"


@pytest.fixture(autouse=True)
def _clear_cache():
    # The failure counter lives in the cache, which outlives a test's database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db):
    gov = Org.objects.create(code="lj", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
    dept = Org.objects.create(
        code="lj-edu", name="澜江市教育局", kind=Org.Kind.DEPARTMENT, parent=gov
    )
    return {
        "dept": dept,
        "reviewer": staff_create(
            org=dept, username="edu-reviewer", password=PASSWORD, roles=[Role.REVIEWER]
        ),
        "signer": staff_create(
            org=dept, username="edu-signer", password=PASSWORD, roles=[Role.SIGNER]
        ),
        "editor": staff_create(
            org=dept, username="edu-editor", password=PASSWORD, roles=[Role.EDITOR]
        ),
    }


def sign_in(client, user) -> None:
    """Sign in with the password through /admin/login/, as a person would."""
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302, response.content[:500]
