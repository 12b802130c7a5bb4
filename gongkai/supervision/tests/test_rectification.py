"""A rectification notice (整改通知) through its whole loop, through the admin pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.supervision.models import (
    FindingKind,
    FindingStatus,
    NoticeStatus,
    RectificationNotice,
    SiteCheckFinding,
)
from gongkai.supervision.services import RectificationError, rectification_verify

from .conftest import make_item


@pytest.fixture
def finding(city):
    item = make_item(city.finance, city.policies, "关于某某补贴的公示", dt.date(2024, 3, 1))
    return SiteCheckFinding.objects.create(
        org=city.finance,
        item=item,
        kind=FindingKind.PERSONAL_DATA,
        detail="正文第2行：身份证号码 3201**********123X",
        fingerprint="x" * 64,
        first_seen=dt.date(2024, 3, 2),
        last_seen=dt.date(2024, 3, 2),
    )


def test_a_notice_goes_issued_responded_sent_back_responded_verified(
    city, supervisor, finance_editor, education_editor, finding, client
):
    due = timezone.localdate() + dt.timedelta(days=10)
    client.force_login(supervisor)
    response = client.post(
        reverse("supervision_notice_issue"),
        {
            "org": city.finance.pk,
            "title": "关于财政局网站泄露个人信息的整改通知",
            "requirement": "请于期限内删除公示中的身份证号码并报送整改情况。",
            "due_date": due.isoformat(),
            "findings": [finding.pk],
        },
    )
    notice = RectificationNotice.objects.get()
    assert response.status_code == 302
    assert notice.status == NoticeStatus.ISSUED
    assert notice.number == f"ZG{timezone.localdate().year}-0001"
    assert list(notice.findings.all()) == [finding]
    url = reverse("supervision_notice", args=[notice.pk])

    # Another org's staff cannot even read it (Wagtail redirects a PermissionDenied).
    client.force_login(education_editor)
    assert client.get(url).status_code == 302

    # The org responds.
    client.force_login(finance_editor)
    assert "反馈整改情况" in client.get(url).content.decode()
    client.post(url, {"action": "respond", "response": "已删除身份证号码。"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RESPONDED
    assert notice.responded_by == finance_editor

    # The office sends it back; a reason is required, so an empty one changes nothing.
    client.force_login(supervisor)
    client.post(url, {"action": "send_back", "note": ""})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RESPONDED
    client.post(url, {"action": "send_back", "note": "附件中仍有身份证号码。"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.SENT_BACK
    assert finding.__class__.objects.get(pk=finding.pk).status == FindingStatus.OPEN

    # The org responds again; the office verifies; the finding counts as fixed.
    client.force_login(finance_editor)
    client.post(url, {"action": "respond", "response": "附件已一并处理。"})
    client.force_login(supervisor)
    client.post(url, {"action": "verify", "note": "复查无误。"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.VERIFIED
    assert notice.verified_by == supervisor
    finding.refresh_from_db()
    assert finding.status == FindingStatus.FIXED
    assert finding.resolved_on == timezone.localdate()

    kinds = list(notice.events.values_list("kind", flat=True))
    assert kinds == ["issued", "responded", "sent_back", "responded", "verified"]
    audited = AuditEvent.objects.filter(action__startswith="supervision.rectification_")
    assert audited.count() == 5
    assert set(audited.values_list("org_id", flat=True)) == {city.finance.pk}


def test_only_the_general_office_verifies_and_only_a_response(city, supervisor, finance_editor):
    from gongkai.supervision.services import rectification_issue

    notice = rectification_issue(
        org=city.finance,
        title="整改通知",
        requirement="请补充政策解读。",
        due_date=timezone.localdate() + dt.timedelta(days=5),
        actor=supervisor,
    )
    with pytest.raises(PermissionDenied):
        rectification_verify(notice=notice, actor=finance_editor)
    with pytest.raises(RectificationError):
        rectification_verify(notice=notice, actor=supervisor)  # nothing to verify yet


def test_a_notice_cannot_be_due_in_the_past(city, supervisor):
    from gongkai.supervision.services import rectification_issue

    with pytest.raises(RectificationError):
        rectification_issue(
            org=city.finance,
            title="整改通知",
            requirement="请整改。",
            due_date=timezone.localdate() - dt.timedelta(days=1),
            actor=supervisor,
        )
