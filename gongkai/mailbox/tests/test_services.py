"""The letter's life: submission with deadlines across 调休, routing, passing back, reviewed
replies, ratings that reopen and escalate, reminders and the three-month alarm, figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.mailbox import services
from gongkai.mailbox.models import EventKind, Letter, LetterAttachment, LetterEvent, Status
from gongkai.mailbox.periodic import mailbox_reminders
from gongkai.mailbox.selectors import mailbox_figures
from gongkai.orgs.roles import Role

from .conftest import LETTER, make_staff

TZ = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def submit(mailbox, category, *, now, **over):
    data = {**LETTER, **over}
    return services.letter_submit(mailbox=mailbox, category=category, now=now, **data)


def reply(letter, officer, reviewer, *, now, text="答复如下：……"):
    draft = services.letter_reply_draft(letter=letter, user=officer, text=text)
    return services.letter_reply_approve(reply=draft, user=reviewer, now=now)


@pytest.fixture
def routed(mayor_box, consult, org_a, supervisor, calendar_2025):
    letter = submit(mayor_box, consult, now=at(2025, 9, 30))
    return services.letter_route(letter=letter, org=org_a, user=supervisor)


def test_a_consultation_sent_before_the_national_day_is_due_after_the_make_up_saturday(
    mayor_box, consult, calendar_2025
):
    letter = submit(mayor_box, consult, now=at(2025, 9, 30))
    # Tue 30 Sep: Thu 9 (1), Fri 10 (2), Sat 11 (调休, 3), Mon 13 (4), Tue 14 Oct (5).
    assert letter.due_date == dt.date(2025, 10, 14)
    assert letter.status == Status.SUBMITTED
    assert letter.assigned_org is None
    assert letter.tracking_code.startswith("XJ")


def test_a_letter_to_an_orgs_own_mailbox_needs_no_routing(box_a, complaint, org_a, calendar_2025):
    letter = submit(box_a, complaint, now=at(2025, 9, 26))
    assert letter.status == Status.ROUTED
    assert letter.assigned_org == org_a
    # Fri 26 Sep + 15 working days: 28, 29, 30 (3), 9, 10, 11 (6), 13–17 (11), 20–23 Oct (15).
    assert letter.due_date == dt.date(2025, 10, 23)


def test_only_the_general_office_routes(mayor_box, consult, org_a, officer_a):
    letter = submit(mayor_box, consult, now=timezone.now())
    with pytest.raises(PermissionDenied):
        services.letter_route(letter=letter, org=org_a, user=officer_a)


def test_an_org_passes_a_letter_back_with_a_reason(routed, officer_a, org_a):
    with pytest.raises(ValidationError):
        services.letter_pass_back(letter=routed, user=officer_a, reason="  ")
    letter = services.letter_pass_back(letter=routed, user=officer_a, reason="属于教育局职责")
    assert letter.status == Status.SUBMITTED
    assert letter.assigned_org is None
    event = letter.events.get(kind=EventKind.PASSED_BACK)
    assert event.note == "属于教育局职责" and event.org == org_a
    # The deadline keeps running from receipt.
    assert letter.due_date == dt.date(2025, 10, 14)


def test_another_org_cannot_answer_or_pass_back(routed, officer_b):
    with pytest.raises(PermissionDenied):
        services.letter_reply_draft(letter=routed, user=officer_b, text="不是我们的")
    with pytest.raises(PermissionDenied):
        services.letter_pass_back(letter=routed, user=officer_b, reason="x")


def test_a_reply_needs_a_second_person_of_the_org_to_approve_it(
    routed, officer_a, reviewer_a, officer_b
):
    draft = services.letter_reply_draft(letter=routed, user=officer_a, text="答复")
    assert Letter.objects.get(pk=routed.pk).status == Status.IN_PROGRESS
    with pytest.raises(PermissionDenied):  # the drafter
        services.letter_reply_approve(reply=draft, user=officer_a)
    with pytest.raises(PermissionDenied):  # another org
        services.letter_reply_approve(reply=draft, user=officer_b)
    services.letter_reply_approve(reply=draft, user=reviewer_a, now=at(2025, 10, 9))
    letter = Letter.objects.get(pk=routed.pk)
    assert letter.status == Status.REPLIED
    assert letter.first_reply_on_time is True  # 9 Oct ≤ 14 Oct


def test_a_rejected_draft_does_not_go_out(routed, officer_a, reviewer_a):
    draft = services.letter_reply_draft(letter=routed, user=officer_a, text="初稿")
    services.letter_reply_reject(reply=draft, user=reviewer_a, note="请补充补贴标准")
    letter = Letter.objects.get(pk=routed.pk)
    assert letter.status == Status.IN_PROGRESS
    assert letter.replied_at is None
    services.letter_reply_draft(letter=letter, user=officer_a, text="第二稿")  # allowed again


def test_dissatisfied_reopens_with_a_new_deadline_then_escalates(
    routed, officer_a, reviewer_a, supervisor, office_signer, gov, org_a
):
    reply(routed, officer_a, reviewer_a, now=at(2025, 10, 9))
    letter = services.letter_rate(letter=routed, rating="dissatisfied", now=at(2025, 10, 10))
    assert letter.status == Status.REOPENED
    assert letter.assigned_org == org_a
    assert letter.reopen_count == 1
    # Fri 10 Oct + 5: Sat 11 (调休, 1), Mon 13 (2), 14 (3), 15 (4), Thu 16 Oct (5).
    assert letter.due_date == dt.date(2025, 10, 16)
    assert letter.awaiting_since == dt.date(2025, 10, 10)

    reply(letter, officer_a, reviewer_a, now=at(2025, 10, 13))
    letter = services.letter_rate(letter=letter, rating="dissatisfied", now=at(2025, 10, 14))
    assert letter.status == Status.ESCALATED
    assert letter.assigned_org == gov  # the general office's org (the mayor's mailbox's)
    # Tue 14 Oct + 5: 15, 16, 17, 20, Tue 21 Oct.
    assert letter.due_date == dt.date(2025, 10, 21)

    # The department can no longer answer; the general office's own staff do.
    with pytest.raises(PermissionDenied):
        services.letter_reply_draft(letter=letter, user=officer_a, text="x")
    reply(letter, supervisor, office_signer, now=at(2025, 10, 20))
    letter = services.letter_rate(letter=letter, rating="basically", now=at(2025, 10, 21))
    assert letter.status == Status.CLOSED
    assert letter.rating == "basically"
    # The first reply is what counts for timeliness: 9 Oct against 14 Oct.
    assert letter.first_reply_on_time is True


def test_a_letter_can_be_rated_only_once_per_reply(routed, officer_a, reviewer_a):
    reply(routed, officer_a, reviewer_a, now=at(2025, 10, 9))
    services.letter_rate(letter=routed, rating="satisfied", now=at(2025, 10, 10))
    with pytest.raises(ValidationError):
        services.letter_rate(letter=routed, rating="dissatisfied", now=at(2025, 10, 10))


def test_a_published_letter_carries_no_contact_details(
    mayor_box, consult, org_a, supervisor, officer_a, reviewer_a, calendar_2025
):
    letter = submit(
        mayor_box,
        consult,
        now=at(2025, 9, 30),
        may_publish=True,
        content="我是李晓梅，请回电13912345678。",
    )
    letter = services.letter_route(letter=letter, org=org_a, user=supervisor)
    reply(letter, officer_a, reviewer_a, now=at(2025, 10, 9), text="李晓梅您好：补贴标准见附件。")
    letter.refresh_from_db()
    assert letter.is_public
    assert letter.public_content == "我是李**，请回电139****5678。"
    assert letter.public_reply == "李**您好：补贴标准见附件。"


def test_a_letter_whose_writer_did_not_agree_is_not_published(routed, officer_a, reviewer_a):
    reply(routed, officer_a, reviewer_a, now=at(2025, 10, 9))
    routed.refresh_from_db()
    assert routed.is_public is False
    with pytest.raises(ValidationError):
        services.letter_set_public(letter=routed, user=officer_a, public=True)


def test_a_disguised_executable_stores_nothing(mayor_box, consult):
    fake = SimpleUploadedFile("证明材料.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    with pytest.raises(ValidationError) as exc:
        submit(mayor_box, consult, now=timezone.now(), files=[fake])
    assert "扩展名与内容不符" in str(exc.value)
    assert Letter.objects.count() == 0
    assert LetterAttachment.objects.count() == 0


def test_a_real_pdf_is_kept_under_a_random_name(mayor_box, consult, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("李晓梅的证明.pdf", b"%PDF-1.4\n%test\n")
    letter = submit(mayor_box, consult, now=timezone.now(), files=[pdf])
    att = letter.attachments.get()
    assert att.kind == "pdf" and att.original_name == "李晓梅的证明.pdf"
    assert "李晓梅" not in att.file.name
    assert att.file.read().startswith(b"%PDF-")


def test_too_long_content_is_refused_with_the_count(mayor_box, consult):
    with pytest.raises(ValidationError) as exc:
        submit(mayor_box, consult, now=timezone.now(), content="长" * 5001)
    assert "不能超过5000个字（现有5001个字）" in str(exc.value)
    assert Letter.objects.count() == 0


def test_submission_and_personal_data_views_are_audited(routed, officer_a):
    services.letter_personal_data_viewed(letter=routed, user=officer_a)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "mailbox.letter.submit",
        "mailbox.letter.route",
        "mailbox.letter.view_personal_data",
    } <= actions


def test_the_three_month_alarm_is_raised_once_per_stage(
    mayor_box, consult, org_a, supervisor, officer_a, reviewer_a
):
    waiting = submit(mayor_box, consult, now=at(2025, 1, 2))
    answered = submit(mayor_box, consult, now=at(2025, 1, 2))
    answered = services.letter_route(letter=answered, org=org_a, user=supervisor)
    reply(answered, officer_a, reviewer_a, now=at(2025, 1, 3))

    def alarms(letter):
        return list(
            LetterEvent.objects.filter(letter=letter, kind=EventKind.ALARM)
            .order_by("id")
            .values_list("data__stage", flat=True)
        )

    mailbox_reminders(today=dt.date(2025, 3, 2))  # day 59
    assert alarms(waiting) == []
    mailbox_reminders(today=dt.date(2025, 3, 3))  # day 60
    mailbox_reminders(today=dt.date(2025, 3, 3))  # run twice: nothing new
    assert alarms(waiting) == [60]
    mailbox_reminders(today=dt.date(2025, 3, 28))  # day 85
    assert alarms(waiting) == [60, 85]
    assert alarms(answered) == []
    # It was also overdue long ago, reminded once for its due date.
    assert LetterEvent.objects.filter(letter=waiting, kind=EventKind.REMINDER_OVERDUE).count() == 1


def test_figures_of_an_org_for_a_period(
    mayor_box, consult, org_a, org_b, supervisor, officer_a, reviewer_a, officer_b, calendar_2025
):
    reviewer_b = make_staff("reviewer_b", org_b, Role.REVIEWER)

    def routed_to(org, now):
        letter = submit(mayor_box, consult, now=now)
        return services.letter_route(letter=letter, org=org, user=supervisor)

    # November 2025 has no holidays. Consultations are due 5 working days after receipt.
    l1 = routed_to(org_a, at(2025, 11, 3))  # due Mon 10 Nov
    reply(l1, officer_a, reviewer_a, now=at(2025, 11, 5))  # 2 working days, on time
    services.letter_rate(letter=l1, rating="satisfied", now=at(2025, 11, 6))
    l2 = routed_to(org_a, at(2025, 11, 3))
    reply(l2, officer_a, reviewer_a, now=at(2025, 11, 12))  # 4,5,6,7,10,11,12 = 7, late
    services.letter_rate(letter=l2, rating="basically", now=at(2025, 11, 13))
    l3 = routed_to(org_a, at(2025, 11, 4))
    reply(l3, officer_a, reviewer_a, now=at(2025, 11, 4, 16))  # same day: 0, on time
    services.letter_rate(letter=l3, rating="dissatisfied", now=at(2025, 11, 5))
    routed_to(org_a, at(2025, 11, 5))  # not answered
    lb = routed_to(org_b, at(2025, 11, 3))  # another org's letter
    reply(lb, officer_b, reviewer_b, now=at(2025, 11, 4))
    routed_to(org_a, at(2025, 10, 31))  # before the period

    f = mailbox_figures(org=org_a, start=dt.date(2025, 11, 1), end=dt.date(2025, 11, 30))
    assert f.letters == 4
    assert f.replied == 3
    assert f.replied_on_time == 2
    assert f.average_reply_workdays == Decimal("3.0")  # (2 + 7 + 0) / 3
    assert f.rated == 3
    assert f.satisfied == 2
    assert f.satisfaction_rate == Decimal("67")  # 2 / 3 = 66.7 %


def test_mailboxes_are_made_for_every_org_once(gov, org_a, org_b):
    assert services.mailboxes_ensure(mayor_org=gov) == 4  # mayor's + one for each of 3 orgs
    assert services.mailboxes_ensure(mayor_org=gov) == 0
