"""转办 offers only the other orgs, and the server refuses a transfer to the handling org."""

from __future__ import annotations

import re
import zoneinfo

import pytest
from django.contrib.messages import get_messages

from gongkai.applications.forms import TransferForm
from gongkai.applications.models import Application, Status

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.applications.tests.urls")]
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_transfer_dropdown_lists_other_orgs_only(client, app_a, org_a, org_b, gov, officer_a):
    client.force_login(officer_a)
    page = client.get(f"/admin/applications/{app_a.pk}/").content.decode()
    select = re.search(r'<select name="to_org".*?</select>', page, re.S)
    assert select is not None
    values = set(re.findall(r'<option value="(\d+)"', select.group(0)))
    assert values == {str(org_b.pk), str(gov.pk)}
    assert org_a.name not in select.group(0)


def test_a_post_transferring_to_the_own_org_is_refused(client, app_a, org_a, officer_a):
    client.force_login(officer_a)
    response = client.post(
        f"/admin/applications/{app_a.pk}/action/transfer/",
        {"on": "2025-09-18", "to_org": org_a.pk, "note": ""},
    )
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["转办：负责公开该信息的机关不能转给本单位。"]
    app_a.refresh_from_db()
    assert app_a.status == Status.RECEIVED and app_a.transferred_to_id is None
    assert Application.objects.count() == 1


def test_the_form_names_the_own_org_error(org_a, org_b):
    own = TransferForm({"on": "2025-09-18", "to_org": org_a.pk}, org=org_a)
    assert not own.is_valid()
    assert own.errors["to_org"] == ["不能转给本单位。"]
    other = TransferForm({"on": "2025-09-18", "to_org": org_b.pk}, org=org_a)
    assert other.is_valid() and other.cleaned_data["to_org"] == org_b


def test_a_transfer_to_another_org_still_works(client, app_a, org_b, officer_a):
    client.force_login(officer_a)
    client.post(
        f"/admin/applications/{app_a.pk}/action/transfer/",
        {"on": "2025-09-18", "to_org": org_b.pk, "note": ""},
    )
    app_a.refresh_from_db()
    assert app_a.status == Status.TRANSFERRED and app_a.transferred_to_id == org_b.pk
