"""Model-level integration of the clock and the other services (dates checked by hand)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from gongkai.applications import services
from gongkai.applications.models import Application, EventKind, Letter, Status

from .conftest import APPLICANT

SH = zoneinfo.ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db


def submit(org, when=dt.datetime(2025, 9, 15, 10, 0, tzinfo=SH), **overrides):
    return services.application_submit_online(org=org, data=APPLICANT | overrides, now=when)


def test_it_issues_references_per_org_and_year(calendar_2025, org_a, org_b):
    first, second, other = submit(org_a), submit(org_a, description="另一件事"), submit(org_b)
    assert first.reference == "FCFGW-2025-00001"
    assert second.reference == "FCFGW-2025-00002"
    assert other.reference == "FCJYJ-2025-00001"
    assert first.tracking_code != second.tracking_code


def test_online_application_is_due_20_working_days_after_receipt(calendar_2025, org_a):
    app = submit(org_a)
    # Received Monday 2025-09-15. Working days after it: 16–19 Sep (4), 22–26 (9),
    # Sunday 28 Sep make-up day (10), 29–30 (12), 1–8 Oct holiday, 9–10 Oct (14),
    # Saturday 11 Oct make-up day (15), 13–17 Oct (20) -> Friday 2025-10-17.
    assert app.receipt_date == dt.date(2025, 9, 15)
    assert app.due_date == dt.date(2025, 10, 17)
    assert app.due_provisional is False
    assert app.events.filter(kind=EventKind.RECEIVED).count() == 1


def test_it_moves_receipt_on_a_holiday_to_the_next_working_day(calendar_2025, org_a):
    app = submit(org_a, when=dt.datetime(2025, 10, 3, 20, 0, tzinfo=SH))
    # 3 October 2025 is inside the 1–8 October holiday: the next working day is Thursday 9 Oct.
    assert app.receipt_date == dt.date(2025, 10, 9)


def test_it_restarts_the_clock_after_correction(calendar_2025, org_a, officer_a):
    app = submit(org_a)
    letter = services.application_request_correction(
        application=app, actor=officer_a, on=dt.date(2025, 9, 17), items="请写明文件的文号或年份。"
    )
    app.refresh_from_db()
    assert app.status == Status.AWAITING_CORRECTION
    assert app.due_date is None  # no deadline runs while waiting for the applicant
    assert letter.kind == "correction" and "请写明文件的文号或年份" in letter.body
    assert letter.docx.name.endswith(".docx") and letter.pdf.name.endswith(".pdf")

    services.application_receive_correction(
        application=app, on=dt.date(2025, 9, 26), description="2024年老旧小区改造立项批复"
    )
    app.refresh_from_db()
    # Restart from Friday 26 Sep: Sun 28 Sep (1), 29–30 (3), 1–8 Oct off, 9–10 Oct (5),
    # Sat 11 Oct (6), 13–17 (11), 20–24 (16), 27, 28, 29, 30 Oct (20) -> Thursday 2025-10-30.
    assert app.status == Status.IN_PROGRESS
    assert app.due_date == dt.date(2025, 10, 30)
    assert app.description == "2024年老旧小区改造立项批复"
    assert any("重新计算" in step for step in app.clock_steps)


def test_a_consultation_pauses_the_clock(calendar_2025, org_a, officer_a):
    app = services.application_register(
        org=org_a,
        actor=officer_a,
        channel="in_person",
        arrived_on=dt.date(2025, 11, 3),
        data=APPLICANT,
    )
    # Received Monday 3 Nov 2025 (no holidays in Nov): 4–7 (4), 10–14 (9), 17–21 (14),
    # 24–28 (19), Mon 1 Dec (20).
    assert app.due_date == dt.date(2025, 12, 1)
    services.application_start_consultation(
        application=app, actor=officer_a, on=dt.date(2025, 11, 10), party="丰城市某某建设有限公司"
    )
    app.refresh_from_db()
    assert app.status == Status.IN_CONSULTATION
    assert app.letters.filter(kind="consultation").count() == 1
    services.application_end_consultation(
        application=app, actor=officer_a, on=dt.date(2025, 11, 14)
    )
    app.refresh_from_db()
    # Paused after Mon 10 Nov up to Fri 14 Nov: 11, 12, 13, 14 Nov = 4 working days not counted.
    # 1 Dec + 4 working days = Fri 5 Dec 2025.
    assert app.status == Status.IN_PROGRESS
    assert app.due_date == dt.date(2025, 12, 5)


def test_only_the_ogi_office_head_may_extend(calendar_2025, org_a, officer_a, head_a):
    app = submit(org_a)
    with pytest.raises(PermissionDenied):
        services.application_extend(
            application=app, actor=officer_a, on=dt.date(2025, 10, 10), days=20, reason="数量较多"
        )
    services.application_extend(
        application=app, actor=head_a, on=dt.date(2025, 10, 10), days=20, reason="数量较多"
    )
    app.refresh_from_db()
    # 17 Oct + 20 working days: 20–24 (5), 27–31 (10), 3–7 Nov (15), 10–14 Nov (20) -> 14 Nov.
    assert app.due_date == dt.date(2025, 11, 14)
    with pytest.raises(services.ApplicationError):  # only one extension (Art. 33)
        services.application_extend(
            application=app, actor=head_a, on=dt.date(2025, 10, 20), days=5, reason="再延"
        )


def test_a_second_correction_request_is_refused(calendar_2025, org_a, officer_a):
    app = submit(org_a)
    services.application_request_correction(
        application=app, actor=officer_a, on=dt.date(2025, 9, 16), items="补充文号"
    )
    services.application_receive_correction(application=app, on=dt.date(2025, 9, 18))
    with pytest.raises(services.ApplicationError):
        services.application_request_correction(
            application=app, actor=officer_a, on=dt.date(2025, 9, 19), items="再补充"
        )


def test_fee_notice_amount_and_pause(calendar_2025, org_a, officer_a):
    app = services.application_register(
        org=org_a,
        actor=officer_a,
        channel="in_person",
        arrived_on=dt.date(2025, 11, 3),
        data=APPLICANT,
    )
    letter = services.application_send_fee_notice(
        application=app, actor=officer_a, on=dt.date(2025, 11, 5), method="per_page", quantity=120
    )
    app.refresh_from_db()
    # 120 pages: 1–30 free, 31–100 = 70 × 10 = 700, 101–120 = 20 × 20 = 400 -> 1100 yuan.
    assert app.fee_amount == 1100
    assert app.status == Status.AWAITING_FEE
    assert "1100" in letter.body
    services.application_record_payment(application=app, actor=officer_a, on=dt.date(2025, 11, 7))
    app.refresh_from_db()
    # Paused after Wed 5 Nov up to Fri 7 Nov: 6, 7 Nov = 2 working days; 1 Dec + 2 = Wed 3 Dec.
    assert app.due_date == dt.date(2025, 12, 3)


def test_conclude_needs_one_coded_outcome(calendar_2025, org_a, officer_a):
    app = submit(org_a)
    with pytest.raises(services.ApplicationError):
        services.application_conclude(
            application=app,
            actor=officer_a,
            on=dt.date(2025, 9, 30),
            outcome="yes",
            legal_basis="x",
        )
    letter = services.application_conclude(
        application=app,
        actor=officer_a,
        on=dt.date(2025, 9, 30),
        outcome="partial",
        legal_basis="《中华人民共和国政府信息公开条例》第三十七条",
        reply_summary="提供立项批复，删除个人信息。",
    )
    app.refresh_from_db()
    assert app.status == Status.CONCLUDED and app.outcome == "partial"
    assert app.concluded_on == dt.date(2025, 9, 30)
    assert letter.title == "政府信息公开申请答复书"
    assert "部分公开" in letter.body


def test_the_database_refuses_a_concluded_application_without_outcome(calendar_2025, org_a):
    app = submit(org_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(status=Status.CONCLUDED)


def test_it_flags_duplicates_from_the_same_applicant(calendar_2025, org_a):
    first = submit(org_a)
    same = submit(org_a, description="2024年丰城市城区老旧小区改造项目的立项批复文件。")
    similar = submit(org_a, description="2024年丰城市城区老旧小区改造项目的资金批复文件")
    unrelated = submit(org_a, description="本局2023年部门决算")
    other_person = submit(org_a, id_number="110101199003079999", phone="13900000000")
    same.refresh_from_db(), similar.refresh_from_db()
    assert (same.duplicate_of_id, same.duplicate_kind) == (first.pk, "same")
    assert similar.duplicate_kind == "similar"
    unrelated.refresh_from_db(), other_person.refresh_from_db()
    assert unrelated.duplicate_of_id is None
    assert other_person.duplicate_of_id is None


def test_transfer_answers_unable_and_registers_at_the_responsible_org(
    calendar_2025, org_a, org_b, officer_a
):
    app = submit(org_a)
    services.application_transfer(
        application=app, actor=officer_a, on=dt.date(2025, 9, 18), to_org=org_b
    )
    app.refresh_from_db()
    assert app.status == Status.TRANSFERRED and app.outcome == "unable.1"
    new = Application.objects.get(org=org_b)
    assert new.transferred_from_id == app.pk
    assert new.receipt_date == dt.date(2025, 9, 18)
    assert new.applicant_name == "张三丰"


def test_publish_as_item_creates_a_draft_catalogue_item(calendar_2025, org_a, officer_a):
    from gongkai.catalogue.models import Category

    cat = Category.objects.create(org=None, name="其他", slug="other")
    apps = [submit(org_a), submit(org_a, id_number="110101199003079999", phone="13900000000")]
    item = services.application_publish_as_item(
        applications=apps, actor=officer_a, title="老旧小区改造立项批复", category=cat
    )
    assert item.live is False and item.org == org_a and item.index_number
    for app in apps:
        app.refresh_from_db()
        assert app.published_item_id == item.pk
        assert app.events.filter(kind=EventKind.PUBLISHED_AS_ITEM).exists()
    assert Letter.objects.count() == 0


def test_publish_as_item_refuses_a_default_class_when_the_org_has_its_own(
    calendar_2025, org_a, officer_a
):
    from gongkai.catalogue.models import Category

    default = Category.objects.create(org=None, name="其他", slug="other")
    Category.objects.create(org=org_a, name="其他", slug="other-a")
    app = submit(org_a)
    with pytest.raises(services.ApplicationError, match="不属于该发布机构"):
        services.application_publish_as_item(
            applications=[app], actor=officer_a, title="老旧小区改造立项批复", category=default
        )
