"""The calendar in the Wagtail admin: the general office keeps each year's arrangement.

A year is edited as one form with its days inline, the way the State Council notice reads.
Wagtail's default model permissions apply: only users granted add/change/delete on these
models (the general office's role) can edit; everyone else does not see the menu.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gongkai.calendar.models import CalendarDay, CalendarYear


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "date"
    menu_label = _("年度安排")
    list_display = ["year", "status", "source", "updated_at"]
    list_filter = ["status"]
    ordering = ["-year"]
    search_fields = ["source", "notes"]
    list_per_page = 50


class CalendarDayFilterSet(WagtailFilterSet):
    class Meta:
        model = CalendarDay
        fields = ["kind", "calendar_year"]


class CalendarDayViewSet(SnippetViewSet):
    model = CalendarDay
    icon = "calendar-alt"
    menu_label = _("放假与调休上班日")
    list_display = ["date", "kind", "name", "calendar_year"]
    filterset_class = CalendarDayFilterSet
    ordering = ["-date"]
    search_fields = ["name"]
    list_per_page = 100


class WorkCalendarViewSetGroup(SnippetViewSetGroup):
    items = (CalendarYearViewSet, CalendarDayViewSet)
    menu_icon = "date"
    menu_label = _("工作日历")
    menu_name = "workcalendar"


register_snippet(WorkCalendarViewSetGroup)
