"""Review before publishing (先审查、后公开, 一事一审).

One workflow serves every org: its two tasks — confidentiality review (保密审查) and sign-off
(签发) — find their approvers at run time from the org of the item under review. The task
states carry the written opinion and its basis, and the pre-check findings of each submission
are kept with how the reviewer resolved them: together the evidence (送审单) an inspector asks for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from gongkai.orgs.models import Org
from gongkai.orgs.roles import ReviewStep, user_may_act


class ReviewTaskState(TaskState):
    """A task state with the written opinion (审查意见) and its basis (依据)."""

    opinion = models.TextField(_("审查意见"), blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("审查记录")
        verbose_name_plural = _("审查记录")


class ReviewStepTask(Task):
    step = models.CharField(_("环节"), max_length=16, choices=ReviewStep.choices)

    admin_form_fields = [*Task.admin_form_fields, "step"]
    task_state_class = ReviewTaskState

    class Meta:
        verbose_name = _("按单位审批环节")
        verbose_name_plural = _("按单位审批环节")

    @classmethod
    def get_description(cls):
        return _("由条目所属单位的保密审查员或签发领导办理；单位无人时由政府办公室代为办理。")

    def _org_id(self, obj) -> int | None:
        return org_id_of(obj)

    def _may_act(self, obj, user) -> bool:
        cache = getattr(user, "_review_step_checks", None)
        if cache is None:
            cache = user._review_step_checks = {}
        key = (self.pk, self._org_id(obj))
        if key not in cache:
            cache[key] = user_may_act(user, key[1], self.step)
        return cache[key]

    def user_can_access_editor(self, obj, user):
        return self._may_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self._may_act(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_act(obj, user)

    def get_actions(self, obj, user):
        if not self._may_act(obj, user):
            return []
        actions = [("reject", _("退回修改"), True)]
        if self.step == ReviewStep.SIGNOFF or not open_findings_for(obj).exists():
            label = _("审查通过") if self.step == ReviewStep.REVIEW else _("同意签发")
            actions.append(("approve", label, True))
        return actions

    def get_form_for_action(self, action):
        from .forms import ReviewOpinionForm

        return ReviewOpinionForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from .services import review_act

        return review_act(
            task_state=task_state.specific,
            user=user,
            action=action_name,
            opinion=kwargs.get("opinion") or kwargs.get("comment") or "",
            basis=kwargs.get("basis") or "",
        )

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        # One check per waiting state: queues are short (tens), and the approvers of each
        # state depend on that state's org.
        ids = [
            state.pk
            for state in states.select_related("workflow_state")
            if user_may_act(user, _object_org_id(state.workflow_state), self.step)
        ]
        return self.task_states.filter(pk__in=ids)


def org_id_of(obj) -> int | None:
    """The org an item or page belongs to.

    Items carry it; a page belongs to the org of its nearest ``OrgSitePage`` ancestor, and
    pages above every org site (the portal home) to the top government.
    """
    if obj is None:
        return None
    org_id = getattr(obj, "org_id", None)
    if org_id is not None:
        return org_id
    from wagtail.models import Page

    if isinstance(obj, Page):
        for ancestor in obj.get_ancestors(inclusive=True).specific().reverse():
            org_id = getattr(ancestor, "org_id", None)
            if org_id is not None:
                return org_id
        return Org.objects.filter(parent__isnull=True).values_list("pk", flat=True).first()
    return None


def _object_org_id(workflow_state) -> int | None:
    model = workflow_state.base_content_type.model_class()
    if model is not None and hasattr(model, "org_id"):
        return (
            model._default_manager.filter(pk=workflow_state.object_id)
            .values_list("org_id", flat=True)
            .first()
        )
    return org_id_of(workflow_state.content_object)


class SensitiveWord(models.Model):
    """The general office's list of words that must not appear in published information."""

    word = models.CharField(_("敏感词"), max_length=50, unique=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class PrecheckFinding(models.Model):
    """One thing the automatic pre-check found in a submitted item, and how it was resolved.

    Only the masked value is stored: the finding must not itself become a leak.
    """

    class Resolution(models.TextChoices):
        OPEN = "open", _("待处理")
        MASKED = "masked", _("已遮盖")
        REMOVED = "removed", _("已删除")
        KEPT = "kept", _("保留（已说明理由）")

    item = models.ForeignKey(
        "catalogue.CatalogueItem",
        verbose_name=_("目录条目"),
        on_delete=models.CASCADE,
        related_name="precheck_findings",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=20)
    field = models.CharField(_("位置字段"), max_length=40)
    location = models.CharField(_("位置"), max_length=200, blank=True)
    line = models.PositiveIntegerField(_("行"), default=1)
    column = models.PositiveIntegerField(_("列"), default=1)
    masked_value = models.CharField(_("内容（已遮盖）"), max_length=100)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the raw value")
    resolution = models.CharField(
        _("处理结果"), max_length=16, choices=Resolution.choices, default=Resolution.OPEN
    )
    reason = models.TextField(_("保留理由"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("预审发现")
        verbose_name_plural = _("预审发现")
        ordering = ["item_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked_value}"

    KIND_LABELS = {
        "id_number": _("身份证号码"),
        "mobile": _("手机号码"),
        "bank_card": _("银行卡号"),
        "secrecy_mark": _("密级标志"),
        "sensitive_word": _("敏感词"),
    }

    def get_kind_display(self) -> str:
        return str(self.KIND_LABELS.get(self.kind, self.kind))


def open_findings_for(obj):
    if obj is None or getattr(obj, "pk", None) is None or not hasattr(obj, "precheck_findings"):
        return PrecheckFinding.objects.none()
    return PrecheckFinding.objects.filter(
        item_id=obj.pk, resolution=PrecheckFinding.Resolution.OPEN
    )
