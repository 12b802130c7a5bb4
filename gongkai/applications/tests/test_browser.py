"""End to end in a real browser (Chromium via Playwright): apply → correction → corrected
application restarts the clock → partial disclosure submitted for approval → the signer approves
and the reply letter is issued → tracking page."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PHONE

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _session_value(context, key):
    from django.contrib.sessions.backends.db import SessionStore

    sid = next(c["value"] for c in context.cookies() if c["name"] == "sessionid")
    return SessionStore(session_key=sid).load().get(key)


def test_citizen_and_officer_in_a_real_browser(
    chromium, live_server, org_a, officer_a, staff_browser, screenshot
):
    from django.utils import timezone

    from gongkai.applications.models import Application
    from gongkai.calendar.selectors import get_work_calendar, work_calendar_invalidate
    from gongkai.calendar.workdays import naive_add_workdays
    from gongkai.orgs.roles import Role
    from gongkai.orgs.testing import make_staff

    work_calendar_invalidate()
    signer_a = make_staff("signer_a", org_a, Role.SIGNER)
    base = live_server.url

    # --- the citizen applies online -------------------------------------------------------
    citizen = chromium.new_context(**PHONE)
    page = citizen.new_page()
    page.goto(f"{base}/apply/")
    page.select_option("#id_org", str(org_a.pk))
    page.check("input[name=applicant_type][value=natural_person]")
    page.fill("#id_applicant_name", "张三丰")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "110101199003071233")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_email", "zhang@example.com")
    page.fill("#id_description", "老旧小区改造项目的批复")
    page.check("input[name=delivery_form][value=electronic]")
    page.check("input[name=delivery_way][value=email]")
    page.set_input_files(
        "#id_proof", files=[{"name": "id.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.check("#id_agree")
    page.fill("#id_captcha", _session_value(citizen, "apply_captcha"))
    screenshot(page, "citizen-fills-the-form")
    page.click("form.apply-form button[type=submit]")
    page.wait_for_url(f"{base}/apply/done/")
    screenshot(page, "citizen-gets-the-tracking-code")
    code = page.inner_text("#tracking-code").strip()
    app = Application.objects.get(tracking_code=code)
    calendar = get_work_calendar()
    receipt = calendar.next_workday(timezone.localdate()).date
    assert app.receipt_date == receipt

    # --- the officer asks for a correction --------------------------------------------------
    desk = staff_browser(officer_a).new_page()
    desk.goto(f"{base}/admin/applications/{app.pk}/")
    desk.click("#action-correction summary")
    desk.fill("#id_correction_on", receipt.isoformat())
    desk.fill("#id_correction_items", "请写明批复的年份和项目名称。")
    desk.click("#action-correction button[type=submit]")
    desk.wait_for_selector("text=待补正")

    # --- the citizen tracks it and sends the corrected application -------------------------
    page.goto(f"{base}/apply/track/")
    page.fill("#id_code", code)
    page.fill("#id_last4", "5678")
    page.click("form.apply-form button[type=submit]")
    page.wait_for_selector("#correct-h")
    assert "补正告知书" in page.inner_text("#letters")
    page.fill("#id_correct_description", "2024年城区老旧小区改造项目的立项批复")
    page.click("#correct-h ~ form button[type=submit]")
    page.wait_for_selector("#due-date")
    app.refresh_from_db()
    corrected_on = calendar.next_workday(timezone.localdate()).date
    # Independent oracle: the day-by-day loop counts 20 working days after the corrected
    # application's receipt (the model tests check such dates by hand).
    expected_due = naive_add_workdays(calendar, corrected_on, 20)
    assert app.due_date == expected_due
    assert f"{expected_due.year}年{expected_due.month}月{expected_due.day}日" in page.inner_text(
        "#due-date"
    )

    # --- the officer concludes with partial disclosure and the reply letter ---------------
    desk.goto(f"{base}/admin/applications/{app.pk}/")
    desk.click("#action-release summary")
    desk.fill("#id_release_on", corrected_on.isoformat())
    desk.fill("#id_release_title", "立项批复（删除个人信息）")
    desk.set_input_files(
        "#id_release_file",
        files=[{"name": "pifu.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}],
    )
    desk.click("#action-release button[type=submit]")
    desk.wait_for_selector("text=立项批复（删除个人信息）")
    desk.click("#action-reply summary")
    desk.select_option("#id_reply_outcome", "partial")
    desk.fill("#id_reply_legal_basis", "《中华人民共和国政府信息公开条例》第十五条、第三十七条")
    desk.fill("#id_reply_reply_summary", "提供立项批复，其中涉及个人隐私的内容已作删除处理。")
    desk.click("#action-reply button[type=submit]")
    desk.wait_for_selector("#app-reply-pending")

    # --- the org's signer approves; the reply goes out ----------------------------------------
    desk = staff_browser(signer_a).new_page()
    desk.goto(f"{base}/admin/applications/{app.pk}/")
    assert "部分公开" in desk.inner_text("#pending-outcome")
    desk.fill("#id_decide_on", corrected_on.isoformat())
    desk.fill("#id_decide_opinion", "同意。")
    desk.click("#reply-decision button[type=submit] >> nth=0")
    desk.wait_for_selector("#app-outcome")
    screenshot(desk, "signer-approved-the-reply")
    assert "部分公开" in desk.inner_text("#app-outcome")

    # --- the tracking page shows all of it --------------------------------------------------
    page.goto(f"{base}/apply/track/{code}/")
    screenshot(page, "citizen-tracks-the-concluded-application")
    assert page.inner_text("#status").strip() == "已办结"
    assert "部分公开" in page.inner_text("#outcome")
    letters = page.inner_text("#letters")
    assert "补正告知书" in letters and "政府信息公开申请答复书" in letters
    assert "立项批复（删除个人信息）" in page.inner_text("#released")
    timeline = page.inner_text("#timeline")
    for label in ("收到申请", "告知补正", "收到补正", "提供信息", "作出答复"):
        assert label in timeline
    with page.expect_download() as download:
        page.click("#letters a:text('PDF') >> nth=-1")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert "13812345678" not in page.content()
