"""What the annual report needs beyond the platform's records, and the report's own state.

- ``AnnualFigures``: section 二 numbers the platform does not keep (licensing, penalty and
  coercion decisions, fee revenue), entered by the org with a note of where they come from.
- ``AnnualReport``: one org's report of one year: its prose (sections 一, 五, 六), where it
  stands (draft → checked → in review → published), the tables as published (a snapshot, so a
  late correction to the ledger never changes a published report silently), and the catalogue
  item that publishes it in the org's 年报 column. Legacy reports are uploaded files.
- ``SubmittedReport``: the validated tables of an org that does not work on the platform, so
  the government-wide roll-up can include it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Org


class AnnualFigures(models.Model):
    org = models.ForeignKey(
        Org, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="annual_figures"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    licensing = models.PositiveIntegerField(_("行政许可本年处理决定数量"), default=0)
    punishment = models.PositiveIntegerField(_("行政处罚本年处理决定数量"), default=0)
    coercion = models.PositiveIntegerField(_("行政强制本年处理决定数量"), default=0)
    fees_10k_yuan = models.DecimalField(
        _("行政事业性收费本年收费金额（万元）"),
        max_digits=14,
        decimal_places=4,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    source_note = models.TextField(
        _("数据来源"), blank=True, help_text=_("如：市政务服务管理局审批系统2024年度统计")
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("年报填报数据")
        verbose_name_plural = _("年报填报数据")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="annual_figures_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("起草中")
    CHECKED = "checked", _("已校验")
    IN_REVIEW = "in_review", _("审核签发中")
    PUBLISHED = "published", _("已发布")


def legacy_upload_to(instance: AnnualReport, filename: str) -> str:
    return f"reports/legacy/{instance.org.code}/{instance.year}/{filename}"


class AnnualReport(models.Model):
    org = models.ForeignKey(
        Org, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    is_rollup = models.BooleanField(
        _("汇总报告"), default=False, help_text=_("政府的年报：本级加所属各单位汇总")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    overview = models.TextField(_("一、总体情况"), blank=True)
    problems = models.TextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = models.TextField(_("六、其他需要报告的事项"), blank=True)
    snapshot = models.JSONField(_("发布时的报告数据"), null=True, blank=True, editable=False)
    checked_at = models.DateTimeField(_("校验时间"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("送审时间"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    catalogue_item = models.ForeignKey(
        "catalogue.CatalogueItem",
        verbose_name=_("年报目录条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annual_reports",
    )
    legacy_file = models.FileField(
        _("历史年报文件"), upload_to=legacy_upload_to, max_length=300, blank=True
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")
        ordering = ["-year", "org__sort_order", "org__code"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="annual_report_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.org.name}{self.year}年政府信息公开工作年度报告"

    @property
    def prose(self) -> dict[str, str]:
        return {
            "overview": self.overview,
            "problems": self.problems,
            "other_matters": self.other_matters,
        }


def submitted_upload_to(instance: SubmittedReport, filename: str) -> str:
    return f"reports/submitted/{instance.org.code}/{instance.year}/{filename}"


class SubmittedReport(models.Model):
    """The tables of an org not on the platform, checked by ``check_report`` on upload."""

    org = models.ForeignKey(
        Org, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="submitted_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    data = models.JSONField(_("报告数据"))
    source_file = models.FileField(
        _("上报文件"), upload_to=submitted_upload_to, max_length=300, blank=True
    )
    uploaded_at = models.DateTimeField(_("上报时间"), auto_now=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("上报的年报表格")
        verbose_name_plural = _("上报的年报表格")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="submitted_report_org_year")
        ]

    def __str__(self) -> str:
        return f"{self.org} {self.year}"
