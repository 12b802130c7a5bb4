from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "gongkai.calendar"
    label = "workcalendar"
