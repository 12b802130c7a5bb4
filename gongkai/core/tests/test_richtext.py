"""Rich text keeps what a government document needs and loses everything that could run."""

from __future__ import annotations

import pytest

from gongkai.core.richtext import rich_text_clean

CASES = [
    ('<p onclick="x()" style="color:red">正文</p><script>alert(1)</script>', "<p>正文</p>"),
    ("<style>p{}</style><p>一</p><!-- 注释 --><iframe src=/x></iframe>", "<p>一</p>"),
    ('<p><font face="仿宋">通知</font><o:p></o:p></p>', "<p>通知</p>"),
    (
        '<p><span lang="EN-US" title="x">二、明确任务</span></p>',
        '<p><span title="x">二、明确任务</span></p>',
    ),
    ('<a href="javascript:alert(1)">【打印本页】</a>', "【打印本页】"),
    ('<a href="/xxgk/items/2/" onmouseover="x()">见</a>', '<a href="/xxgk/items/2/">见</a>'),
    ('<a linktype="page" id="3">指南</a>', '<a linktype="page" id="3">指南</a>'),
    (
        '<p><embed embedtype="image" id="7" format="left" alt="图"/></p>',
        '<p><embed embedtype="image" id="7" format="left" alt="图"/></p>',
    ),
    (
        '<table border=1 width=600><tr><td colspan=2 style="x">120.5</td></tr></table>',
        '<table><tbody><tr><td colspan="2">120.5</td></tr></tbody></table>',
    ),
    ('<img src="/old/1.jpg" onerror="x()"><p>图后</p>', "<p>图后</p>"),
    ("<form action=/s><input name=q>检索</form>", "检索"),
    ("", ""),
]


@pytest.mark.parametrize(("dirty", "clean"), CASES)
def test_rich_text_is_cleaned_to_what_a_document_needs(dirty, clean):
    assert rich_text_clean(dirty) == clean
    assert rich_text_clean(clean) == clean  # idempotent: saving again changes nothing


@pytest.mark.django_db
def test_every_save_stores_clean_rich_text(settings, tmp_path):
    import datetime as dt

    from gongkai.catalogue.models import CatalogueItem, Category
    from gongkai.orgs.models import Org
    from gongkai.portal.models import GuidePage
    from gongkai.portal.services import org_site_ensure

    org = Org.objects.create(code="qx", name="青溪市人民政府", kind=Org.Kind.GOVERNMENT)
    item = CatalogueItem.objects.create(
        org=org,
        category=Category.objects.filter(org__isnull=True).first(),
        title="通知",
        formed_on=dt.date(2024, 1, 2),
        body="<p>正文</p><script>steal()</script>",
    )
    item.refresh_from_db()
    assert item.body == "<p>正文</p>"
    org_site_ensure(org=org)
    guide = GuidePage.objects.get()
    guide.body = '<h2>一、主动公开</h2><p onclick="x()">内容</p>'
    guide.save()
    guide.refresh_from_db()
    assert guide.body == "<h2>一、主动公开</h2><p>内容</p>"
