from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CalculatorMode:
    PLAIN = "plain"
    APPLICATION = "application"


class DeadlineCalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("起算日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("起算日当日不计入。"),
    )
    days = forms.IntegerField(
        label=_("工作日数"),
        min_value=1,
        max_value=1000,
        initial=20,
        help_text=_("依申请公开的答复期限为 20 个工作日。"),
    )
    mode = forms.ChoiceField(
        label=_("计算方式"),
        choices=[
            (CalculatorMode.PLAIN, _("自起算日次日起计算")),
            (
                CalculatorMode.APPLICATION,
                _("起算日为收到申请之日（非工作日收到的，顺延至下一个工作日）"),
            ),
        ],
        initial=CalculatorMode.PLAIN,
        widget=forms.RadioSelect,
        required=False,
    )
