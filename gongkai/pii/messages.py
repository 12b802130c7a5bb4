"""What to tell a person whose resident ID number or credit code does not check out.

The check digits are python-stdnum's (``checkdigits``); this turns what is wrong into a sentence
that says what to fix, for the public application form and for the register import alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .checkdigits import credit_code_problem, number_compact, resident_id_problem


def resident_id_message(value: str) -> str | None:
    """None when ``value`` (as typed: spaces, dashes, full-width digits, a small x allowed) is a
    possible resident ID number; otherwise what is wrong with it."""
    number = number_compact(value)
    problem = resident_id_problem(number)
    if problem is None:
        return None
    if problem == "length":
        return _("居民身份证号码应为18位，您填写了%(n)d位，请核对。") % {"n": len(number)}
    return {
        "format": _("居民身份证号码前17位应为数字，最后一位为数字或字母X，请核对。"),
        "region": _("居民身份证号码的前两位不是任何省份的代码，请核对。"),
        "birth_date": _("居民身份证号码第7至14位应为出生日期（例如19800101），请核对。"),
        "checksum": _(
            "居民身份证号码的最后一位（校验码）与前17位不符，可能有一位输错了，请逐位核对。"
        ),
    }[problem]


def credit_code_message(value: str) -> str | None:
    """None when ``value`` is a valid unified social credit code; otherwise what to fix."""
    code = number_compact(value)
    problem = credit_code_problem(code)
    if problem is None:
        return None
    if problem == "length":
        return _("统一社会信用代码应为18位，您填写了%(n)d位，请对照营业执照或登记证书核对。") % {
            "n": len(code)
        }
    return {
        "charset": _("统一社会信用代码只含数字和大写字母（不含I、O、S、V、Z），请核对。"),
        "checksum": _(
            "统一社会信用代码的最后一位（校验码）与前17位不符，可能有一位输错了，"
            "请对照营业执照或登记证书核对。"
        ),
    }[problem]
