"""The working-day calendar as data the general office can enter and correct (ogi-rules §4).

One ``CalendarYear`` per year carries the status of its arrangement: *confirmed* once the State
Council notice is out, *provisional* while staff have only entered a draft. Its ``CalendarDay``
rows are the exceptions to the Monday–Friday week: holidays (放假) and make-up working days
(调休上班). Days are edited inline on their year (modelcluster), like the notice itself lists them.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel

from gongkai.calendar.workdays import DayKind, YearStatus


class CalendarYearStatus(models.TextChoices):
    CONFIRMED = YearStatus.CONFIRMED.value, _("已确认")
    PROVISIONAL = YearStatus.PROVISIONAL.value, _("暂定")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = DayKind.HOLIDAY.value, _("放假")
    WORKDAY = DayKind.WORKDAY.value, _("调休上班")


class CalendarYear(ClusterableModel):
    year = models.PositiveSmallIntegerField(
        _("年度"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=CalendarYearStatus.choices,
        default=CalendarYearStatus.PROVISIONAL,
        help_text=_("国务院办公厅发布当年节假日安排通知后，核对无误再设为“已确认”。"),
    )
    source = models.CharField(
        _("依据"),
        max_length=255,
        blank=True,
        help_text=_("例如：国务院办公厅关于2026年部分节假日安排的通知"),
    )
    notes = models.TextField(_("备注"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("year"), FieldPanel("status"), FieldPanel("source"), FieldPanel("notes")],
            heading=_("年度"),
        ),
        InlinePanel("days", heading=_("放假与调休上班日"), label=_("日期")),
    ]

    class Meta:
        ordering = ["-year"]
        verbose_name = _("工作日历年度")
        verbose_name_plural = _("工作日历年度")

    def __str__(self) -> str:
        return f"{self.year} 年"


class CalendarDay(models.Model):
    calendar_year = ParentalKey(
        CalendarYear,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("年度"),
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=16, choices=CalendarDayKind.choices)
    name = models.CharField(_("节日"), max_length=64, blank=True, help_text=_("例如：春节、国庆节"))

    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]

    class Meta:
        ordering = ["date"]
        verbose_name = _("放假或调休上班日")
        verbose_name_plural = _("放假或调休上班日")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}{self.get_kind_display()}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            year = self.calendar_year.year
        except ObjectDoesNotExist:
            year = None
        if self.date and year and self.date.year != year:
            errors["date"] = _("日期不在 %(year)s 年内。") % {"year": year}
        if self.date and self.kind == CalendarDayKind.WORKDAY and self.date.weekday() < 5:
            errors["kind"] = _("星期一至星期五本来就是工作日，调休上班日应为星期六或星期日。")
        if errors:
            raise ValidationError(errors)
