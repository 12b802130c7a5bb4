"""Reconsideration (行政复议) and litigation (行政诉讼) cases about an org's OGI work.

They feed section 四 of the annual report and the general office's "corrected on review" rate,
so each case keeps its route, the day it was filed, and its result with the day it was reached:
the report shows the state on 31 December, not today's.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Org


class AppealKind(models.TextChoices):
    """The three column groups of section 四 (keys as in annual-report-2021.json)."""

    REVIEW = "review", "行政复议"
    LITIGATION_DIRECT = "litigation_direct", "未经复议直接起诉"
    LITIGATION_AFTER_REVIEW = "litigation_after_review", "复议后起诉"


class AppealResult(models.TextChoices):
    UPHELD = "upheld", "维持"
    CORRECTED = "corrected", "纠正"
    OTHER = "other", "其他"
    PENDING = "", "尚未审结"


class Appeal(models.Model):
    org = models.ForeignKey(
        Org, verbose_name=_("被申请（被告）单位"), on_delete=models.PROTECT, related_name="appeals"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=AppealKind.choices)
    reference = models.CharField(_("案号"), max_length=100, blank=True)
    filed_on = models.DateField(_("立案日期"))
    result = models.CharField(
        _("结果"), max_length=16, choices=AppealResult.choices, blank=True, default=""
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("涉及的申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    authority = models.CharField(
        _("复议机关或法院"),
        max_length=200,
        blank=True,
        help_text=_("如：澜江市人民政府、澜江市人民法院"),
    )
    notes = models.TextField(_("备注"), blank=True)
    imported = models.BooleanField(_("导入"), default=False, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["org", "filed_on"], name="appeal_org_filed")]
        constraints = [
            # A result is reached on a day; a pending case has no conclusion date.
            models.CheckConstraint(
                condition=models.Q(result="", concluded_on__isnull=True) | ~models.Q(result=""),
                name="appeal_pending_has_no_conclusion",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"{self.get_kind_display()} {self.filed_on:%Y-%m-%d}"

    @property
    def is_pending(self) -> bool:
        return not self.result
