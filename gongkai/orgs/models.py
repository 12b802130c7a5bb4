"""The register of organisations (administrative organs) and the staff who belong to them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

org_code_validator = RegexValidator(r"^[A-Za-z0-9-]+$", _("代码只能包含字母、数字和连字符“-”。"))
credit_code_validator = RegexValidator(
    r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$",
    _("统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"),
)


class OrgQuerySet(models.QuerySet["Org"]):
    def active(self) -> OrgQuerySet:
        return self.filter(is_active=True)


class Org(models.Model):
    """An administrative organ that discloses information: a government, department or town."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府")
        DEPARTMENT = "department", _("部门")
        TOWN = "town", _("乡镇街道")

    code = models.CharField(_("代码"), max_length=32, unique=True, validators=[org_code_validator])
    name = models.CharField(_("名称"), max_length=100, help_text=_("机构全称"))
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, validators=[credit_code_validator]
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    fax = models.CharField(_("传真"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    ogi_office = models.CharField(_("政府信息公开工作机构"), max_length=100, blank=True)
    ogi_contact = models.CharField(_("公开工作联系人"), max_length=50, blank=True)
    ogi_phone = models.CharField(_("公开工作联系电话"), max_length=50, blank=True)
    functions = models.TextField(_("机构职能"), blank=True)
    leaders = models.TextField(_("领导信息"), blank=True, help_text=_("每行一位：姓名 职务 分工"))
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    on_platform = models.BooleanField(
        _("在本平台办公"),
        default=True,
        help_text=_("未在本平台办公的单位，其年报由办公室导入汇总。"),
    )

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def index_prefix(self) -> str:
        """The first part of every 索引号 this org issues."""
        return self.credit_code or self.code

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def ancestors(self) -> list[Org]:
        chain: list[Org] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    def descendant_ids(self) -> set[int]:
        """Ids of this org and every org below it (the register is small: one query)."""
        by_parent: dict[int | None, list[int]] = {}
        for org_id, parent_id in Org.objects.values_list("id", "parent_id"):
            by_parent.setdefault(parent_id, []).append(org_id)
        found, stack = {self.pk}, [self.pk]
        while stack:
            for child in by_parent.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found


class StaffProfile(models.Model):
    """Ties a user account to the org it works for. Roles are the user's groups."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    org = models.ForeignKey(
        Org, verbose_name=_("所属单位"), on_delete=models.PROTECT, related_name="staff"
    )
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    title = models.CharField(_("职务"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()}（{self.org}）"
