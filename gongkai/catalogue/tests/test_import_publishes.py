"""Importing an item as published is publishing it: the same service as sign-off.

Before, imported items were bulk-created live and nothing else happened: they were missing from
search (the index listens to ``post_save``), their attachments kept their authors, no pre-check
finding was recorded, and their HTML was stored as the old CMS had it — a ``<script>`` in an
imported body reached the public page.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command

from gongkai.audit.models import AuditEvent
from gongkai.catalogue.models import CatalogueItem
from gongkai.orgs.models import Org
from gongkai.review.models import PrecheckFinding
from gongkai.supervision.models import FindingKind, SiteCheckFinding
from gongkai.supervision.sitecheck import site_check_run

pytestmark = pytest.mark.django_db

HEADER = "标题,组配分类,成文日期,发布日期,正文,附件\n"
LEGACY_BODY = (
    '<meta charset="gb2312"><style>.TRS_Editor P{line-height:2}</style>'
    '<p class="MsoNormal" style="TEXT-INDENT:2em" onclick="steal()">'
    '<font face="仿宋_GB2312">防汛工作安排如下。</font><o:p></o:p></p>'
    '<script type="text/javascript">document.write("访问次数："+_cnt);</script>'
    '<p><a href="javascript:alert(1)">【打印本页】</a> <a href="/xxgk/">返回</a></p>'
    '<iframe src="/counter/hit.jsp"></iframe>'
    "<table border=1><tr><td colspan=2>专项资金120.5万元</td></tr></table>"
)


def _docx_by(author: str) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.author = author
    document.core_properties.comments = f"{author}修改稿"
    document.add_paragraph("防汛物资清单。联系人手机：13907971234")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def imported(tmp_path, settings):
    """One unit's legacy export: a published item with messy HTML and an attachment by 张伟,
    a published item mentioning a mobile number, and a draft."""
    settings.MEDIA_ROOT = tmp_path / "media"
    from gongkai.portal.services import org_publishing_ensure

    org = Org.objects.create(code="qx-slj", name="青溪市水利局", kind=Org.Kind.DEPARTMENT)
    org_publishing_ensure(org=org)
    (tmp_path / "清单.docx").write_bytes(_docx_by("张伟"))
    rows = [
        ("关于做好2024年防汛工作的通知", "2024-05-06", "2024-05-08", LEGACY_BODY, "清单.docx"),
        ("水利局防汛值班安排", "2024-04-01", "2024-06-28", "值班电话 13907971234。", ""),
        ("防汛演练方案（征求意见稿）", "2024-06-01", "", "<p>演练</p><script>x()</script>", ""),
    ]
    path = tmp_path / "items.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        import csv

        writer = csv.writer(fh)
        writer.writerow(HEADER.strip().split(","))
        for title, formed, published, body, attachment in rows:
            writer.writerow([title, "法规公文类", formed, published, body, attachment])
    out = io.StringIO()
    call_command("import_items", str(path), "--org", "qx-slj", stdout=out, stderr=io.StringIO())
    return {
        "org": org,
        "out": out.getvalue(),
        "items": {i.title: i for i in CatalogueItem.objects.all()},
    }


def test_a_script_in_an_imported_body_never_reaches_the_public_page(imported, client):
    item = imported["items"]["关于做好2024年防汛工作的通知"]
    html = client.get(item.get_absolute_url()).content.decode()
    assert "防汛工作安排如下。" in html and "专项资金120.5万元" in html  # the text stays
    assert "document.write" not in html and "steal()" not in html
    assert "javascript:alert" not in html and "/counter/hit.jsp" not in html
    assert "TRS_Editor" not in html and "TEXT-INDENT" not in html
    assert '<a href="/xxgk/">返回</a>' in html
    # Stored clean too: the API, feeds and the admin read the same row.
    assert "<script" not in item.body and "onclick" not in item.body
    assert "<script" not in imported["items"]["防汛演练方案（征求意见稿）"].body


def test_imported_published_items_are_found_by_the_public_search(imported, client):
    items = imported["items"]
    html = client.get("/search/", {"q": "防汛值班"}).content.decode()
    assert f'href="{items["水利局防汛值班安排"].get_absolute_url()}"' in html
    html = client.get("/search/", {"q": "防汛工作"}).content.decode()
    assert f'href="{items["关于做好2024年防汛工作的通知"].get_absolute_url()}"' in html
    html = client.get("/search/", {"q": "演练方案"}).content.decode()
    assert items["防汛演练方案（征求意见稿）"].get_absolute_url() not in html  # a draft


def test_imported_attachments_lose_their_authors(imported):
    attachment = imported["items"]["关于做好2024年防汛工作的通知"].attachments.get()
    with attachment.file.open("rb") as handle:
        core = zipfile.ZipFile(handle).read("docProps/core.xml").decode()
    assert "张伟" not in core
    assert "attachments_cleaned" in AuditEvent.objects.get(action="catalogue.import").detail


def test_imported_items_are_prechecked_and_the_general_office_sees_the_attachment(imported):
    notice = imported["items"]["关于做好2024年防汛工作的通知"]
    duty = imported["items"]["水利局防汛值班安排"]
    assert PrecheckFinding.objects.filter(item=duty, kind="mobile", field="body").exists()
    in_file = PrecheckFinding.objects.get(item=notice, kind="mobile")
    assert in_file.field.startswith("attachment:") and in_file.masked_value == "139****1234"
    assert "预审发现 2 处" in imported["out"]

    site_check_run()
    listed = SiteCheckFinding.objects.filter(item=notice, kind=FindingKind.PERSONAL_DATA).get()
    assert "清单" in listed.detail and "139****1234" in listed.detail
    assert "13907971234" not in listed.detail


def test_imported_items_get_their_art26_delay_and_one_publication_record(imported):
    duty = imported["items"]["水利局防汛值班安排"]  # formed 1 April, published 28 June 2024
    assert duty.publish_delay_workdays > 20
    notice = imported["items"]["关于做好2024年防汛工作的通知"]
    assert notice.publish_delay_workdays == 2  # 6 May (Mon) → 8 May (Wed)
    event = AuditEvent.objects.get(action="catalogue.published")
    assert event.detail["source"] == "import" and event.detail["count"] == 2
    assert event.detail["indexed"] == 2 and event.detail["late"] == 1
    assert event.org_id == imported["org"].pk
