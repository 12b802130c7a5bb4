"""The disclosure catalogue (政府信息公开目录): items, their classes, topics and attachments.

Items are plain models registered as Wagtail snippets (not pages): a city holds millions, and
a page tree with 10^5 children per parent is slow to list. They carry Wagtail's draft, revision,
lock and workflow mixins so review, sign-off and scheduled publishing work as for pages.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin

from gongkai.core.richtext import CleanRichTextField
from gongkai.orgs.models import Org

from .index_numbers import format_index_number


class Category(models.Model):
    """A catalogue class (组配分类), configurable per org. org=None rows are the defaults."""

    class Freshness(models.TextChoices):
        NEWS = "news", _("动态要闻类（2周）")
        NOTICE = "notice", _("通知公告、政策文件类（6个月）")
        OTHER = "other", _("其他（不强制更新）")

    org = models.ForeignKey(
        Org,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(_("标识"), max_length=50, allow_unicode=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    freshness = models.CharField(
        _("更新要求"), max_length=16, choices=Freshness.choices, default=Freshness.OTHER
    )
    must_not_be_empty = models.BooleanField(_("不得为空"), default=True)

    class Meta:
        verbose_name = _("组配分类")
        verbose_name_plural = _("组配分类")
        ordering = ["org_id", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "slug"], name="category_unique_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A topic (主题分类). ``featured`` topics are the key columns on the portal home page."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    slug = models.SlugField(_("标识"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    featured = models.BooleanField(_("重点领域栏目"), default=False)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Genre(models.TextChoices):
    """体裁分类: the forms of official documents (GB/T 9704 and common site practice)."""

    DECISION = "决定", _("决定")
    ORDER = "命令", _("命令（令）")
    ANNOUNCEMENT = "公告", _("公告")
    PUBLIC_NOTICE = "通告", _("通告")
    OPINION = "意见", _("意见")
    NOTICE = "通知", _("通知")
    CIRCULAR = "通报", _("通报")
    REPORT = "报告", _("报告")
    REPLY = "批复", _("批复")
    LETTER = "函", _("函")
    MINUTES = "纪要", _("纪要")
    PLAN = "规划计划", _("规划计划")
    NEWS = "动态", _("工作动态")
    INTERPRETATION = "解读", _("政策解读")
    OTHER = "其他", _("其他")


class IndexCounter(models.Model):
    """The last serial issued for an 索引号 prefix and period; rows are locked when used."""

    prefix = models.CharField(max_length=40)
    period = models.CharField(max_length=8)
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "period"], name="index_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}/{self.period}: {self.last_serial}"


def next_index_number(org: Org, on: object) -> str:
    """Issue the next 索引号 for ``org`` in the period of date ``on``. Call inside a transaction."""
    pattern = settings.GONGKAI_INDEX_NUMBER_PATTERN
    period = f"{on.year}{on.month:02d}" if "{month" in pattern else str(on.year)
    counter, _created = IndexCounter.objects.select_for_update().get_or_create(
        prefix=org.index_prefix, period=period
    )
    counter.last_serial += 1
    counter.save(update_fields=["last_serial"])
    return format_index_number(
        pattern, prefix=org.index_prefix, year=on.year, month=on.month, serial=counter.last_serial
    )


class CatalogueItemQuerySet(models.QuerySet["CatalogueItem"]):
    def public(self) -> CatalogueItemQuerySet:
        """What the portal may show: live, not withdrawn, disclosed to the public."""
        return self.filter(
            live=True,
            withdrawn_at__isnull=True,
            disclosure_method=CatalogueItem.DisclosureMethod.PROACTIVE,
        )


class CatalogueItem(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    class DisclosureMethod(models.TextChoices):
        PROACTIVE = "proactive", _("主动公开")
        ON_REQUEST = "on_request", _("依申请公开")
        NOT_DISCLOSED = "not_disclosed", _("不予公开")

    class DisclosureScope(models.TextChoices):
        PUBLIC = "public", _("面向社会")
        APPLICANT = "applicant", _("面向申请人")

    class Validity(models.TextChoices):
        IN_FORCE = "in_force", _("现行有效")
        REPEALED = "repealed", _("已废止")
        EXPIRED = "expired", _("已失效")
        NOT_APPLICABLE = "", _("不适用")

    class DocType(models.TextChoices):
        REGULATION = "regulation", _("规章")
        NORMATIVE = "normative", _("行政规范性文件")
        OTHER = "", _("其他")

    org = models.ForeignKey(
        Org, verbose_name=_("发布机构"), on_delete=models.PROTECT, related_name="items"
    )
    index_number = models.CharField(
        _("索引号"), max_length=64, unique=True, editable=False, help_text=_("自动生成，不可更改")
    )
    title = models.CharField(_("标题"), max_length=300)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True, db_index=True)
    formed_on = models.DateField(_("成文日期"))
    # The day the item first became public (Art. 26 lateness counts to it): set by the system
    # at the first publication, never typed by staff. Only the bulk import of items published
    # before the platform existed and the demo generator write it themselves.
    published_on = models.DateField(
        _("发布日期"),
        null=True,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("首次发布时由系统自动填写"),
    )
    category = models.ForeignKey(
        Category, verbose_name=_("组配分类"), on_delete=models.PROTECT, related_name="items"
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    genre = models.CharField(_("体裁分类"), max_length=16, choices=Genre.choices, blank=True)
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    summary = models.TextField(_("内容概述"), blank=True)
    body = CleanRichTextField(_("正文"), blank=True)
    disclosure_method = models.CharField(
        _("公开方式"),
        max_length=16,
        choices=DisclosureMethod.choices,
        default=DisclosureMethod.PROACTIVE,
    )
    disclosure_scope = models.CharField(
        _("公开范围"),
        max_length=16,
        choices=DisclosureScope.choices,
        default=DisclosureScope.PUBLIC,
    )
    doc_type = models.CharField(
        _("文件类型"), max_length=16, choices=DocType.choices, blank=True, default=""
    )
    validity = models.CharField(
        _("有效性"), max_length=16, choices=Validity.choices, blank=True, default=""
    )
    valid_from = models.DateField(_("施行日期"), null=True, blank=True)
    valid_until = models.DateField(_("废止（失效）日期"), null=True, blank=True)
    interprets = models.ManyToManyField(
        "self",
        verbose_name=_("解读的政策"),
        symmetrical=False,
        blank=True,
        related_name="interpretations",
        help_text=_("本条目是政策解读时，选择它解读的政策文件。"),
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("关联稿件"), symmetrical=True, blank=True
    )
    view_count = models.PositiveBigIntegerField(_("访问量"), default=0, editable=False)
    publish_delay_workdays = models.IntegerField(
        _("成文至发布工作日数"), null=True, blank=True, editable=False
    )
    # The 成文日期 that publish_delay_workdays was measured from: a change re-published later
    # is measured once, at the first publication after its new 成文日期.
    delay_counted_from = models.DateField(null=True, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("撤回原因"), blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CatalogueItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("目录条目")
        verbose_name_plural = _("目录条目")
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["org", "live", "-published_on", "-id"], name="item_org_listing"),
            models.Index(
                fields=["category", "live", "-published_on", "-id"], name="item_category_listing"
            ),
            models.Index(fields=["live", "-published_on", "-id"], name="item_latest"),
            models.Index(fields=["topic", "live", "-published_on"], name="item_topic_listing"),
            models.Index(fields=["org", "doc_type"], name="item_doc_type"),
        ]
        permissions = [("publish_catalogueitem", _("可以发布目录条目"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portal:item", args=[self.pk])

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def save(self, *args, **kwargs):
        if not self.index_number:
            with transaction.atomic():
                self.index_number = next_index_number(self.org, self.formed_on)
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    # Kept by the system on the row, not by revisions: publishing a revision saved before the
    # first publication (or an old one) must not reset them to that revision's copy — nor
    # bring a withdrawn item back (withdrawal is set on the row by review.item_withdraw).
    SYSTEM_FIELDS = (
        "published_on",
        "publish_delay_workdays",
        "delay_counted_from",
        "view_count",
        "withdrawn_at",
        "withdrawal_reason",
    )

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.SYSTEM_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def publish_date(self):
        return self.published_on or (
            timezone.localdate(self.first_published_at) if self.first_published_at else None
        )


class Attachment(models.Model):
    item = ParentalKey(
        CatalogueItem,
        verbose_name=_("目录条目"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/", max_length=300)
    kind = models.CharField(_("文件类型"), max_length=8, editable=False)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.title
