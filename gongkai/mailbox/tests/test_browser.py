"""The whole path in a real browser (Chromium via Playwright): a citizen writes → the general
office routes → the org replies (drafted, then approved) → the citizen rates 不满意 → the letter
is reopened with a new deadline → the second reply is rated 满意 → the public list shows it
without the writer's contact details."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps

from gongkai.calendar.selectors import get_work_calendar
from gongkai.mailbox.models import Letter, LetterCategory, Mailbox, Status
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role

from .conftest import LETTER, PASSWORD, make_staff

CN_DIGITS = "零一二三四五六七八九"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("gongkai.mailbox.tests.urls"),
]


@pytest.fixture
def world(transactional_db):
    """Groups, permissions and categories come from data migrations, which a transactional
    test's flush removes: put them back the way the migrations do."""
    importlib.import_module("gongkai.orgs.migrations.0002_role_groups").create_groups(
        django_apps, None
    )
    importlib.import_module("gongkai.mailbox.migrations.0002_categories_and_permissions").forwards(
        django_apps, None
    )
    gov = Org.objects.create(code="LJ", name="澜江市人民政府", kind=Org.Kind.GOVERNMENT)
    dept = Org.objects.create(
        code="LJZJJ", name="澜江市住房和城乡建设局", kind=Org.Kind.DEPARTMENT, parent=gov
    )
    Mailbox.objects.create(org=gov, name="市长信箱", is_mayor=True)
    return {
        "dept": dept,
        "supervisor": make_staff("supervisor", gov, Role.SUPERVISOR),
        "officer": make_staff("officer", dept, Role.EDITOR),
        "reviewer": make_staff("reviewer", dept, Role.REVIEWER),
    }


def solve(words: str) -> str:
    """The captcha's text form, '三加五等于几？', answered as a person would."""
    m = re.match(r"(.)加(.)等于几", words)
    return str(CN_DIGITS.index(m.group(1)) + CN_DIGITS.index(m.group(2)))


def staff_page(browser, base, username):
    page = browser.new_context().new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


def reply_and_approve(browser, base, letter, text):
    officer = staff_page(browser, base, "officer")
    officer.goto(f"{base}/admin/mailbox/{letter.pk}/")
    officer.fill("textarea[name=text]", text)
    officer.click("text=提交审核")
    officer.wait_for_selector("#pending-reply")
    reviewer = staff_page(browser, base, "reviewer")
    reviewer.goto(f"{base}/admin/mailbox/{letter.pk}/")
    reviewer.click("button[name=approve]")
    reviewer.wait_for_selector("text=审核通过，答复已发出")


def test_a_letter_from_writing_to_the_public_list(chromium, live_server, world):
    base = live_server.url
    citizen = chromium.new_context().new_page()

    # 1. The citizen writes (the captcha in its text form, for screen-reader users).
    citizen.goto(f"{base}/mailbox/?captcha=text")
    citizen.select_option("#id_category", label="咨询")
    citizen.fill("#id_subject", LETTER["subject"])
    citizen.fill("#id_content", "我是李晓梅，想了解加装电梯补贴。电话13912345678。")
    citizen.fill("#id_writer_name", LETTER["writer_name"])
    citizen.fill("#id_writer_phone", LETTER["writer_phone"])
    citizen.fill("#id_writer_email", LETTER["writer_email"])
    citizen.check("#id_may_publish")
    citizen.fill("#id_captcha", solve(citizen.inner_text("#captcha-question")))
    citizen.click("text=提交")
    code = citizen.inner_text("#tracking-code").strip()
    letter = Letter.objects.get(tracking_code=code)
    assert letter.status == Status.SUBMITTED

    # 2. The general office routes it to the department.
    office = staff_page(chromium, base, "supervisor")
    office.goto(f"{base}/admin/mailbox/{letter.pk}/")
    office.select_option("select[name=org]", label=world["dept"].name)
    office.click("button:has-text('转办')")
    office.wait_for_selector("text=已转办")

    # 3. The department drafts a reply; its reviewer approves it and it goes out.
    reply_and_approve(chromium, base, letter, "补贴标准为每台10万元。")

    # 4. The citizen tracks the letter and rates the reply 不满意.
    citizen.goto(f"{base}/mailbox/track/")
    citizen.fill("#id_code", code)
    citizen.fill("#id_last4", "5678")
    citizen.click("button:has-text('查询')")
    citizen.check("input[name=rating][value=dissatisfied]")
    citizen.fill("textarea[name=comment]", "没有说明申请流程")
    citizen.click("text=提交评价")
    citizen.wait_for_selector("text=重新办理")

    # 5. The letter is back with the department, with a new deadline counted from today.
    letter.refresh_from_db()
    assert letter.status == Status.REOPENED
    assert letter.assigned_org == world["dept"]
    consult = LetterCategory.objects.get(name="咨询")
    expected = get_work_calendar().add_workdays(letter.awaiting_since, consult.reply_workdays)
    assert letter.due_date == expected.date
    assert citizen.inner_text("#due-date").startswith(letter.due_date.isoformat())

    # 6. A second reply, rated 满意, closes the letter.
    reply_and_approve(chromium, base, letter, "申请流程：向街道提交申请表。")
    citizen.reload()
    citizen.check("input[name=rating][value=satisfied]")
    citizen.click("text=提交评价")
    citizen.wait_for_selector("#letter-status:has-text('已办结')")

    # 7. The public list shows it, without the writer's contact details.
    visitor = chromium.new_context().new_page()
    visitor.goto(f"{base}/mailbox/letters/")
    visitor.click(f"text={LETTER['subject']}")
    body = visitor.inner_text("main")
    assert "申请流程：向街道提交申请表。" in body
    for secret in (LETTER["writer_name"], LETTER["writer_phone"], LETTER["writer_email"]):
        assert secret not in body
    assert "李**" in body and "139****5678" in body
