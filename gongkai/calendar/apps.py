from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "gongkai.calendar"
    label = "workcalendar"
    verbose_name = _("工作日历")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects cache invalidation)
