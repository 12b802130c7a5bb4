"""Letters to the mayor's mailbox (市长信箱) and to each org's mailbox.

A letter is high-volume data (thousands a year in a county-level city), so it is a plain model
with indexes, not a Wagtail page. What the writer typed is kept exactly as typed, as plain text;
templates escape it. The masked copies shown on the public list are made once, when a reply is
sent, so that the public list never needs the personal data at all.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Org

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
TRACKING_LENGTH = 10


def new_tracking_code() -> str:
    """A random code the writer keeps; with the phone's last four digits it opens the letter."""
    return "XJ" + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


class Mailbox(models.Model):
    """The mayor's mailbox (one, kept by the general office) or one org's own mailbox."""

    org = models.ForeignKey(
        Org, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="mailboxes"
    )
    name = models.CharField(_("信箱名称"), max_length=50)
    is_mayor = models.BooleanField(
        _("市长信箱"), default=False, help_text=_("市长信箱的来信由政府办公室转办。")
    )
    intro = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["-is_mayor", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_mayor"], condition=models.Q(is_mayor=True), name="one_mayor_mailbox"
            ),
            models.UniqueConstraint(
                fields=["org"], condition=models.Q(is_mayor=False), name="one_mailbox_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LetterCategory(models.Model):
    """咨询, 建议, 投诉, 求助 …; each with its reply deadline in working days (configurable)."""

    name = models.CharField(_("类别"), max_length=20, unique=True)
    reply_workdays = models.PositiveSmallIntegerField(
        _("答复期限（工作日）"), default=15, help_text=_("自收信次日起计算的工作日数。")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("来信类别")
        verbose_name_plural = _("来信类别")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("待转办")
    ROUTED = "routed", _("已转办")
    IN_PROGRESS = "in_progress", _("办理中")
    REPLIED = "replied", _("已答复")
    CLOSED = "closed", _("已办结")
    REOPENED = "reopened", _("重新办理")
    ESCALATED = "escalated", _("办公室督办")


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.ROUTED,
    Status.IN_PROGRESS,
    Status.REOPENED,
    Status.ESCALATED,
)
# Letters an org works on (a reply may be drafted); SUBMITTED waits for the general office.
HANDLING_STATUSES = (Status.ROUTED, Status.IN_PROGRESS, Status.REOPENED, Status.ESCALATED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Letter(models.Model):
    mailbox = models.ForeignKey(
        Mailbox, verbose_name=_("信箱"), on_delete=models.PROTECT, related_name="letters"
    )
    category = models.ForeignKey(
        LetterCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="letters"
    )
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    # Personal data: shown to the handling staff only (each view audited), never published.
    writer_name = models.CharField(_("姓名"), max_length=50)
    writer_phone = models.CharField(_("联系电话"), max_length=20)
    writer_email = models.EmailField(_("电子邮箱"), blank=True)
    may_publish = models.BooleanField(_("同意公开"), default=False)

    tracking_code = models.CharField(
        _("查询码"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    assigned_org = models.ForeignKey(
        Org,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
    )
    received_at = models.DateTimeField(_("收信时间"), db_index=True)
    # The day the current wait for an answer began: receipt, or the latest reopening.
    awaiting_since = models.DateField(_("待答复起始日"))
    due_date = models.DateField(_("答复期限"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("期限暂定"), default=False)
    first_due_date = models.DateField(_("首次答复期限"), null=True, blank=True)
    first_replied_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    first_reply_on_time = models.BooleanField(_("首次按时答复"), null=True, blank=True)
    replied_at = models.DateTimeField(_("最近答复时间"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("重新办理次数"), default=0)

    is_public = models.BooleanField(_("已公开"), default=False, db_index=True)
    public_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    public_reply_org = models.CharField(_("答复单位"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-received_at", "-id"]
        permissions = [("route_letter", _("可以转办来信"))]
        indexes = [
            models.Index(fields=["assigned_org", "status"], name="letter_org_status"),
            models.Index(fields=["is_public", "-published_at"], name="letter_public"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    @property
    def org_id(self) -> int | None:
        """The org answerable for the letter now (for audit records and scoping)."""
        return self.assigned_org_id or self.mailbox.org_id

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def phone_last4(self) -> str:
        digits = "".join(ch for ch in self.writer_phone if ch.isdigit())
        return digits[-4:]


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("收到来信")
    ROUTED = "routed", _("转办")
    PASSED_BACK = "passed_back", _("退回办公室")
    REPLY_DRAFTED = "reply_drafted", _("拟写答复")
    REPLY_REJECTED = "reply_rejected", _("答复退回修改")
    REPLY_SENT = "reply_sent", _("答复")
    RATED = "rated", _("评价")
    REOPENED = "reopened", _("重新办理")
    ESCALATED = "escalated", _("提交办公室督办")
    CLOSED = "closed", _("办结")
    PUBLISHED = "published", _("公开")
    UNPUBLISHED = "unpublished", _("取消公开")
    REMINDER_DUE_SOON = "reminder_due_soon", _("临期提醒")
    REMINDER_OVERDUE = "reminder_overdue", _("超期提醒")
    ALARM = "alarm", _("三个月未答复预警")


class LetterEvent(models.Model):
    """The letter's timeline; ``public`` events are shown to the writer on the tracking page."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    kind = models.CharField(_("事项"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    org = models.ForeignKey(
        Org, verbose_name=_("单位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("来信办理记录")
        verbose_name_plural = _("来信办理记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["letter", "kind"], name="letter_event_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}"


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    REJECTED = "rejected", _("退回修改")
    SENT = "sent", _("已答复")


class LetterReply(models.Model):
    """A reply: drafted by the org, approved by its reviewer or signer, then sent."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="replies")
    org = models.ForeignKey(Org, verbose_name=_("答复单位"), on_delete=models.PROTECT)
    text = models.TextField(_("答复内容"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟稿人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("拟稿时间"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_note = models.TextField(_("审核意见"), blank=True)
    sent_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    due_date = models.DateField(_("当时的答复期限"), null=True, blank=True)
    on_time = models.BooleanField(_("按时"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=16, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["drafted_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter.tracking_code} {self.get_status_display()}"


def attachment_path(instance: LetterAttachment, filename: str) -> str:
    # A random name: the writer's file name (often their own name) stays in the row only.
    return f"mailbox/attachments/{secrets.token_hex(16)}.{instance.kind}"


class LetterAttachment(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=8)
    size = models.PositiveIntegerField(_("大小"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("来信附件")
        verbose_name_plural = _("来信附件")

    def __str__(self) -> str:
        return self.original_name
