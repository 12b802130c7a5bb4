"""Every change to an application, and every look at the applicant's personal data, is in the
audit log — naming the application and who did it, written in the same transaction."""

from __future__ import annotations

import datetime as dt
import io
import json
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gongkai.applications import services
from gongkai.applications.models import Application, EventKind, Status
from gongkai.applications.services import timeline
from gongkai.audit.models import AuditEvent

from .conftest import APPLICANT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PERSONAL = [APPLICANT[k] for k in ("applicant_name", "id_number", "phone", "email", "address")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def audits(app: Application) -> list[tuple[str, str]]:
    """(action, actor's username) of the application's audit records, oldest first."""
    rows = AuditEvent.objects.filter(
        object_type="applications.application", object_id=str(app.pk)
    ).order_by("id")
    return [(e.action, e.actor_name) for e in rows]


def register(org, officer, arrived_on=dt.date(2025, 11, 3)) -> Application:
    return services.application_register(
        org=org, actor=officer, channel="in_person", arrived_on=arrived_on, data=APPLICANT
    )


def test_each_staff_action_writes_one_audit_record_naming_the_actor(
    calendar_2025, org_a, officer_a, head_a
):
    from gongkai.catalogue.models import Category
    from gongkai.demo.files import tiny_pdf

    app = register(org_a, officer_a)
    kw = {"application": app, "actor": officer_a}
    services.application_assign(application=app, officer=officer_a, actor=officer_a)
    services.application_request_correction(**kw, on=dt.date(2025, 11, 4), items="请写明文号")
    services.application_receive_correction(**kw, on=dt.date(2025, 11, 6))
    services.application_start_consultation(**kw, on=dt.date(2025, 11, 7), party="某公司")
    services.application_end_consultation(**kw, on=dt.date(2025, 11, 10))
    services.application_extend(
        application=app, actor=head_a, on=dt.date(2025, 11, 11), days=10, reason="数量较多"
    )
    services.application_send_fee_notice(
        **kw, on=dt.date(2025, 11, 12), method="per_page", quantity=120
    )
    services.application_record_payment(**kw, on=dt.date(2025, 11, 13))
    services.application_conclude(
        **kw, on=dt.date(2025, 11, 20), outcome="granted", legal_basis="", reply_summary="予以公开"
    )
    services.application_release_document(
        **kw,
        title="立项批复",
        upload=SimpleUploadedFile("a.pdf", tiny_pdf("批复"), content_type="application/pdf"),
        on=dt.date(2025, 11, 20),
    )
    services.application_add_note(**kw, note="申请人来电询问")
    services.application_publish_as_item(
        applications=[app],
        actor=officer_a,
        title="立项批复",
        category=Category.objects.create(org=None, name="其他", slug="other"),
    )
    services.application_archive(**kw, on=dt.date(2025, 11, 21))

    assert audits(app) == [
        ("application.register", "officer_a"),
        ("application.assign", "officer_a"),
        ("application.correction_request", "officer_a"),
        ("application.correction_receive", "officer_a"),
        ("application.consultation_start", "officer_a"),
        ("application.consultation_end", "officer_a"),
        ("application.extend", "head_a"),
        ("application.fee_notice", "officer_a"),
        ("application.payment", "officer_a"),
        ("application.conclude", "officer_a"),
        ("application.release_document", "officer_a"),
        ("application.note", "officer_a"),
        ("application.publish_as_item", "officer_a"),
        ("application.archive", "officer_a"),
    ]
    rows = AuditEvent.objects.filter(object_id=str(app.pk), action__startswith="application.")
    assert {(e.org_id, e.object_repr, e.actor_id) for e in rows if e.actor_id == officer_a.pk} == {
        (org_a.pk, app.reference, officer_a.pk)
    }
    conclude = rows.get(action="application.conclude")
    assert conclude.detail["outcome"] == "granted" and conclude.detail["on"] == "2025-11-20"
    assert conclude.detail["letter"] == app.letters.get(kind="reply").number
    # The note's text may quote the applicant: it stays on the timeline, not in the log.
    assert "申请人来电询问" not in json.dumps(
        rows.get(action="application.note").detail, ensure_ascii=False
    )


def test_a_transfer_is_recorded_at_both_orgs(calendar_2025, org_a, org_b, officer_a):
    app = register(org_a, officer_a)
    services.application_transfer(
        application=app, actor=officer_a, on=dt.date(2025, 11, 5), to_org=org_b
    )
    new = Application.objects.get(org=org_b)
    transfer = AuditEvent.objects.get(action="application.transfer")
    assert (transfer.object_id, transfer.org_id, transfer.actor_id) == (
        str(app.pk),
        org_a.pk,
        officer_a.pk,
    )
    assert transfer.detail["to_org"] == org_b.pk and transfer.detail["new"] == new.reference
    assert audits(new) == [("application.register", "officer_a")]
    assert AuditEvent.objects.get(object_id=str(new.pk)).org_id == org_b.pk


def test_the_audit_record_is_in_the_same_transaction(calendar_2025, org_a, officer_a, monkeypatch):
    app = register(org_a, officer_a)

    def broken(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(timeline, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.application_conclude(
            application=app,
            actor=officer_a,
            on=dt.date(2025, 11, 10),
            outcome="granted",
            legal_basis="",
        )
    app.refresh_from_db()
    assert app.status == Status.RECEIVED and app.outcome == ""
    assert not app.events.filter(kind=EventKind.CONCLUDED).exists()
    assert not app.letters.exists()


def test_a_public_submission_is_recorded_without_a_user_or_personal_data(
    client, calendar_2025, org_a
):
    client.get("/apply/")
    data = APPLICANT | {
        "org": org_a.pk,
        "agree": "on",
        "captcha": client.session["apply_captcha"],
        "website": "",
        "proof": SimpleUploadedFile("id.png", PNG, content_type="image/png"),
    }
    assert client.post("/apply/", data).status_code == 302
    app = Application.objects.get()
    event = AuditEvent.objects.get(action="application.submit")
    assert (event.object_id, event.org_id) == (str(app.pk), org_a.pk)
    assert event.actor_id is None and event.actor_name == ""
    assert event.object_repr == app.reference
    text = json.dumps(event.detail, ensure_ascii=False) + event.object_repr
    assert event.detail["channel"] == "online"
    for value in PERSONAL:
        assert value not in text


def test_staff_opening_full_personal_data_is_recorded(client, calendar_2025, org_a, officer_a):
    app = register(org_a, officer_a)
    client.force_login(officer_a)
    assert client.get(f"/admin/applications/{app.pk}/").status_code == 200
    assert client.get(f"/admin/applications/{app.pk}/").status_code == 200
    views = AuditEvent.objects.filter(action="application.view_personal_data")
    assert [(e.object_id, e.actor_id, e.org_id) for e in views] == [
        (str(app.pk), officer_a.pk, org_a.pk)
    ] * 2


def test_opening_the_proof_document_is_recorded(client, calendar_2025, org_a, officer_a):
    app = services.application_register(
        org=org_a,
        actor=officer_a,
        channel="in_person",
        arrived_on=dt.date(2025, 11, 3),
        data=APPLICANT,
        proofs=[SimpleUploadedFile("id.png", PNG, content_type="image/png")],
    )
    proof = app.proofs.get()
    client.force_login(officer_a)
    assert client.get(f"/admin/applications/{app.pk}/proofs/{proof.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="application.view_personal_data")
    assert event.actor_id == officer_a.pk and event.detail == {"proof": proof.pk}


def test_a_masked_view_is_not_a_personal_data_view(client, calendar_2025, org_a, supervisor):
    app = services.application_submit_online(
        org=org_a, data=APPLICANT, now=dt.datetime(2025, 9, 15, 10, 0, tzinfo=SH)
    )
    client.force_login(supervisor)
    page = client.get(f"/admin/applications/{app.pk}/").content.decode()
    assert "138****5678" in page
    assert not AuditEvent.objects.filter(action="application.view_personal_data").exists()


def test_the_ledger_import_writes_one_summary_record(tmp_path, org_a, calendar_2025):
    path = tmp_path / "ledger.csv"
    path.write_text(
        "reference,received_on,applicant_type,subject,concluded_on,outcome\n"
        "A-1,2025-03-03,business,预算,2025-03-20,denied.4\n"
        "A-2,2025-11-03,natural_person,决算,,\n",
        encoding="utf-8",
    )
    call_command("import_applications", str(path), "--org", org_a.code, stdout=io.StringIO())
    event = AuditEvent.objects.get(action="application.import")
    assert event.org_id == org_a.pk and event.actor_id is None
    assert event.detail == {"file": str(path), "count": 2}
    assert event.object_repr == "ledger.csv"


def test_changing_or_resetting_a_letter_template_is_recorded(org_a, officer_a):
    from gongkai.applications.models import LetterKind, LetterTemplate

    template = LetterTemplate(
        org=org_a, kind=LetterKind.CORRECTION, title="补正告知书", body="请补正：{items}"
    )
    services.letter_template_save(template=template, actor=officer_a)
    services.letter_template_reset(org=org_a, kind=LetterKind.CORRECTION, actor=officer_a)
    assert not LetterTemplate.objects.filter(org=org_a).exists()
    events = AuditEvent.objects.filter(action__startswith="application.letter_template")
    assert [(e.action, e.actor_id, e.org_id, e.detail) for e in events.order_by("pk")] == [
        ("application.letter_template_save", officer_a.pk, org_a.pk, {"kind": "correction"}),
        ("application.letter_template_reset", officer_a.pk, org_a.pk, {"kind": "correction"}),
    ]
