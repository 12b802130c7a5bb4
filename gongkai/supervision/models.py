"""Supervision records: scoring schemes and snapshots, site-check findings, rectification
notices with their events, staleness warnings sent, and daily visit counts.

Nothing here stores a visitor's address: ``DailyVisits`` holds counts only (see docs).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from gongkai.orgs.models import Org

from .rules import MEASURES


class ScoringScheme(ClusterableModel):
    """The general office's assessment scheme (考核方案). One scheme is active at a time."""

    name = models.CharField(_("方案名称"), max_length=100)
    is_active = models.BooleanField(_("当前使用"), default=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("is_active"),
        FieldPanel("note"),
        InlinePanel("indicators", label=_("考核指标")),
    ]

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-is_active", "-id"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """A scored line: ``weight`` points, minus ``deduction`` per unit of ``key``, capped."""

    scheme = ParentalKey(ScoringScheme, on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(
        _("考核内容"), max_length=32, choices=[(k, v) for k, v in MEASURES.items()]
    )
    label = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(_("分值"), max_digits=6, decimal_places=2)
    deduction = models.DecimalField(_("每项扣分"), max_digits=6, decimal_places=2)
    cap = models.DecimalField(
        _("扣分上限"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("留空则最多扣完本项分值"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    panels = [
        FieldPanel("key"),
        FieldPanel("label"),
        FieldPanel("weight"),
        FieldPanel("deduction"),
        FieldPanel("cap"),
    ]

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.label


class ScoreSnapshot(models.Model):
    """An org's score for a period under a scheme, kept so rankings can be compared over time."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="snapshots")
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="score_snapshots")
    period_kind = models.CharField(_("周期类型"), max_length=8)
    period_key = models.CharField(_("周期"), max_length=10)
    period_start = models.DateField()
    period_end = models.DateField()
    score = models.DecimalField(_("得分"), max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"), default=0)
    breakdown = models.JSONField(_("得分明细"), default=dict)
    measures = models.JSONField(_("考核数据"), default=dict)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["period_key", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "org", "period_key"], name="score_snapshot_unique"
            )
        ]
        indexes = [models.Index(fields=["scheme", "period_key"], name="score_snapshot_period")]

    def __str__(self) -> str:
        return f"{self.org} {self.period_key}: {self.score}"


class FindingKind(models.TextChoices):
    BROKEN_LINK = "broken_link", _("站内链接失效")
    MISSING_ATTACHMENT = "missing_attachment", _("附件缺失")
    PERSONAL_DATA = "personal_data", _("泄露个人信息")
    SECRECY_MARK = "secrecy_mark", _("含密级标志")
    SENSITIVE_WORD = "sensitive_word", _("含敏感词")
    NO_INTERPRETATION = "no_interpretation", _("政策文件未关联解读")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    FIXED = "fixed", _("已整改")
    DISMISSED = "dismissed", _("已排除")


class SiteCheckFinding(models.Model):
    """One problem the scheduled site check found in a published item, routed to its org.

    ``detail`` never holds the raw personal data: only its masked form. ``fingerprint`` (a hash
    of kind and raw value) lets the next scan recognise the same problem, so runs are idempotent.
    """

    org = models.ForeignKey(
        Org, verbose_name=_("责任单位"), on_delete=models.CASCADE, related_name="site_findings"
    )
    item = models.ForeignKey(
        "catalogue.CatalogueItem",
        verbose_name=_("目录条目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="site_findings",
    )
    kind = models.CharField(_("问题类型"), max_length=24, choices=FindingKind.choices)
    detail = models.CharField(_("问题说明"), max_length=300)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("状态"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    first_seen = models.DateField(_("发现日期"))
    last_seen = models.DateField(_("最近检查日期"))
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("处理说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("网站检查问题")
        verbose_name_plural = _("网站检查问题")
        ordering = ["-first_seen", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "fingerprint"], name="site_finding_unique"
            )
        ]
        indexes = [models.Index(fields=["org", "status"], name="site_finding_org_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.detail}"


class SiteCheckRun(models.Model):
    """One run of the site check; the periodic job skips a day that already has a finished run."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    run_on = models.DateField(db_index=True)
    items_checked = models.PositiveIntegerField(default=0)
    findings_open = models.PositiveIntegerField(default=0)
    findings_new = models.PositiveIntegerField(default=0)
    findings_fixed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("网站检查记录")
        verbose_name_plural = _("网站检查记录")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.run_on}: {self.items_checked}"


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("已下发")
    RESPONDED = "responded", _("已反馈")
    VERIFIED = "verified", _("已核验")
    SENT_BACK = "sent_back", _("已退回")


class RectificationNotice(models.Model):
    """整改通知: issued → the org responds → the general office verifies or sends it back.

    Sent back, the org responds again; the loop ends only when the office verifies.
    """

    org = models.ForeignKey(
        Org, verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="rectifications"
    )
    number = models.CharField(_("通知编号"), max_length=40, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    requirement = models.TextField(_("整改要求"))
    findings = models.ManyToManyField(
        SiteCheckFinding, verbose_name=_("相关问题"), blank=True, related_name="notices"
    )
    due_date = models.DateField(_("整改期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=NoticeStatus.choices, default=NoticeStatus.ISSUED
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("下发时间"), auto_now_add=True)
    response = models.TextField(_("整改情况"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verification_note = models.TextField(_("核验意见"), blank=True)

    class Meta:
        verbose_name = _("整改通知")
        verbose_name_plural = _("整改通知")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["org", "status"], name="rectification_org_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class RectificationAttachment(models.Model):
    notice = models.ForeignKey(
        RectificationNotice, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="rectification/%Y/%m/", max_length=300)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("整改材料")
        verbose_name_plural = _("整改材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class RectificationEvent(models.Model):
    """The notice's history, one row per step (append-only)."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("下发通知")
        RESPONDED = "responded", _("单位反馈")
        VERIFIED = "verified", _("核验通过")
        SENT_BACK = "sent_back", _("退回重新整改")

    notice = models.ForeignKey(RectificationNotice, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("整改记录")
        verbose_name_plural = _("整改记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.kind}"


class StalenessWarning(models.Model):
    """A warning sent to an org's editors that a column is about to go stale.

    One row per column and stale date: the periodic job never warns twice for the same date, and
    publishing in the column (which moves the stale date) earns a fresh warning next time.
    """

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey("catalogue.Category", on_delete=models.CASCADE, related_name="+")
    stale_from = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("栏目更新提醒")
        verbose_name_plural = _("栏目更新提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["org", "category", "stale_from"], name="staleness_warning_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_id}/{self.category_id} {self.stale_from}"


class DailyVisits(models.Model):
    """Visits counted per day and place: an item (item set), a column page (category set, item
    null) or a site page (both null). Counts only: no address, cookie or user agent is stored.

    Rows are additive: two rows for the same day and place are summed by every query, so the
    writer may insert without a unique lock under concurrency.
    """

    date = models.DateField(_("日期"))
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "catalogue.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    item = models.ForeignKey(
        "catalogue.CatalogueItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("访问量"), default=0)

    class Meta:
        verbose_name = _("每日访问量")
        verbose_name_plural = _("每日访问量")
        indexes = [
            models.Index(fields=["date", "org"], name="daily_visits_date_org"),
            models.Index(fields=["item", "date"], name="daily_visits_item"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.org_id}: {self.count}"
