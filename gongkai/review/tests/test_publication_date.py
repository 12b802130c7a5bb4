"""发布日期 is the day an item actually became public, set by the system (Art. 26 lateness).

Staff cannot type it: the edit form has no such field, sign-off ignores whatever the row holds
before the first publication, a scheduled item gets its go-live date, and a change re-published
later keeps the first publication date. The Art. 26 delay and the ``catalogue.published_late``
audit event are computed from those real dates.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from gongkai.audit.models import AuditEvent
from gongkai.calendar.selectors import get_work_calendar
from gongkai.catalogue.models import CatalogueItem
from gongkai.catalogue.wagtail_hooks import CatalogueItemViewSet
from gongkai.review.tests.test_review_workflow import _approve, city, make_item, submit

__all__ = ["city"]  # the fixture, imported for its use below

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def clock(monkeypatch):
    """Set "now" (Django's, Wagtail's and the auto_now fields') to 10:00 local time on a day."""

    def set_day(day: dt.date, hour: int = 10) -> None:
        moment = dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return set_day


def workdays(a: dt.date, b: dt.date) -> int:
    return get_work_calendar().workdays_between(a, b).count


def late_events(item) -> list[dict]:
    return [
        e.detail
        for e in AuditEvent.objects.filter(action="catalogue.published_late").order_by("id")
        if e.object_id == str(item.pk)
    ]


def sign(item, city):
    submit(item, city["editor"])
    _approve(item, city["reviewer"])
    _approve(item, city["signer"])
    item.refresh_from_db()
    return item


def change(item, city, **fields):
    """An editor changes a published item and the change goes through review and sign-off."""
    draft = item.get_latest_revision_as_object()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.save_revision(user=city["editor"])
    workflow = item.get_workflow()
    workflow.start(item, city["editor"])
    item.refresh_from_db()
    _approve(item, city["reviewer"])
    _approve(item, city["signer"])
    item.refresh_from_db()
    return item


def test_sign_off_sets_the_real_publication_date_and_flags_the_delay(city, clock):
    # The inspector's case: 成文日期 2026-01-01, a 发布日期 2026-01-05 typed into the row before
    # review (the old form allowed it), signed on 2026-11-27.
    clock(D(2026, 1, 1))
    item = make_item(city, "<p>关于学生资助工作的通知。</p>")
    CatalogueItem.objects.filter(pk=item.pk).update(
        formed_on=D(2026, 1, 1), published_on=D(2026, 1, 5)
    )
    item.refresh_from_db()
    clock(D(2026, 11, 27))
    sign(item, city)

    assert item.live
    assert item.published_on == D(2026, 11, 27)
    expected = workdays(D(2026, 1, 1), D(2026, 11, 27))
    # Roughly 47 weeks of five days, less the year's public holidays.
    assert 200 <= expected <= 235
    assert item.publish_delay_workdays == expected
    assert late_events(item) == [{"workdays": expected, "limit": 20}]


def test_an_item_published_in_time_is_not_flagged(city, clock):
    clock(D(2026, 3, 9))
    item = make_item(city, "<p>通知。</p>")
    CatalogueItem.objects.filter(pk=item.pk).update(formed_on=D(2026, 3, 9))
    item.refresh_from_db()
    clock(D(2026, 3, 16))
    sign(item, city)
    assert item.published_on == D(2026, 3, 16)
    # Mon 9 Mar → Mon 16 Mar 2026: Tue 10 … Fri 13 and Mon 16 (no holiday in between).
    assert item.publish_delay_workdays == 5
    assert late_events(item) == []


def test_a_scheduled_item_gets_its_go_live_date_even_when_tick_runs_late(city, clock):
    clock(D(2026, 11, 2))
    item = make_item(city, "<p>定时发布的通知。</p>")
    CatalogueItem.objects.filter(pk=item.pk).update(formed_on=D(2026, 11, 2))
    item.refresh_from_db()
    go_live = dt.datetime(2026, 11, 30, 9, tzinfo=ZoneInfo(settings.TIME_ZONE))
    item.go_live_at = go_live
    sign(item, city)
    assert not item.live and item.published_on is None

    # The timer did not run for a few days; it publishes on 2 December.
    clock(D(2026, 12, 2))
    call_command("publish_scheduled")
    item.refresh_from_db()
    assert item.live
    assert item.published_on == D(2026, 11, 30)
    assert item.publish_delay_workdays == workdays(D(2026, 11, 2), D(2026, 11, 30))
    # Mon 2 Nov → Mon 30 Nov 2026: four weeks of five working days.
    assert item.publish_delay_workdays == 20
    assert late_events(item) == []


def test_a_past_go_live_time_does_not_back_date_an_item_signed_later(city, clock):
    clock(D(2026, 6, 1))
    item = make_item(city, "<p>通知。</p>")
    CatalogueItem.objects.filter(pk=item.pk).update(formed_on=D(2026, 1, 5))
    item.refresh_from_db()
    item.go_live_at = dt.datetime(2026, 1, 6, 9, tzinfo=ZoneInfo(settings.TIME_ZONE))
    sign(item, city)
    assert item.live
    assert item.published_on == D(2026, 6, 1)
    assert late_events(item) != []


def test_a_change_keeps_the_first_publication_date_and_is_timed_from_its_own_date(city, clock):
    clock(D(2026, 3, 9))
    item = make_item(city, "<p>第一版。</p>")
    CatalogueItem.objects.filter(pk=item.pk).update(formed_on=D(2026, 3, 9))
    item.refresh_from_db()
    clock(D(2026, 3, 16))
    sign(item, city)
    assert (item.published_on, item.publish_delay_workdays) == (D(2026, 3, 16), 5)

    # An editorial correction months later: same 成文日期, the first publication still answers
    # for it, nothing becomes late.
    clock(D(2026, 6, 1))
    change(item, city, body="<p>第一版（更正错字）。</p>")
    assert item.live and "更正错字" in item.body
    assert item.published_on == D(2026, 3, 16)
    assert item.publish_delay_workdays == 5
    assert late_events(item) == []

    # The information changes on 1 June (成文日期 set to the change date) and the change is
    # published on 1 July: Art. 26 counts from 1 June to 1 July, and that is late.
    clock(D(2026, 7, 1))
    change(item, city, body="<p>第二版。</p>", formed_on=D(2026, 6, 1))
    expected = workdays(D(2026, 6, 1), D(2026, 7, 1))
    assert expected > 20
    assert item.published_on == D(2026, 3, 16)
    assert item.formed_on == D(2026, 6, 1)
    assert item.publish_delay_workdays == expected
    assert late_events(item) == [{"workdays": expected, "limit": 20}]

    # A later correction of that version is not the change's publication: nothing moves.
    clock(D(2026, 9, 1))
    change(item, city, body="<p>第二版（更正）。</p>")
    assert item.published_on == D(2026, 3, 16)
    assert item.publish_delay_workdays == expected
    assert len(late_events(item)) == 1


def test_a_stale_revision_cannot_clear_or_move_the_publication_date(city, clock):
    # Revisions saved before the first publication hold no 发布日期; publishing a later change
    # built on them must not reset it.
    clock(D(2026, 3, 2))
    item = make_item(city, "<p>第一版。</p>")
    CatalogueItem.objects.filter(pk=item.pk).update(formed_on=D(2026, 3, 2))
    item.refresh_from_db()
    sign(item, city)
    assert item.published_on == D(2026, 3, 2)
    latest = item.get_latest_revision()
    assert latest.content.get("published_on") in (None, "2026-03-02")
    latest.content["published_on"] = "2025-01-01"
    latest.save(update_fields=["content"])
    clock(D(2026, 4, 1))
    change(item, city, body="<p>第二版。</p>")
    assert item.published_on == D(2026, 3, 2)


def test_the_item_form_has_no_publication_date_field():
    form_class = CatalogueItemViewSet().get_edit_handler().get_form_class()
    assert "published_on" not in form_class.base_fields
    assert not CatalogueItem._meta.get_field("published_on").editable


def test_posting_a_publication_date_through_the_admin_is_ignored(city, client):
    client.force_login(city["editor"])
    data = {
        "title": "关于开展学生资助工作的通知",
        "org": city["dept"].pk,
        "category": city["category"].pk,
        "formed_on": "2026-01-01",
        "published_on": "2026-01-05",
        "disclosure_method": "proactive",
        "disclosure_scope": "public",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/snippets/catalogue/catalogueitem/add/", data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    item = CatalogueItem.objects.get(title="关于开展学生资助工作的通知")
    assert item.published_on is None
    assert item.get_latest_revision().as_object().published_on is None


def test_the_edit_page_shows_the_publication_date_read_only_once_set(city, client, clock):
    clock(D(2026, 3, 2))
    draft = make_item(city, "<p>草稿。</p>")
    client.force_login(city["editor"])
    html = client.get(f"/admin/snippets/catalogue/catalogueitem/edit/{draft.pk}/").content.decode()
    assert 'name="published_on"' not in html
    assert "发布日期" not in html

    item = make_item(city, "<p>已发布。</p>")
    sign(item, city)
    html = client.get(f"/admin/snippets/catalogue/catalogueitem/edit/{item.pk}/").content.decode()
    assert 'name="published_on"' not in html
    assert "发布日期" in html and "2026年3月2日" in html


def test_only_publication_import_and_demo_write_the_publication_date():
    """Any other code writing published_on would let a date other than the real one in."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    writes = re.compile(r"""(?:\bpublished_on\s*=(?!=)|["']published_on["']\s*:)""")
    writers = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            code = line.split("#", 1)[0]
            if writes.search(code) and "CatalogueItem" not in code and "models." not in code:
                writers.add(relative)
    readers = {
        "search/services.py",  # copies the item's value into its index documents
        "search/opensearch.py",  # the same, for OpenSearch
        "portal/api.py",  # serialises the item's value
        "catalogue/wagtail_hooks.py",  # the listing's date-range filter
    }
    assert writers - readers == {
        "review/publication.py",  # items_published: sign-off, scheduled publication, import
        "catalogue/services.py",  # manage.py import_items (items published before the platform)
        "demo/services.py",  # the demo generator
    }
