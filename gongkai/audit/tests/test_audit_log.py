"""The audit log: append-only, with the address, mirroring Wagtail's own log entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction

from gongkai.audit.models import AuditEvent, AuditLogError
from gongkai.audit.services import audit_record
from gongkai.catalogue.models import CatalogueItem, Category
from gongkai.orgs.models import Org
from gongkai.orgs.roles import Role
from gongkai.orgs.testing import make_staff

pytestmark = pytest.mark.django_db


def test_records_cannot_be_changed_or_deleted_through_the_application():
    event = audit_record(action="test.action", detail={"n": 1})
    event.action = "changed"
    with pytest.raises(AuditLogError):
        event.save()
    with pytest.raises(AuditLogError):
        event.delete()
    with pytest.raises(AuditLogError):
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(AuditLogError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_an_update_behind_the_applications_back():
    event = audit_record(action="test.action")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "test.action"


def test_a_failed_login_is_recorded_with_the_address(client):
    org = Org.objects.create(code="edu", name="澜江市教育局", kind="department")
    make_staff("edu-editor", org, Role.EDITOR)
    client.post(
        "/admin/login/",
        {"username": "edu-editor", "password": "wrong-password"},
        REMOTE_ADDR="203.0.113.7",
    )
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.ip == "203.0.113.7"
    assert event.detail["username"] == "edu-editor"


def test_wagtail_log_entries_are_mirrored_with_the_record_they_name():
    from wagtail.log_actions import log

    org = Org.objects.create(code="edu", name="澜江市教育局", kind="department")
    editor = make_staff("edu-editor", org, Role.EDITOR)
    category = Category.objects.create(org=org, name="工作动态类", slug="news")
    item = CatalogueItem.objects.create(
        org=org, category=category, title="通知", formed_on=dt.date(2025, 5, 6), live=False
    )
    log(instance=item, action="wagtail.edit", user=editor)
    event = AuditEvent.objects.filter(action="wagtail.edit").latest("id")
    assert (event.object_type, event.object_id, event.org_id) == (
        "catalogue.catalogueitem",
        str(item.pk),
        org.pk,
    )
    assert event.actor_name == "edu-editor"
