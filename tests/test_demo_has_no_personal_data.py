"""No published page of the demo city contains a checksum-valid ID number or an unmasked mobile
number (nor a bank card number).

The demo is what people show, screenshot and copy: if its generators ever produced a real-looking
身份证号 or 手机号 on a public page, the demo would teach exactly the leak the review pre-check
exists to stop. So: build ``demo --scale small``, fetch every URL that ``/sitemap.xml`` lists
(items, org sites and their columns, guides, info pages) plus the home page, and run the
pre-check's own scanner over the text a visitor sees.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.core.cache import cache

from gongkai.demo.services import demo_build
from gongkai.pii.precheck import scan_text

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PERSONAL_KINDS = {"id_number", "mobile", "bank_card"}


class _VisibleText(HTMLParser):
    """Text nodes outside <script>, <style> and <head>: what a visitor reads."""

    HIDDEN = {"script", "style", "head", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.parts)


def sitemap_paths(client) -> list[str]:
    """Every <loc> of the sitemap, following a sitemap index if the site is large."""
    paths: list[str] = []
    queue = ["/sitemap.xml"]
    while queue:
        response = client.get(queue.pop())
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # noqa: S314 (our own sitemap)
        for loc in root.iter(f"{SITEMAP_NS}loc"):
            parts = urlsplit(loc.text.strip())
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if root.tag == f"{SITEMAP_NS}sitemapindex":
                queue.append(path)
            else:
                paths.append(path)
    return paths


def test_no_published_demo_page_shows_an_id_number_or_a_mobile_number(client):
    cache.clear()
    result = demo_build(scale="small", seed=2011, password=None, today=dt.date(2025, 6, 30))
    assert result.portal

    paths = sitemap_paths(client)
    # The small city has 6 orgs: each has its site, 指南 and 机构信息, and 60+ public items, so
    # a sitemap of fewer than 50 URLs would mean pages went missing, not that they are clean.
    assert len(paths) > 50
    assert any(p.startswith("/xxgk/items/") for p in paths)
    assert any(p.endswith("/guide/") for p in paths) and any(p.endswith("/info/") for p in paths)

    leaks: list[str] = []
    for path in ["/", *paths]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.content.decode("utf-8"))
        for finding in scan_text(text):
            if finding.kind in PERSONAL_KINDS:
                leaks.append(f"{path}: {finding.kind} {finding.masked}")
    assert leaks == []
