"""Building the page tree is idempotent and replaces Wagtail's welcome page."""

import pytest
from wagtail.models import Page, Site

from gongkai.orgs.models import Org
from gongkai.portal.models import GuidePage, OrgIndexPage, OrgSitePage, PortalHomePage
from gongkai.portal.services import org_site_ensure, portal_ensure_site

pytestmark = pytest.mark.django_db


def test_it_replaces_the_welcome_page_and_becomes_the_default_site():
    assert Page.objects.filter(depth=2, slug="home").exists()  # Wagtail's initial page
    home = portal_ensure_site(home_title="测试平台")
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    assert not Page.objects.filter(depth=2, slug="home").exists()
    assert OrgIndexPage.objects.get().slug == "xxgk"
    assert portal_ensure_site().pk == home.pk
    assert PortalHomePage.objects.count() == 1


def test_org_site_ensure_is_idempotent_and_keeps_an_edited_guide():
    org = Org.objects.create(code="fc-jyj", name="丰城市教育局", kind=Org.Kind.DEPARTMENT)
    site = org_site_ensure(org=org, guide_body="<p>初稿</p>")
    guide = GuidePage.objects.child_of(site).get()
    guide.body = "<p>已修改</p>"
    guide.save()
    again = org_site_ensure(org=org, guide_body="<p>初稿</p>")
    assert again.pk == site.pk
    assert OrgSitePage.objects.filter(org=org).count() == 1
    assert GuidePage.objects.child_of(site).get().body == "<p>已修改</p>"
    assert [p.slug for p in site.get_children()] == ["guide", "info"]
    assert site.url == "/xxgk/fc-jyj/"
