"""Publication: what happens, every time, when catalogue items become public.

``items_published`` is the one service every way to the portal goes through:

- the review workflow's last step (签发) and scheduled publishing (定时发布): Wagtail publishes the
  revision and sends its ``published`` signal (``review.signals``);
- ``manage.py import_items`` for items published before the platform existed: the import sends
  ``catalogue.signals.items_imported`` with the rows it created live, inside its transaction.

For each item it records the 发布日期 and the Art. 26 delay (working days from 成文日期), strips the
hidden metadata of its attachments, pre-checks it (findings recorded on the item; the general
office's daily site check lists the open ones of public items), puts it in the search index and
writes the audit record. Everything is batched, so an import of thousands of items costs a few
queries per thousand rather than per item; it runs inside the caller's transaction, so an
import that fails leaves nothing public and nothing indexed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.calendar.selectors import get_work_calendar
from gongkai.catalogue.models import CatalogueItem
from gongkai.search.services import search_index_items

from .models import PrecheckFinding
from .services import (
    ARTICLE_26_LIMIT_WORKDAYS,
    attachments_strip_metadata,
    finding_unsaved,
    item_precheck,
    item_scan,
)

INDEX_BATCH = 500


class Source:
    """How the items became public (the audit record says which)."""

    SIGNOFF = "signoff"  # the review workflow's last step approved
    SCHEDULED = "scheduled"  # a signed-off revision reached its go-live time
    IMPORT = "import"  # manage.py import_items: published before the platform existed


@dataclass
class PublicationResult:
    items: int = 0
    late: int = 0
    attachments_cleaned: int = 0
    findings: int = 0
    indexed: int = 0


def publication_date(*, item, revision=None) -> dt.date:
    """The day this publication made the item public.

    A revision published by the scheduler (定时发布) went live at its approved go-live time, even
    when the timer ran later; otherwise it is the moment Wagtail published it (for an imported
    item: the legacy 发布日期 the import set). A go-live time that had already passed at sign-off
    schedules nothing and does not back-date the item.
    """
    scheduled = getattr(revision, "approved_go_live_at", None)
    if scheduled is not None and scheduled <= timezone.now():
        return timezone.localdate(scheduled)
    return timezone.localdate(item.last_published_at or timezone.now())


@dataclass(frozen=True)
class DateRecord:
    published_on: dt.date
    delay: int | None
    counted_from: dt.date | None
    newly_measured: bool


def publication_record(
    *,
    stored: dict,
    formed_on: dt.date,
    on: dt.date,
    first: bool,
    workdays: Callable[[dt.date, dt.date], int],
) -> DateRecord:
    """发布日期 and the Art. 26 delay after a publication on ``on`` (pure but for ``workdays``).

    ``stored`` holds the row's ``published_on``, ``publish_delay_workdays`` and
    ``delay_counted_from`` before this publication; ``first`` says whether it is the item's first.
    发布日期 is the first publication's date and never moves afterwards. The delay counts from
    成文日期 (the date the information was formed or changed) to the publication that answered
    it: the first publication for what was formed before it; for a change dated after the first
    publication, the first publication after the change, measured once (later corrections of
    the same version do not move it).
    """
    published_on = on if first else stored["published_on"]
    if first or formed_on <= published_on:
        answered_on = published_on
    elif stored["delay_counted_from"] == formed_on and stored["publish_delay_workdays"] is not None:
        answered_on = None  # this change was measured when it was first published
    else:
        answered_on = on
    if answered_on is None:
        delay, counted_from = stored["publish_delay_workdays"], stored["delay_counted_from"]
    else:
        delay, counted_from = workdays(formed_on, answered_on), formed_on
    # Lateness is reported once per measurement, not again for each later correction. (Rows
    # imported or made before delay_counted_from existed have it empty: compare the delay.)
    newly_measured = first or (
        answered_on is not None
        and (
            delay != stored["publish_delay_workdays"]
            or stored["delay_counted_from"] not in (None, counted_from)
        )
    )
    return DateRecord(published_on, delay, counted_from, newly_measured)


def _chunks(values: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _dates_record(items: list, revisions: dict, source: str) -> list:
    """Write 发布日期 and the delay of every item (one read, batched writes); returns the items
    whose delay was measured now and is over the Art. 26 limit."""
    calendar = get_work_calendar()

    def workdays(start: dt.date, end: dt.date) -> int:
        return calendar.workdays_between(start, end).count

    stored = {
        row["pk"]: row
        for chunk in _chunks([i.pk for i in items], 900)
        for row in CatalogueItem.objects.filter(pk__in=chunk).values(
            "pk", "published_on", "publish_delay_workdays", "delay_counted_from"
        )
    }
    late = []
    for item in items:
        row = stored[item.pk]
        if source == Source.IMPORT:
            # The import's own 发布日期, published before the platform existed.
            on, first = item.published_on, True
        else:
            on = publication_date(item=item, revision=revisions.get(item.pk))
            # Wagtail sets first_published_at and last_published_at to the same moment when an
            # item goes live for the first time. A 发布日期 on a row never published is no fact.
            first = row["published_on"] is None or (
                item.first_published_at is not None
                and item.first_published_at == item.last_published_at
            )
        record = publication_record(
            stored=row, formed_on=item.formed_on, on=on, first=first, workdays=workdays
        )
        item.published_on = record.published_on
        item.publish_delay_workdays = record.delay
        item.delay_counted_from = record.counted_from
        if (
            record.newly_measured
            and record.delay is not None
            and record.delay > ARTICLE_26_LIMIT_WORKDAYS
        ):
            late.append(item)
    CatalogueItem.objects.bulk_update(
        items, ["published_on", "publish_delay_workdays", "delay_counted_from"], batch_size=500
    )
    return late


def _precheck_new(items: list) -> int:
    """Pre-check items that never went through review (an import): record every finding."""
    findings = [
        finding_unsaved(item=item, field=field, finding=finding)
        for item in items
        for field, finding in item_scan(item)
    ]
    PrecheckFinding.objects.bulk_create(findings, batch_size=500)
    return len(findings)


@transaction.atomic
def items_published(
    *,
    items: Iterable[CatalogueItem],
    source: str,
    revisions: dict[int, object] | None = None,
    actor=None,
    progress: Callable[[str, int, int], None] | None = None,
) -> PublicationResult:
    """Everything that follows when ``items`` have gone live (see the module docstring).

    ``revisions`` maps item ids to the revision that was published (sign-off, scheduled).
    Items that are not live (scheduled for later) are left alone: they are handled when they
    go live. ``progress(step, done, total)`` is told how far each step is.
    """
    live = [item for item in items if item.live]
    result = PublicationResult(items=len(live))
    if not live:
        return result
    revisions = revisions or {}
    late = _dates_record(live, revisions, source)
    result.late = len(late)

    def tell(step: str, done: int) -> None:
        if progress is not None:
            progress(step, done, len(live))

    # One query for every item's attachments, read by the stripping, the pre-check and the index.
    prefetch_related_objects(live, "attachments")
    with_files = [item for item in live if item.attachments.all()]
    for done, item in enumerate(with_files, start=1):
        result.attachments_cleaned += attachments_strip_metadata(item=item)
        tell("strip", done)
    if source == Source.IMPORT:
        result.findings = _precheck_new(live)
    else:
        # Reviewed items were pre-checked at submission; what is found again now (a word added
        # to the sensitive list since) is recorded, resolutions made in review are kept.
        for item in live:
            result.findings += len(item_precheck(item=item, revision=revisions.get(item.pk)))
    tell("precheck", len(live))
    done = 0
    for chunk in _chunks([item.pk for item in live], INDEX_BATCH):
        result.indexed += search_index_items(item_ids=chunk)
        done += len(chunk)
        tell("index", done)
    _audit(live, late, source=source, actor=actor, result=result)
    return result


def _audit(live: list, late: list, *, source: str, actor, result: PublicationResult) -> None:
    detail = {
        "source": source,
        "count": result.items,
        "late": result.late,
        "attachments_cleaned": result.attachments_cleaned,
        "findings": result.findings,
        "indexed": result.indexed,
    }
    if len(live) == 1:
        audit_record(action="catalogue.published", obj=live[0], actor=actor, detail=detail)
    else:
        org_ids = {item.org_id for item in live}
        audit_record(
            action="catalogue.published",
            actor=actor,
            org_id=org_ids.pop() if len(org_ids) == 1 else None,
            object_type="catalogue.catalogueitem",
            object_repr=f"{len(live)} 条目录条目",
            detail=detail | {"first_id": live[0].pk, "last_id": live[-1].pk},
        )
    if source == Source.IMPORT:
        return  # history: the summary counts them, supervision reads each item's delay
    for item in late:
        audit_record(
            action="catalogue.published_late",
            obj=item,
            detail={"workdays": item.publish_delay_workdays, "limit": ARTICLE_26_LIMIT_WORKDAYS},
        )
