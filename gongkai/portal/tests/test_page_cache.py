"""Home and catalogue pages are cached whole for a minute, for anonymous visitors only."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from gongkai.portal.tests.conftest import make_item

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_cached_catalogue_page_for_the_minute(client, city):
    first = client.get("/xxgk/fc-jianguang/catalogue/").content.decode()
    make_item(city.town, city.notices, "街道新通知", published_on=dt.date(2024, 6, 1))
    again = client.get("/xxgk/fc-jianguang/catalogue/").content.decode()
    # Same bytes: the new item waits for the cache to expire (60 s), like the facet counts.
    assert again == first and "街道新通知" not in again


def test_each_filter_and_page_is_its_own_cache_entry(client, city):
    client.get("/xxgk/fc-jianguang/catalogue/")
    make_item(city.town, city.notices, "街道新通知", published_on=dt.date(2024, 6, 1))
    # A filter never asked for before renders afresh and shows the new item.
    html = client.get("/xxgk/fc-jianguang/catalogue/?year=2024").content.decode()
    assert "街道新通知" in html


def test_staff_always_get_a_fresh_home_page(client, city):
    client.get("/")
    make_item(city.gov, city.notices, "刚刚发布的通知", published_on=dt.date.today())
    assert "刚刚发布的通知" not in client.get("/").content.decode()
    client.force_login(get_user_model().objects.create_user("staff-member", password=None))
    # Logged-in users bypass the page cache (the home's data cache is cleared here too: it
    # is the same minute-old data visitors get, and this test is about the page cache).
    cache.delete("portal:home:v1")
    assert "刚刚发布的通知" in client.get("/").content.decode()
