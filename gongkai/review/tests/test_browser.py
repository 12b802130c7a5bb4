"""Review before publishing in a real browser: editor → pre-check → reviewer masks and
approves → signer signs → the public page shows masked values only → the 送审单 has both steps."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.services import staff_create

VALID_ID = "11010519491231002X"  # GB 11643's own example; see test_review_workflow.py
MOBILE = "13812345678"
PASSWORD = "Lanjiang-2025-review"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def people(transactional_db):
    gov = Org.objects.create(code="gov", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
    edu = Org.objects.create(code="edu", name="澜江市教育局", kind="department", parent=gov)
    Category.objects.create(org=edu, name="工作动态类", slug="news")
    from gongkai.portal.services import org_site_ensure, portal_ensure_site

    portal_ensure_site()
    org_site_ensure(org=edu)
    return {
        role: staff_create(
            org=edu, username=f"edu-{role.value}", password=PASSWORD, roles=[role], full_name=name
        )
        for role, name in [
            (Role.EDITOR, "李信息"),
            (Role.REVIEWER, "王审查"),
            (Role.SIGNER, "赵签发"),
        ]
    }


def login(browser, live_server, username):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def workflow_action(page, label, opinion, basis=""):
    """Open the footer's action menu, choose the workflow action, fill the opinion modal."""
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name=label).click()
    page.fill("textarea[name=opinion]", opinion)
    if basis:
        page.fill("input[name=basis]", basis)
    # The modal collects the opinion, then the edit form is submitted with it.
    with page.expect_navigation():
        page.locator(".modal button[type=submit]").click()


def test_review_and_signoff_in_a_real_browser(chromium, live_server, people):
    editor = login(chromium, live_server, "edu-editor")
    editor.goto(f"{live_server.url}/admin/snippets/catalogue/catalogueitem/add/")
    editor.fill("#id_title", "关于2025年秋季学期学生资助名单的公示")
    editor.select_option("#id_category", label="工作动态类")
    editor.fill("#id_formed_on", dt.date.today().isoformat())
    editor.locator(".Draftail-Editor [contenteditable=true]").first.click()
    editor.keyboard.type(f"学生张三，身份证号{VALID_ID}，联系电话{MOBILE}。")
    # Draftail writes its hidden input when the editor loses focus.
    editor.locator("#id_keywords").click()
    editor.wait_for_timeout(300)
    editor.locator("footer .w-dropdown__toggle").first.click()
    editor.locator("button[name=action-submit]").click()
    editor.wait_for_load_state("networkidle")

    items = list(CatalogueItem.objects.filter(title__startswith="关于2025年秋季学期"))
    assert len(items) == 1
    item = items[-1]
    assert item.current_workflow_task is not None, item.get_latest_revision().content
    assert sorted(item.precheck_findings.values_list("kind", flat=True)) == ["id_number", "mobile"]

    reviewer = login(chromium, live_server, "edu-reviewer")
    reviewer.goto(f"{live_server.url}/admin/review/queue/")
    reviewer.get_by_role("link", name=item.title).click()
    for _ in range(2):
        reviewer.locator("button[data-action=mask]").first.click()
        reviewer.wait_for_load_state("networkidle")
    assert reviewer.locator("button[data-action=mask]").count() == 0
    reviewer.get_by_role("link", name="打开编辑页（办理审批）").click()
    workflow_action(reviewer, "审查通过", "已遮盖身份证号和手机号，同意公开。", "条例第十五条")

    signer = login(chromium, live_server, "edu-signer")
    signer.goto(f"{live_server.url}/admin/snippets/catalogue/catalogueitem/edit/{item.pk}/")
    workflow_action(signer, "同意签发", "同意发布。")

    item.refresh_from_db()
    assert item.live
    public = chromium.new_page()
    public.goto(f"{live_server.url}{item.get_absolute_url()}")
    text = public.content()
    assert "110***********002X" in text and "138****5678" in text
    assert VALID_ID not in text and MOBILE not in text

    reviewer.goto(f"{live_server.url}/admin/review/items/{item.pk}/record/")
    record = reviewer.locator("body").inner_text()
    assert "已遮盖身份证号和手机号，同意公开。" in record and "同意发布。" in record
    assert "王审查" in record and "赵签发" in record
    pdf = reviewer.request.get(f"{live_server.url}/admin/review/items/{item.pk}/record/?format=pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
