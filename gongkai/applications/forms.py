"""Forms: the public application form (Art. 29) and the staff action forms."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.catalogue.selectors import CATEGORY_NOT_OF_ORG, categories_for_orgs
from gongkai.orgs.models import Org
from gongkai.pii.checkdigits import number_compact
from gongkai.pii.messages import credit_code_message, resident_id_message
from gongkai.statute.outcomes import OUTCOME_CHOICES

from .clock import PauseKind
from .models import (
    ApplicantType,
    Application,
    Channel,
    FeeMethod,
    LetterTemplate,
)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
PHONE_RE = re.compile(r"^[\d\-+() ]{7,20}$")

PUBLIC_FIELDS = [
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "organisation",
    "credit_code",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "purpose",
    "delivery_form",
    "delivery_way",
]


class ApplicationDataForm(forms.ModelForm):
    """What Art. 29 asks of every applicant, whatever the channel."""

    class Meta:
        model = Application
        fields = PUBLIC_FIELDS
        widgets = {
            "applicant_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "delivery_form": forms.RadioSelect,
            "delivery_way": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "applicant_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
        }

    phone_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("delivery_form", "delivery_way", "id_type"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0]]
        self.fields["delivery_form"].required = True
        self.fields["delivery_way"].required = True
        self.fields["phone"].required = self.phone_required

    def clean_phone(self) -> str:
        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not (MOBILE_RE.match(phone) or PHONE_RE.match(phone)):
            raise forms.ValidationError(
                _("请填写有效的电话号码，例如 13812345678 或 0795-1234567。")
            )
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        if kind == ApplicantType.NATURAL_PERSON:
            for name, msg in (
                ("applicant_name", _("请填写申请人姓名。")),
                ("id_type", _("请选择证件类型。")),
                ("id_number", _("请填写证件号码。")),
            ):
                if not data.get(name):
                    self.add_error(name, msg)
            id_number = data.get("id_number") or ""
            if data.get("id_type") == "resident_id" and id_number:
                # Check digits (python-stdnum), not only the shape: a typo would reach the
                # ledger, the letters and duplicate detection. Stored without separators.
                problem = resident_id_message(id_number)
                if problem:
                    self.add_error("id_number", problem)
                else:
                    data["id_number"] = number_compact(id_number)
        elif kind:
            for name, msg in (
                ("organisation", _("请填写法人或其他组织的名称。")),
                ("credit_code", _("请填写统一社会信用代码。")),
                ("contact_person", _("请填写联系人姓名。")),
            ):
                if not data.get(name):
                    self.add_error(name, msg)
            if data.get("credit_code"):
                problem = credit_code_message(data["credit_code"])
                if problem:
                    self.add_error("credit_code", problem)
                else:
                    data["credit_code"] = number_compact(data["credit_code"])
        way = data.get("delivery_way")
        if way == "email" and not data.get("email"):
            self.add_error("email", _("选择以电子邮件获取信息时，请填写电子邮箱。"))
        if way == "post" and not data.get("address"):
            self.add_error("address", _("选择邮寄时，请填写通信地址。"))
        return data


class PublicApplicationForm(ApplicationDataForm):
    org = forms.ModelChoiceField(
        label=_("向哪个机关申请"),
        queryset=Org.objects.none(),
        empty_label=_("请选择受理机关"),
    )
    proof = forms.FileField(
        label=_("身份证明"),
        help_text=_("身份证件或营业执照等的照片或扫描件，PDF、JPG 或 PNG，不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    captcha = forms.CharField(
        label=_("验证码"),
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("请填写图中算式的结果。"),
    )
    # Humans never see this field (hidden by CSS and aria-hidden); bots fill everything.
    website = forms.CharField(required=False, label=_("请勿填写"))
    agree = forms.BooleanField(label=_("本人承诺所填信息真实有效"))

    field_order = ["org", *PUBLIC_FIELDS, "proof", "agree", "captcha"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Org.objects.active().filter(on_platform=True)


class RegisterForm(ApplicationDataForm):
    """Staff register an application that came by letter, fax, in person or orally."""

    phone_required = False
    channel = forms.ChoiceField(
        label=_("渠道"), choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    arrived_on = forms.DateField(
        label=_("收到日期"),
        help_text=_(
            "当面提交：提交之日；挂号信：签收之日；平信：与申请人确认之日；传真：双方确认之日。"
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    proof = forms.FileField(label=_("身份证明（扫描件）"), required=False)
    note = forms.CharField(
        label=_("登记说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    field_order = ["channel", "arrived_on", *PUBLIC_FIELDS, "proof", "note"]


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    last4 = forms.CharField(
        label=_("联系电话后四位"),
        max_length=4,
        min_length=4,
        help_text=_("申请时填写的联系电话的最后四位数字（未留电话的，填证件号码后四位）。"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _date_field(label):
    return forms.DateField(
        label=label, initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("承办人"), queryset=None)

    def __init__(self, *args, officers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class CorrectionRequestForm(forms.Form):
    on = _date_field(_("告知日期"))
    items = forms.CharField(label=_("需补正的事项"), widget=forms.Textarea(attrs={"rows": 4}))
    period_days = forms.IntegerField(
        label=_("补正期限（工作日）"), initial=15, min_value=1, max_value=60
    )


class CorrectionReceivedForm(forms.Form):
    on = _date_field(_("收到补正的日期"))
    description = forms.CharField(
        label=_("补正后的申请内容"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ConsultationStartForm(forms.Form):
    on = _date_field(_("发函日期"))
    kind = forms.ChoiceField(
        label=_("征求对象"),
        choices=[
            (PauseKind.THIRD_PARTY.value, _("第三方（条例第三十二条）")),
            (PauseKind.OTHER_ORGAN.value, _("其他机关（条例第三十三、三十四条）")),
        ],
    )
    party = forms.CharField(label=_("名称"), max_length=200)


class ConsultationEndForm(forms.Form):
    on = _date_field(_("收到意见的日期"))
    kind = forms.ChoiceField(
        label=_("征求对象"),
        choices=[
            (PauseKind.THIRD_PARTY.value, _("第三方")),
            (PauseKind.OTHER_ORGAN.value, _("其他机关")),
        ],
    )
    note = forms.CharField(label=_("意见摘要"), required=False)


class ExtendForm(forms.Form):
    on = _date_field(_("批准日期"))
    days = forms.IntegerField(label=_("延长工作日数"), initial=20, min_value=1, max_value=20)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


class FeeNoticeForm(forms.Form):
    on = _date_field(_("申请人收到通知的日期"))
    method = forms.ChoiceField(label=_("收费方式"), choices=FeeMethod.choices)
    quantity = forms.IntegerField(
        label=_("页数或本月第几件"),
        min_value=1,
        help_text=_("按量计收填页数；按件计收填该申请人本自然月内的第几件申请。"),
    )


class PaymentForm(forms.Form):
    on = _date_field(_("缴费日期"))


class TransferOrgField(forms.ModelChoiceField):
    """The other orgs: the handling org is not offered, and a POST naming it is refused with
    its own message (not Django's “选择一个有效的选项”)."""

    def __init__(self, *args, own_org: Org | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_org = own_org

    def to_python(self, value):
        if self.own_org is not None and str(value).strip() == str(self.own_org.pk):
            # The service's own message; shown after the field's label in the action's notice.
            raise forms.ValidationError(_("不能转给本单位。"), code="own_org")
        return super().to_python(value)


class TransferForm(forms.Form):
    on = _date_field(_("转办日期"))
    to_org = TransferOrgField(label=_("负责公开该信息的机关"), queryset=Org.objects.active())
    note = forms.CharField(label=_("说明"), required=False)

    def __init__(self, *args, org: Org | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_org"]
        field.own_org = org
        if org is not None:
            field.queryset = Org.objects.active().exclude(pk=org.pk)


class ReplySubmitForm(forms.Form):
    """The handler's prepared reply, submitted for approval; the reply date is set on approval."""

    outcome = forms.ChoiceField(label=_("办理结果"), choices=[("", "---------"), *OUTCOME_CHOICES])
    legal_basis = forms.CharField(
        label=_("法律依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reply_summary = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}))


class ReplyDecisionForm(forms.Form):
    """The approver's decision on a submitted reply: approve (with the reply date) or return."""

    on = forms.DateField(
        label=_("答复日期"),
        required=False,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("默认为审核通过之日；不能早于送审日期，也不能晚于今天。"),
    )
    opinion = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回修改时必须填写。"),
    )


class ReleaseForm(forms.Form):
    on = _date_field(_("提供日期"))
    title = forms.CharField(label=_("名称"), max_length=200)
    file = forms.FileField(label=_("文件"))
    pages = forms.IntegerField(label=_("页数"), required=False, min_value=1)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    title = forms.CharField(label=_("条目标题"), max_length=300)
    category = forms.ModelChoiceField(label=_("组配分类"), queryset=None)
    summary = forms.CharField(
        label=_("内容概述"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    others = forms.CharField(
        label=_("同时关联的其他申请编号"),
        required=False,
        help_text=_("多个编号用逗号或空格分隔；只能是本单位的申请。"),
    )

    def __init__(self, *args, org=None, **kwargs):
        super().__init__(*args, **kwargs)

        # The org's own classes only, as its portal columns list them (not their default twins).
        field = self.fields["category"]
        field.queryset = categories_for_orgs([org.pk] if org is not None else [])
        field.error_messages["invalid_choice"] = CATEGORY_NOT_OF_ORG


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def clean_body(self):
        from django.template import TemplateSyntaxError

        from .letters import template_check

        body = self.cleaned_data["body"]
        try:
            template_check(body)
        except TemplateSyntaxError as exc:
            raise forms.ValidationError(_("模板有语法错误：%(e)s") % {"e": exc}) from exc
        return body
