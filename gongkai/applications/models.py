"""Disclosure on application (依申请公开): applications, their timeline, documents and letters.

Applications are plain models (not pages): a city receives tens of thousands a year. Every
state change writes an ``ApplicationEvent``; the reply deadline is recomputed from those events
by the pure clock and denormalised onto the application (``due_date``) so that queues are a
single indexed query. Applicant personal data lives only here and is shown unmasked only to the
handling org's staff (see ``masking`` and ``selectors``).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Org
from gongkai.statute.applicants import ApplicantType
from gongkai.statute.outcomes import OUTCOME_CHOICES, OUTCOME_KEYS

# Unambiguous alphabet for codes people read aloud or type from paper (no 0/O, 1/I/L).
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 12  # 31^12 ≈ 7.9e17: unguessable under the tracking page's rate limit


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Channel(models.TextChoices):
    """How the application arrived; decides the receipt date (Art. 31)."""

    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面提交")
    ORAL = "oral", _("口头提出（代为填写）")
    REGISTERED_POST = "registered_post", _("挂号信、EMS")
    LETTER = "letter", _("平信")
    FAX = "fax", _("传真")
    EMAIL = "email", _("电子邮件")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    PASSPORT = "passport", _("护照")
    HK_MO_TW = "hk_mo_tw", _("港澳台居民证件")
    CREDIT_CODE = "credit_code", _("统一社会信用代码证")
    OTHER = "other", _("其他证件")


class DeliveryForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    ANY = "any", _("均可")


class DeliveryWay(models.TextChoices):
    POST = "post", _("邮寄")
    PICKUP = "pickup", _("自行领取")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上查看")


class Status(models.TextChoices):
    RECEIVED = "received", _("已受理")
    AWAITING_CORRECTION = "awaiting_correction", _("待补正")
    IN_CONSULTATION = "in_consultation", _("征求意见中")
    AWAITING_FEE = "awaiting_fee", _("待缴费")
    IN_PROGRESS = "in_progress", _("办理中")
    CONCLUDED = "concluded", _("已办结")
    TRANSFERRED = "transferred", _("已转办")
    ARCHIVED = "archived", _("已归档")


OPEN_STATUSES = (
    Status.RECEIVED,
    Status.AWAITING_CORRECTION,
    Status.IN_CONSULTATION,
    Status.AWAITING_FEE,
    Status.IN_PROGRESS,
)
CLOSED_STATUSES = (Status.CONCLUDED, Status.TRANSFERRED, Status.ARCHIVED)
# The clock does not run in these: waiting for the applicant or a third party.
PAUSED_STATUSES = (Status.AWAITING_CORRECTION, Status.IN_CONSULTATION, Status.AWAITING_FEE)


class FeeMethod(models.TextChoices):
    PER_REQUEST = "per_request", "按件计收"
    PER_PAGE = "per_page", "按量计收"


class ReferenceCounter(models.Model):
    """The last serial of an org's 编号 in a year; locked while a new one is issued."""

    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="app_reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.org_id}-{self.year}: {self.last_serial}"


class ApplicationQuerySet(models.QuerySet["Application"]):
    def open(self) -> ApplicationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Application(models.Model):
    org = models.ForeignKey(
        Org, verbose_name=_("受理单位"), on_delete=models.PROTECT, related_name="applications"
    )
    reference = models.CharField(_("编号"), max_length=64)
    tracking_code = models.CharField(
        _("查询码"), max_length=20, unique=True, default=new_tracking_code, editable=False
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)

    # --- applicant (personal data: handling org's staff only) ---------------------------------
    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人"), max_length=100, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=16, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    organisation = models.CharField(_("法人或其他组织名称"), max_length=200, blank=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # --- the request (Art. 29) ---------------------------------------------------------------
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    purpose = models.TextField(_("用途（选填）"), blank=True)
    delivery_form = models.CharField(
        _("获取信息的载体形式"), max_length=16, choices=DeliveryForm.choices, blank=True
    )
    delivery_way = models.CharField(
        _("获取信息的方式"), max_length=16, choices=DeliveryWay.choices, blank=True
    )

    # --- dates and clock ---------------------------------------------------------------------
    received_at = models.DateTimeField(_("收到时间"))
    receipt_date = models.DateField(_("收到申请之日"), help_text=_("依条例第三十一条确定"))
    status = models.CharField(
        _("状态"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_applications",
    )
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    clock_steps = models.JSONField(_("期限计算过程"), default=list, blank=True)
    extended = models.BooleanField(_("已延期"), default=False)

    # --- decision ----------------------------------------------------------------------------
    outcome = models.CharField(
        _("办理结果"), max_length=20, choices=OUTCOME_CHOICES, blank=True, default=""
    )
    legal_basis = models.TextField(_("法律依据"), blank=True)
    reply_summary = models.TextField(_("答复内容"), blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    transferred_to = models.ForeignKey(
        Org,
        verbose_name=_("转至单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    transferred_from = models.ForeignKey(
        "self",
        verbose_name=_("转自申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # --- fees (2020 measures) ----------------------------------------------------------------
    fee_method = models.CharField(
        _("收费方式"), max_length=16, choices=FeeMethod.choices, blank=True
    )
    fee_quantity = models.PositiveIntegerField(_("件数或页数"), null=True, blank=True)
    fee_amount = models.DecimalField(
        _("信息处理费（元）"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    fee_notice_on = models.DateField(_("收费通知日期"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    # --- duplicates (Art. 35–36) and Art. 44 -------------------------------------------------
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("疑似重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    duplicate_kind = models.CharField(
        _("重复类型"),
        max_length=8,
        blank=True,
        choices=[("same", _("重复申请")), ("similar", _("相似申请"))],
    )
    published_item = models.ForeignKey(
        "catalogue.CatalogueItem",
        verbose_name=_("转为主动公开的条目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_applications",
    )
    imported = models.BooleanField(_("台账导入"), default=False, editable=False)

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "reference"], name="application_reference"),
            # Exactly one coded outcome per closed application, none while open.
            models.CheckConstraint(
                condition=(
                    Q(status__in=[s.value for s in OPEN_STATUSES], outcome="")
                    | Q(status__in=[s.value for s in CLOSED_STATUSES], outcome__in=OUTCOME_KEYS)
                ),
                name="application_outcome_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "status", "due_date"], name="application_queue"),
            models.Index(fields=["org", "receipt_date"], name="application_receipt"),
            models.Index(fields=["org", "concluded_on"], name="application_concluded"),
            models.Index(fields=["org", "id_number"], name="application_applicant_id"),
            models.Index(fields=["org", "phone"], name="application_applicant_phone"),
        ]
        permissions = [("approve_extension", _("可以批准延期答复"))]

    def __str__(self) -> str:
        return self.reference

    def get_admin_url(self) -> str:
        return reverse("applications_admin:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status in PAUSED_STATUSES

    @property
    def applicant_display(self) -> str:
        return self.organisation or self.applicant_name

    @property
    def second_factor(self) -> str:
        """What the applicant types on the tracking page besides the code: last 4 of the phone
        (or of the ID number when no phone was given)."""
        digits = "".join(ch for ch in (self.phone or self.id_number) if ch.isalnum())
        return digits[-4:].upper()


class EventKind(models.TextChoices):
    RECEIVED = "received", _("收到申请")
    REGISTERED = "registered", _("登记申请")
    IMPORTED = "imported", _("台账导入")
    DUPLICATE_FLAGGED = "duplicate_flagged", _("标记疑似重复")
    ASSIGNED = "assigned", _("分配承办人")
    CORRECTION_REQUESTED = "correction_requested", _("告知补正")
    CORRECTION_RECEIVED = "correction_received", _("收到补正")
    CONSULTATION_STARTED = "consultation_started", _("征求意见")
    CONSULTATION_ENDED = "consultation_ended", _("征求意见结束")
    EXTENDED = "extended", _("延期答复")
    FEE_NOTICE_SENT = "fee_notice_sent", _("发出收费通知")
    FEE_PAID = "fee_paid", _("缴纳费用")
    TRANSFERRED = "transferred", _("转办")
    REPLY_SUBMITTED = "reply_submitted", _("答复送审")
    REPLY_RETURNED = "reply_returned", _("答复退回修改")
    REPLY_APPROVED = "reply_approved", _("答复审核通过")
    CONCLUDED = "concluded", _("作出答复")
    DOCUMENT_RELEASED = "document_released", _("提供信息")
    LETTER_ISSUED = "letter_issued", _("制发文书")
    ARCHIVED = "archived", _("归档")
    PUBLISHED_AS_ITEM = "published_as_item", _("转为主动公开")
    REMINDER_DUE_SOON = "reminder_due_soon", _("临期提醒")
    REMINDER_OVERDUE = "reminder_overdue", _("超期提醒")
    NOTE = "note", _("备注")


class ApplicationEvent(models.Model):
    """One line of the application's timeline (Art. 45: every step is kept).

    ``on`` is the legally relevant date (the day the corrected application was received, the
    day the consultation letter went out…), which may differ from when it was recorded (``at``).
    """

    application = models.ForeignKey(
        Application, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("事项"), max_length=32, choices=EventKind.choices)
    at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(_("申请人可见"), default=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["on", "at", "id"]
        indexes = [models.Index(fields=["application", "on", "at"], name="app_event_timeline")]

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}"


class ReplyState(models.TextChoices):
    PENDING = "pending", _("答复待审核")
    RETURNED = "returned", _("已退回修改")
    APPROVED = "approved", _("审核通过")


class ReplySubmission(models.Model):
    """A reply prepared by the handler and submitted for approval (答复送审, Art. 45 审核).

    The reply date is not set here: it is the day the approver signs (or the date the approver
    gives), and only then does ``services.application_conclude`` record the outcome and issue the
    答复书. At most one submission per application is pending at a time.
    """

    application = models.ForeignKey(
        Application,
        verbose_name=_("申请"),
        on_delete=models.CASCADE,
        related_name="reply_submissions",
    )
    outcome = models.CharField(_("办理结果"), max_length=20, choices=OUTCOME_CHOICES)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    reply_summary = models.TextField(_("答复内容"), blank=True)
    state = models.CharField(
        _("审核状态"), max_length=16, choices=ReplyState.choices, default=ReplyState.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("送审人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_on = models.DateField(_("送审日期"))
    submitted_at = models.DateTimeField(_("送审时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    opinion = models.TextField(_("审核意见"), blank=True)
    reply_on = models.DateField(_("答复日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("答复审核")
        verbose_name_plural = _("答复审核")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(state="pending"),
                name="reply_submission_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_state_display()}"


def proof_upload_to(instance: ProofDocument, filename: str) -> str:
    # A random name: the applicant's file name may itself carry personal data.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/proofs/{secrets.token_hex(16)}.{ext}"


class ProofDocument(models.Model):
    """Identity proof uploaded with the application (Art. 29: 身份证明)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="proofs", verbose_name=_("申请")
    )
    file = models.FileField(_("文件"), upload_to=proof_upload_to, max_length=200)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("身份证明")
        verbose_name_plural = _("身份证明")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.content_type}"


def released_upload_to(instance: ReleasedDocument, filename: str) -> str:
    return f"applications/released/{secrets.token_hex(8)}/{filename}"


class ReleasedDocument(models.Model):
    """Information provided to the applicant (downloadable from the tracking page)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="released", verbose_name=_("申请")
    )
    title = models.CharField(_("名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=released_upload_to, max_length=300)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    released_on = models.DateField(_("提供日期"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("已提供信息")
        verbose_name_plural = _("已提供信息")
        ordering = ["released_on", "id"]

    def __str__(self) -> str:
        return self.title


class LetterKind(models.TextChoices):
    """The formal letters to the applicant or a third party, with their official names."""

    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    CONSULTATION = "consultation", "第三方意见征询函"
    FEE_NOTICE = "fee_notice", "收费通知书"
    REPLY = "reply", "政府信息公开申请答复书"


class LetterTemplate(models.Model):
    """An editable letter text; ``org`` empty = the platform default for that kind.

    ``body`` uses Django template syntax with the variables listed in ``letters.VARIABLES``;
    each blank-line-separated block becomes one paragraph.
    """

    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    org = models.ForeignKey(
        Org, verbose_name=_("单位"), null=True, blank=True, on_delete=models.CASCADE
    )
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文模板"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [
            models.UniqueConstraint(fields=["kind", "org"], name="letter_template_per_org"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(org__isnull=True), name="letter_template_default"
            ),
        ]

    def __str__(self) -> str:
        return self.title


def letter_upload_to(instance: Letter, filename: str) -> str:
    return f"applications/letters/{instance.application.org.code}/{secrets.token_hex(8)}/{filename}"


class Letter(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("申请")
    )
    kind = models.CharField(_("文书类型"), max_length=16, choices=LetterKind.choices)
    number = models.CharField(_("文书编号"), max_length=80)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    issued_on = models.DateField(_("日期"))
    docx = models.FileField(upload_to=letter_upload_to, max_length=300, blank=True)
    pdf = models.FileField(upload_to=letter_upload_to, max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）"
