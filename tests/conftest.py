"""Fixtures of the cross-cutting tests in this folder."""

from __future__ import annotations

import pytest


@pytest.fixture
def gov(db):
    """The portal with one org, the government, and its site (the page cache emptied around)."""
    from django.core.cache import cache

    from gongkai.orgs.models import Org
    from gongkai.portal.services import org_site_ensure, portal_ensure_site

    cache.clear()
    portal_ensure_site(home_title="丰城市政府信息公开平台")
    gov = Org.objects.create(code="fc-gov", name="丰城市人民政府", kind=Org.Kind.GOVERNMENT)
    org_site_ensure(org=gov)
    yield gov
    cache.clear()
