"""Under the Content-Security-Policy the portal and the admin still work, in a real browser.

Every response carries a CSP (scripts only from the site itself) and a Permissions-Policy.
This walk opens the public pages of items imported from a legacy CMS and the admin pages staff
use most (the item editor with Draftail, the page editor, the review workbench), and fails on
any CSP violation or script error in Chromium's console. Screenshots of the imported item pages
(desktop and phone) are kept for a person to look at.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from conftest import PHONE
from gongkai.catalogue.models import CatalogueItem
from gongkai.portal.models import GuidePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REGISTER = "代码,名称,类型,上级\nqx,青溪市人民政府,政府,\nqx-slj,青溪市水利局,部门,qx\n"
ITEMS = (
    "标题,组配分类,主题分类,成文日期,发布日期,正文\n"
    '关于做好2024年防汛工作的通知,法规公文类,"农业、林业、水利",2024-05-06,2024-05-08,'
    '"<p style=""text-indent:2em"" onclick=""alert(1)"">各乡镇、各有关单位：防汛工作安排如下。</p>'
    "<script>document.title='hacked'</script>"
    "<table border=1><tr><td>专项资金</td><td>120.5万元</td></tr></table>"
    '<p><a href=""javascript:alert(2)"">【打印本页】</a></p>"\n'
    "水利局召开防汛工作推进会,工作动态类,,2024-06-03,2024-06-03,会议部署了汛期值班工作。\n"
)


@pytest.fixture
def city(transactional_db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "orgs.csv").write_text(REGISTER, encoding="utf-8")
    (tmp_path / "items.csv").write_text(ITEMS, encoding="utf-8")
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("import_orgs", str(tmp_path / "orgs.csv"), **quiet)
    call_command("import_items", str(tmp_path / "items.csv"), "--org", "qx-slj", **quiet)
    return {i.title: i for i in CatalogueItem.objects.all()}


def _watch(page) -> list[str]:
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"{page.url}: {msg.text}")
            if msg.type in ("error", "warning")
            and ("Content Security Policy" in msg.text or "Refused to" in msg.text)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def test_the_portal_works_under_the_csp_and_imported_scripts_never_run(
    chromium, live_server, city, screenshot
):
    notice = city["关于做好2024年防汛工作的通知"]
    for name, options in (
        ("desktop", {"viewport": {"width": 1366, "height": 900}}),
        ("phone", PHONE),
    ):
        context = chromium.new_context(locale="zh-CN", **options)
        page = context.new_page()
        problems = _watch(page)
        response = page.goto(f"{live_server.url}{notice.get_absolute_url()}")
        policy = response.headers["content-security-policy"]
        script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
        assert "'self'" in script_src and "unsafe-inline" not in script_src
        assert "camera=()" in response.headers["permissions-policy"]
        assert page.title() != "hacked"
        assert page.get_by_text("各乡镇、各有关单位：防汛工作安排如下。").is_visible()
        assert page.locator("table").get_by_text("120.5万元").is_visible()
        screenshot(page, f"imported-item-{name}")
        for path in ("/", "/xxgk/", "/xxgk/qx-slj/", "/search/?q=防汛", "/apply/", "/mailbox/"):
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
        screenshot(page, f"mailbox-{name}")
        assert problems == [], "\n".join(problems)
        context.close()


def test_the_admin_works_under_the_csp(
    staff_browser, live_server, city, django_user_model, screenshot
):
    admin = django_user_model.objects.create_superuser("root", password="x-Pass-2024-root")
    notice = city["关于做好2024年防汛工作的通知"]
    guide = GuidePage.objects.first()
    page = staff_browser(admin).new_page()
    problems = _watch(page)
    for path in (
        "/admin/",
        "/admin/snippets/catalogue/catalogueitem/",
        f"/admin/snippets/catalogue/catalogueitem/edit/{notice.pk}/",
        "/admin/snippets/catalogue/catalogueitem/add/",
        f"/admin/pages/{guide.pk}/edit/",
        f"/admin/review/items/{notice.pk}/",
        "/admin/review/queue/",
        "/admin/supervision/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # The item editor's rich-text field (Draftail) is a script: it must have started.
    page.goto(f"{live_server.url}/admin/snippets/catalogue/catalogueitem/edit/{notice.pk}/")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.wait_for()
    assert "防汛工作安排如下" in editor.inner_text()
    screenshot(page, "item-editor")
    assert problems == [], "\n".join(problems)
