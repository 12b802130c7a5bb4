"""Phones (390 px) in a real browser: nothing overflows the page sideways; tables reflow into
label/value pairs or scroll inside their own box."""

from __future__ import annotations

import pytest

from conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAGES = {
    "home": "/",
    "org-home": "/xxgk/fc-czj/",
    "catalogue": "/xxgk/fc-czj/catalogue/",
    "statistics": "/stats/",
    "site-map": "/sitemap/",
    "search": "/search/?q=预算",
}


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_public_pages_fit_a_phone_and_a_small_desktop(chromium, live_server, city, screenshot):
    pages = {**PAGES, "item": f"/xxgk/items/{city.items['budget'].pk}/"}
    phone = chromium.new_context(locale="zh-CN", **PHONE).new_page()
    desktop = chromium.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 768}
    ).new_page()
    for name, path in pages.items():
        for label, page in (("phone", phone), ("desktop", desktop)):
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, path
            screenshot(page, f"{name}-{label}")
            assert _overflow(page) <= 0, f"{path} is wider than the {label} screen"


def test_the_item_metadata_reads_as_label_value_pairs_on_a_phone(chromium, live_server, city):
    page = chromium.new_context(locale="zh-CN", **PHONE).new_page()
    page.goto(f"{live_server.url}/xxgk/items/{city.items['budget'].pk}/")
    label = page.locator(".item-meta th", has_text="发布机构").bounding_box()
    value = page.locator(".item-meta td", has_text="丰城市财政局").bounding_box()
    # The value sits beside its label and has most of the row: not one character a line.
    assert abs(label["y"] - value["y"]) < 4
    assert value["width"] > 200
