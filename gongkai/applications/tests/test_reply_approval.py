"""答复审核: the handler submits the prepared reply, a signer of the same org approves (the
application is then concluded and the 答复书 issued) or returns it; Art. 45 keeps every step."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    EventKind,
    ReplyState,
    ReplySubmission,
)
from gongkai.applications.selectors import application_queue, replies_to_approve
from gongkai.audit.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.orgs.testing import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
BASIS = "《中华人民共和国政府信息公开条例》第十五条"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signer_a(org_a):
    return make_staff("signer_a", org_a, Role.SIGNER)


@pytest.fixture
def signer2_a(org_a):
    return make_staff("signer2_a", org_a, Role.SIGNER)


@pytest.fixture
def signer_b(org_b):
    return make_staff("signer_b", org_b, Role.SIGNER)


def submit(
    app, actor, outcome="denied.4", legal_basis=BASIS, reply="涉及第三方商业秘密，不予公开。"
):
    return services.application_submit_reply(
        application=app, actor=actor, outcome=outcome, legal_basis=legal_basis, reply_summary=reply
    )


def audit_actions(app) -> list[tuple[str, str]]:
    rows = AuditEvent.objects.filter(
        object_type="applications.application", object_id=str(app.pk)
    ).order_by("id")
    return [(e.action, e.actor_name) for e in rows]


def kinds(app) -> list[str]:
    return list(app.events.order_by("id").values_list("kind", flat=True))


# --- services --------------------------------------------------------------------------------


def test_submitting_records_the_proposal_without_deciding(app_a, officer_a, signer_a):
    due = app_a.due_date
    submission = submit(app_a, officer_a)
    app = Application.objects.get(pk=app_a.pk)
    assert (app.status, app.outcome, app.concluded_on) == ("received", "", None)
    assert app.due_date == due == dt.date(2025, 10, 17)  # approval is not a legal pause
    assert submission.state == ReplyState.PENDING and submission.outcome == "denied.4"
    assert submission.submitted_by == officer_a
    event = app.events.get(kind=EventKind.REPLY_SUBMITTED)
    assert event.actor == officer_a and event.data["outcome"] == "denied.4"
    assert "保护第三方合法权益" in event.note and event.public is False
    assert audit_actions(app)[-1] == ("application.reply_submit", "officer_a")
    assert not app.letters.exists()


def test_while_pending_no_second_reply_no_direct_conclusion_no_transfer(
    app_a, officer_a, signer_a, org_b
):
    submit(app_a, officer_a)
    with pytest.raises(services.ApplicationError, match="已有待审核的答复"):
        submit(app_a, officer_a, outcome="granted")
    with pytest.raises(services.ApplicationError, match="正在审核中"):
        services.application_conclude(
            application=app_a,
            actor=officer_a,
            on=dt.date(2025, 10, 10),
            outcome="granted",
            legal_basis="",
        )
    with pytest.raises(services.ApplicationError, match="正在审核中"):
        services.application_transfer(
            application=app_a, actor=officer_a, on=dt.date(2025, 10, 10), to_org=org_b
        )
    assert ReplySubmission.objects.filter(application=app_a).count() == 1


def test_submitting_needs_a_coded_outcome_and_a_legal_basis(app_a, officer_a, signer_a):
    with pytest.raises(services.ApplicationError, match="请选择办理结果"):
        submit(app_a, officer_a, outcome="")
    with pytest.raises(services.ApplicationError, match="请填写法律依据"):
        submit(app_a, officer_a, legal_basis=" ")
    assert not ReplySubmission.objects.exists()


def test_submitting_needs_another_signer_in_the_org(app_a, officer_a, signer_b):
    with pytest.raises(services.ApplicationError, match="没有其他签发领导"):
        submit(app_a, officer_a)
    lone = make_staff("lone_signer", app_a.org, Role.SIGNER)
    with pytest.raises(services.ApplicationError, match="没有其他签发领导"):
        submit(app_a, lone)  # the only signer cannot approve his own reply


def test_the_approver_concludes_with_the_prepared_reply(app_a, officer_a, signer_a):
    submission = submit(app_a, officer_a)
    today = timezone.localdate()
    letter = services.application_approve_reply(application=app_a, actor=signer_a, opinion="同意。")
    app = Application.objects.get(pk=app_a.pk)
    assert (app.status, app.outcome, app.concluded_on) == ("concluded", "denied.4", today)
    assert app.legal_basis == BASIS and app.reply_summary == "涉及第三方商业秘密，不予公开。"
    assert letter is not None and letter.kind == "reply" and letter.issued_on == today
    submission.refresh_from_db()
    assert (submission.state, submission.decided_by, submission.opinion, submission.reply_on) == (
        ReplyState.APPROVED,
        signer_a,
        "同意。",
        today,
    )
    approved = app.events.get(kind=EventKind.REPLY_APPROVED)
    assert approved.actor == signer_a and approved.note == "同意。"
    assert app.events.get(kind=EventKind.CONCLUDED).actor == signer_a
    assert audit_actions(app)[-3:] == [
        ("application.reply_submit", "officer_a"),
        ("application.reply_approve", "signer_a"),
        ("application.conclude", "signer_a"),
    ]
    # The deadline in force stays on the concluded application (the reply was late).
    assert app.due_date == dt.date(2025, 10, 17)


def test_the_reply_date_is_within_submission_day_and_today(app_a, officer_a, signer_a):
    submit(app_a, officer_a)
    today = timezone.localdate()
    with pytest.raises(services.ApplicationError, match="不能晚于今天"):
        services.application_approve_reply(
            application=app_a, actor=signer_a, on=today + dt.timedelta(days=1)
        )
    with pytest.raises(services.ApplicationError, match="不能早于送审日期"):
        services.application_approve_reply(
            application=app_a, actor=signer_a, on=today - dt.timedelta(days=1)
        )
    assert Application.objects.get(pk=app_a.pk).status == "received"
    assert ReplySubmission.objects.get().state == ReplyState.PENDING


def test_self_approval_is_refused(app_a, signer_a, signer2_a):
    submit(app_a, signer_a)
    with pytest.raises(services.ApplicationError, match="不能审核自己送审的答复"):
        services.application_approve_reply(application=app_a, actor=signer_a)
    with pytest.raises(services.ApplicationError, match="不能审核自己送审的答复"):
        services.application_return_reply(application=app_a, actor=signer_a, opinion="改")
    assert ReplySubmission.objects.get().state == ReplyState.PENDING
    services.application_approve_reply(application=app_a, actor=signer2_a)
    assert Application.objects.get(pk=app_a.pk).status == "concluded"


def test_only_the_orgs_signers_decide(app_a, officer_a, signer_a, head_a, signer_b):
    submit(app_a, officer_a)
    for outsider in (officer_a, head_a, signer_b):
        with pytest.raises(PermissionDenied):
            services.application_approve_reply(application=app_a, actor=outsider)
        with pytest.raises(PermissionDenied):
            services.application_return_reply(application=app_a, actor=outsider, opinion="改")
    assert ReplySubmission.objects.get().state == ReplyState.PENDING


def test_return_needs_an_opinion_and_allows_resubmission(app_a, officer_a, signer_a):
    first = submit(app_a, officer_a)
    with pytest.raises(services.ApplicationError, match="须写明审核意见"):
        services.application_return_reply(application=app_a, actor=signer_a, opinion="  ")
    services.application_return_reply(
        application=app_a, actor=signer_a, opinion="请补充第三方意见征询情况。"
    )
    first.refresh_from_db()
    assert first.state == ReplyState.RETURNED and first.decided_by == signer_a
    returned = app_a.events.get(kind=EventKind.REPLY_RETURNED)
    assert returned.note == "请补充第三方意见征询情况。" and returned.actor == signer_a
    assert Application.objects.get(pk=app_a.pk).status == "received"
    second = submit(app_a, officer_a, outcome="partial")
    assert second.pk != first.pk and second.state == ReplyState.PENDING
    assert audit_actions(app_a)[-3:] == [
        ("application.reply_submit", "officer_a"),
        ("application.reply_return", "signer_a"),
        ("application.reply_submit", "officer_a"),
    ]


def test_a_pending_reply_stays_in_the_deadline_queues(app_a, officer_a, signer_a, signer2_a):
    submit(app_a, officer_a)
    soon = application_queue(user=signer_a, tab="due_soon", today=dt.date(2025, 10, 13))
    overdue = application_queue(user=signer_a, tab="overdue", today=dt.date(2025, 10, 20))
    approval = application_queue(user=signer_a, tab="approval")
    assert list(soon) == list(overdue) == list(approval) == [app_a]
    assert list(replies_to_approve(user=signer_a)) == [app_a]
    assert list(replies_to_approve(user=officer_a)) == []


def test_the_submitter_and_other_orgs_do_not_get_it_to_approve(
    app_a, signer_a, signer2_a, signer_b
):
    submit(app_a, signer_a)
    assert list(replies_to_approve(user=signer_a)) == []
    assert list(replies_to_approve(user=signer_b)) == []
    assert list(replies_to_approve(user=signer2_a)) == [app_a]


# --- the workspace ---------------------------------------------------------------------------


def test_submit_return_resubmit_approve_through_the_workspace(client, app_a, officer_a, signer_a):
    base = f"/admin/applications/{app_a.pk}"
    client.force_login(officer_a)
    page = client.get(f"{base}/").content.decode()
    assert 'id="action-reply"' in page and 'id="action-conclude"' not in page
    # The old direct conclusion is gone from the workspace.
    assert client.post(f"{base}/action/conclude/", {"outcome": "granted"}).status_code == 404
    response = client.post(
        f"{base}/action/reply/",
        {"outcome": "denied.4", "legal_basis": BASIS, "reply_summary": "不予公开。"},
    )
    assert response.status_code == 302
    first = ReplySubmission.objects.get(application=app_a)
    page = client.get(f"{base}/").content.decode()
    assert 'id="app-reply-pending"' in page and "答复待审核" in page
    assert 'id="action-reply"' not in page and 'id="action-transfer"' not in page
    assert 'id="reply-decision"' not in page  # an editor does not sign
    # An editor posting the decision is refused on the server (Wagtail answers a
    # PermissionDenied with a redirect to the dashboard).
    refused = client.post(f"{base}/reply/{first.pk}/approve/", {})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")
    assert ReplySubmission.objects.get(pk=first.pk).state == ReplyState.PENDING

    client.force_login(signer_a)
    queue = client.get("/admin/applications/?tab=approval").content.decode()
    assert app_a.reference in queue and "答复待审核（1）" in queue
    assert "答复待您审核：1 件" in client.get("/admin/").content.decode()
    page = client.get(f"{base}/").content.decode()
    assert 'id="reply-decision"' in page and "4.保护第三方合法权益" in page
    client.post(f"{base}/reply/{first.pk}/return/", {"opinion": ""})
    assert ReplySubmission.objects.get(pk=first.pk).state == ReplyState.PENDING  # no opinion
    client.post(f"{base}/reply/{first.pk}/return/", {"opinion": "法律依据请写明条款项。"})
    assert ReplySubmission.objects.get(pk=first.pk).state == ReplyState.RETURNED

    client.force_login(officer_a)
    page = client.get(f"{base}/").content.decode()
    assert "法律依据请写明条款项。" in page
    assert BASIS in page  # the resubmission form starts from the returned reply
    client.post(
        f"{base}/action/reply/",
        {
            "outcome": "denied.4",
            "legal_basis": BASIS + "、第三十二条",
            "reply_summary": "不予公开。",
        },
    )
    second = ReplySubmission.objects.get(application=app_a, state=ReplyState.PENDING)

    client.force_login(signer_a)
    # The first (returned) reply cannot be approved any more.
    client.post(f"{base}/reply/{first.pk}/approve/", {"opinion": "同意"})
    assert Application.objects.get(pk=app_a.pk).status == "received"
    today = timezone.localdate()
    response = client.post(
        f"{base}/reply/{second.pk}/approve/", {"opinion": "同意。", "on": today.isoformat()}
    )
    assert response.status_code == 302
    app = Application.objects.get(pk=app_a.pk)
    assert (app.status, app.outcome, app.concluded_on) == ("concluded", "denied.4", today)
    assert app.legal_basis == BASIS + "、第三十二条"
    assert app.letters.filter(kind="reply", issued_on=today).count() == 1
    assert kinds(app)[-6:] == [
        EventKind.REPLY_SUBMITTED,
        EventKind.REPLY_RETURNED,
        EventKind.REPLY_SUBMITTED,
        EventKind.REPLY_APPROVED,
        EventKind.CONCLUDED,
        EventKind.LETTER_ISSUED,
    ]
    actions = [a for a in audit_actions(app) if a[0] != "application.view_personal_data"]
    assert actions[-5:] == [
        ("application.reply_submit", "officer_a"),
        ("application.reply_return", "signer_a"),
        ("application.reply_submit", "officer_a"),
        ("application.reply_approve", "signer_a"),
        ("application.conclude", "signer_a"),
    ]
    page = client.get(f"{base}/").content.decode()
    assert 'id="app-reply-pending"' not in page and "审核通过" in page


def test_self_approval_is_refused_in_the_workspace(client, app_a, signer_a, signer2_a):
    submission = submit(app_a, signer_a)
    client.force_login(signer_a)
    page = client.get(f"/admin/applications/{app_a.pk}/").content.decode()
    assert 'id="own-submission"' in page and 'id="reply-decision"' not in page
    response = client.post(
        f"/admin/applications/{app_a.pk}/reply/{submission.pk}/approve/",
        {"opinion": "同意"},
        follow=True,
    )
    assert "不能审核自己送审的答复" in response.content.decode()
    assert ReplySubmission.objects.get().state == ReplyState.PENDING
    assert not ApplicationEvent.objects.filter(kind=EventKind.REPLY_APPROVED).exists()


def test_another_orgs_signer_is_refused(client, app_a, officer_a, signer_a, signer_b):
    submission = submit(app_a, officer_a)
    client.force_login(signer_b)
    for decision in ("approve", "return"):
        response = client.post(
            f"/admin/applications/{app_a.pk}/reply/{submission.pk}/{decision}/",
            {"opinion": "同意"},
        )
        assert response.status_code == 404
    assert ReplySubmission.objects.get().state == ReplyState.PENDING
    assert Application.objects.get(pk=app_a.pk).status == "received"
