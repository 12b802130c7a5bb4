from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewOpinionForm(forms.Form):
    opinion = forms.CharField(
        label=_("审查意见"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("写明审查（签发）意见；退回修改时写明需要修改的内容。"),
    )
    basis = forms.CharField(
        label=_("依据"),
        required=False,
        max_length=300,
        help_text=_(
            "如：《中华人民共和国政府信息公开条例》第十四条、第十五条；本单位保密审查制度。"
        ),
    )


class KeepFindingForm(forms.Form):
    reason = forms.CharField(
        label=_("保留理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明该内容可以公开的理由，例如：为单位办公电话，依法应当公开。"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤回原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将在原页面公开显示，例如：该文件已被新文件替代。"),
    )
