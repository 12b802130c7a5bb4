"""Public form, tracking page, staff scoping and masking, ledger import, reminders."""

from __future__ import annotations

import datetime as dt
import io
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from gongkai.applications import services
from gongkai.applications.models import Application, ApplicationEvent, EventKind
from gongkai.applications.periodic import send_deadline_reminders

from .conftest import APPLICANT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _post_apply(client, org, **overrides):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.get("/apply/")
    answer = client.session["apply_captcha"]
    data = (
        {k: v for k, v in APPLICANT.items()}
        | {
            "org": org.pk,
            "agree": "on",
            "captcha": answer,
            "website": "",
        }
        | overrides
    )
    data["proof"] = SimpleUploadedFile("id.png", PNG, content_type="image/png")
    return client.post("/apply/", data)


def test_a_citizen_applies_online_and_gets_a_tracking_code(client, calendar_2025, org_a):
    response = _post_apply(client, org_a)
    assert response.status_code == 302 and response["Location"] == "/apply/done/"
    app = Application.objects.get()
    assert app.proofs.count() == 1 and app.channel == "online"
    page = client.get("/apply/done/").content.decode()
    assert app.tracking_code in page and app.reference in page


def test_the_form_keeps_what_the_applicant_typed_on_error(client, calendar_2025, org_a):
    response = _post_apply(client, org_a, id_number="12345")  # not an 18-digit resident ID
    assert response.status_code == 400
    page = response.content.decode()
    assert "居民身份证号码应为18位" in page
    assert 'value="张三丰"' in page and APPLICANT["description"] in page
    assert 'value="13812345678"' in page
    assert Application.objects.count() == 0


def test_a_wrong_captcha_is_refused(client, calendar_2025, org_a):
    response = _post_apply(client, org_a, captcha="999")
    assert response.status_code == 400 and Application.objects.count() == 0


def test_the_question_in_words_is_on_the_same_page_so_nothing_typed_is_lost(
    client, calendar_2025, org_a
):
    import re

    from gongkai.core.antiabuse import CN_DIGITS

    response = _post_apply(client, org_a, captcha="999")
    html = response.content.decode()
    assert 'value="张三丰"' in html and "?captcha=text" not in html
    match = re.search(r'class="captcha-words">.*?<p>(.)加(.)等于几？</p>', html, re.S)
    assert match, "the question in words is on the page"
    assert (
        str(CN_DIGITS.index(match[1]) + CN_DIGITS.index(match[2]))
        == client.session["apply_captcha"]
    )


@override_settings(GONGKAI_APPLY_RATE="2/3600")
def test_submissions_are_rate_limited(client, calendar_2025, org_a):
    from django.core.cache import cache

    cache.clear()
    assert _post_apply(client, org_a).status_code == 302
    assert _post_apply(client, org_a, description="另一件").status_code == 302
    assert _post_apply(client, org_a, description="第三件").status_code == 429
    assert Application.objects.count() == 2
    cache.clear()


def test_tracking_needs_the_second_factor(client, app_a):
    from django.core.cache import cache

    cache.clear()
    wrong = client.post("/apply/track/", {"code": app_a.tracking_code, "last4": "0000"})
    assert wrong.status_code == 404
    assert client.get(f"/apply/track/{app_a.tracking_code}/").status_code == 302  # not unlocked
    ok = client.post("/apply/track/", {"code": app_a.tracking_code.lower(), "last4": "5678"})
    assert ok.status_code == 302
    page = client.get(ok["Location"]).content.decode()
    assert app_a.reference in page and "2025年10月17日" in page  # due date, hand-checked
    assert "张三丰" not in page and "13812345678" not in page  # no personal data on public pages


def test_a_correction_sent_online_on_a_saturday_counts_from_the_next_working_day(
    client, app_a, officer_a, monkeypatch
):
    """Art. 30/31: the corrected application sent online on Saturday 27 September 2025 is
    received on the next working day, Sunday 28 September (a make-up working day for National
    Day); the 20 working days then run to Friday 31 October (1–8 October not counted, Saturday
    11 October worked)."""
    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()
    services.application_request_correction(
        application=app_a, actor=officer_a, on=dt.date(2025, 9, 26), items="请写明年份。"
    )
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2025, 9, 27))
    client.post("/apply/track/", {"code": app_a.tracking_code, "last4": "5678"})
    client.post(f"/apply/track/{app_a.tracking_code}/correct/", {"description": "2024年的批复"})
    app_a.refresh_from_db()
    assert app_a.status == "in_progress"
    assert app_a.events.get(kind=EventKind.CORRECTION_RECEIVED).on == dt.date(2025, 9, 28)
    assert app_a.due_date == dt.date(2025, 10, 31)


def test_other_orgs_staff_get_404_and_cannot_act(client, app_a, officer_b):
    client.force_login(officer_b)
    assert client.get(f"/admin/applications/{app_a.pk}/").status_code == 404
    response = client.post(f"/admin/applications/{app_a.pk}/action/note/", {"note": "x"})
    assert response.status_code == 404
    listing = client.get("/admin/applications/?tab=all").content.decode()
    assert app_a.reference not in listing


def test_the_handling_org_sees_personal_data_masked_in_lists_only(client, app_a, officer_a):
    client.force_login(officer_a)
    listing = client.get("/admin/applications/?tab=all").content.decode()
    assert app_a.reference in listing and "张**" in listing and "138****5678" in listing
    assert "13812345678" not in listing
    detail = client.get(f"/admin/applications/{app_a.pk}/").content.decode()
    assert "13812345678" in detail and "110101199003071233" in detail


def test_the_general_office_supervisor_reads_masked_and_cannot_act(client, app_a, supervisor):
    client.force_login(supervisor)
    detail = client.get(f"/admin/applications/{app_a.pk}/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "138****5678" in page and "13812345678" not in page
    response = client.post(f"/admin/applications/{app_a.pk}/action/note/", {"note": "x"})
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response["Location"] == "/admin/"
    assert not app_a.events.filter(kind=EventKind.NOTE).exists()


def test_an_officer_acts_through_the_workspace(client, app_a, officer_a):
    client.force_login(officer_a)
    response = client.post(
        f"/admin/applications/{app_a.pk}/action/correction/",
        {"on": "2025-09-17", "items": "请写明文号", "period_days": "15"},
    )
    assert response.status_code == 302
    app_a.refresh_from_db()
    assert app_a.status == "awaiting_correction"
    letter = app_a.letters.get()
    pdf = client.get(f"/admin/applications/{app_a.pk}/letters/{letter.pk}.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_ledger_export_masks_names(client, app_a, officer_a):
    from openpyxl import load_workbook

    client.force_login(officer_a)
    response = client.get("/admin/applications/?tab=all&export=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "收到日期", "申请人类型", "申请人")
    assert rows[1][0] == app_a.reference and rows[1][3] == "张**"


def test_import_is_all_or_nothing_and_names_file_and_line(tmp_path, org_a, calendar_2025):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "编号,收到日期,申请人类型,申请人,申请内容,渠道,办结日期,办理结果\n"
        "A-1,2024-03-01,自然人,王五,预算,网上申请,2024-03-20,予以公开\n"
        "A-2,2024-03-02,外星人,赵六,决算,,,\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("import_applications", str(path), "--org", org_a.code, stderr=err)
    assert exc.value.code == 1
    assert f"{path}:3: 申请人类型“外星人”无效" in err.getvalue()
    assert Application.objects.count() == 0


def test_import_creates_concluded_and_open_applications(tmp_path, org_a, calendar_2025):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "reference,received_on,applicant_type,subject,concluded_on,outcome\n"
        "A-1,2025-03-03,business,预算,2025-03-20,denied.4\n"
        "A-2,2025-11-03,natural_person,决算,,\n",
        encoding="utf-8",
    )
    call_command("import_applications", str(path), "--org", org_a.code, stdout=io.StringIO())
    done, open_ = Application.objects.get(reference="A-1"), Application.objects.get(reference="A-2")
    assert (done.status, done.outcome) == ("concluded", "denied.4")
    assert open_.due_date == dt.date(2025, 12, 1)  # 3 Nov 2025 + 20 working days, see services


def test_reminders_are_sent_once_per_due_date(app_a, officer_a):
    officer_a.email = "officer@example.gov.cn"
    officer_a.save()
    services.application_assign(application=app_a, officer=officer_a, actor=officer_a)
    # Due Fri 17 Oct 2025; on Fri 10 Oct it is 5 working days away (11 Oct is a make-up
    # Saturday: 11, 13, 14, 15, 16 → 16 Oct; hmm — 17 Oct is 6 away) so use Mon 13 Oct:
    # 14, 15, 16, 17 Oct = 4 working days away, within 5.
    send_deadline_reminders(today=dt.date(2025, 10, 13))
    send_deadline_reminders(today=dt.date(2025, 10, 14))
    assert ApplicationEvent.objects.filter(kind=EventKind.REMINDER_DUE_SOON).count() == 1
    send_deadline_reminders(today=dt.date(2025, 10, 20))
    send_deadline_reminders(today=dt.date(2025, 10, 21))
    assert ApplicationEvent.objects.filter(kind=EventKind.REMINDER_OVERDUE).count() == 1
    assert [m.to for m in mail.outbox] == [["officer@example.gov.cn"]] * 2


def test_the_dashboard_warns_of_overdue_applications(client, app_a, officer_a):
    # app_a was due on 17 Oct 2025, long before any day these tests run.
    client.force_login(officer_a)
    page = client.get("/admin/").content.decode()
    assert "依申请公开期限提醒" in page and "已超期：1 件" in page
