"""Drop the cached calendar whenever its table changes."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.calendar.models import CalendarDay, CalendarYear
from gongkai.calendar.selectors import work_calendar_invalidate


@receiver(post_save, sender=CalendarYear, dispatch_uid="workcalendar_year_saved")
@receiver(post_delete, sender=CalendarYear, dispatch_uid="workcalendar_year_deleted")
@receiver(post_save, sender=CalendarDay, dispatch_uid="workcalendar_day_saved")
@receiver(post_delete, sender=CalendarDay, dispatch_uid="workcalendar_day_deleted")
def calendar_changed(**kwargs) -> None:
    # Now, for this request; and again after commit, in case another process rebuilt its copy
    # from the old rows while our transaction was still open.
    work_calendar_invalidate()
    transaction.on_commit(work_calendar_invalidate)
