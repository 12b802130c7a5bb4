"""Public forms (write, track, rate) and the staff forms of the admin workspace."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Org

from .models import LetterCategory, Mailbox, Rating
from .services import letter_validate


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each (type by content, size)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class LetterForm(forms.Form):
    mailbox = forms.ModelChoiceField(
        label=_("写信给"), queryset=Mailbox.objects.none(), empty_label=None
    )
    category = forms.ModelChoiceField(
        label=_("来信类别"), queryset=LetterCategory.objects.none(), empty_label=None
    )
    subject = forms.CharField(label=_("标题"), required=False)
    content = forms.CharField(
        label=_("来信内容"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("请写明事情的经过、地点和您的诉求，不超过5000字。"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("可选，最多3个，每个不超过10 MB；接受PDF、OFD、Word、Excel和JPG/PNG/GIF图片。"),
    )
    writer_name = forms.CharField(label=_("姓名"), required=False, max_length=50)
    writer_phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("查询办理进度时需要电话号码后四位。"),
    )
    writer_email = forms.EmailField(label=_("电子邮箱"), required=False, max_length=254)
    may_publish = forms.BooleanField(
        label=_("同意在答复后公开来信和答复（姓名、电话等个人信息不会公开）"), required=False
    )
    captcha = forms.CharField(label=_("验证码"), required=False, max_length=4)
    website = forms.CharField(label=_("请勿填写此项"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].queryset = Mailbox.objects.filter(is_active=True).select_related(
            "org"
        )
        self.fields["category"].queryset = LetterCategory.objects.filter(is_active=True)

    def clean(self):
        cleaned = super().clean()
        errors = letter_validate(
            subject=(cleaned.get("subject") or "").strip(),
            content=(cleaned.get("content") or "").strip(),
            writer_name=(cleaned.get("writer_name") or "").strip(),
            writer_phone=(cleaned.get("writer_phone") or "").strip(),
            files=cleaned.get("attachments") or [],
        )
        for field, messages in errors.items():
            for message in messages:
                self.add_error(None if field == "__all__" else field, message)
        return cleaned


class TrackForm(forms.Form):
    code = forms.CharField(label=_("查询码"), max_length=20)
    last4 = forms.CharField(
        label=_("联系电话后四位"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("您对答复的评价"), choices=Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("意见（可选）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Staff -------------------------------------------------------------------------------------


class RouteForm(forms.Form):
    org = forms.ModelChoiceField(label=_("承办单位"), queryset=Org.objects.active())
    note = forms.CharField(label=_("转办意见"), required=False, max_length=500)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("答复内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10})
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("审核意见"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FiguresForm(forms.Form):
    start = forms.DateField(label=_("自"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("至"), widget=forms.DateInput(attrs={"type": "date"}))
