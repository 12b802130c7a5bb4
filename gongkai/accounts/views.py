"""Admin pages: set up or remove TOTP (两步验证), and the code prompt after sign-in."""

from __future__ import annotations

from base64 import b32encode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .forms import TokenForm
from .policy import secret_for_display
from .qr import otpauth_qr_svg
from .selectors import user_confirmed_device, user_may_use_two_factor, user_must_set_up
from .services import (
    TokenCheck,
    totp_device_confirm,
    totp_device_remove,
    totp_device_start,
    totp_session_verify,
)
from .throttle import lock_seconds

NEXT = "next"


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get(NEXT) or request.GET.get(NEXT) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("wagtailadmin_home")


def _refusal_message(result: TokenCheck) -> str:
    if result == TokenCheck.LOCKED:
        minutes = lock_seconds() // 60
        return _("验证码错误次数过多，已锁定%(minutes)d分钟，请稍后再试。") % {"minutes": minutes}
    if result == TokenCheck.WAIT:
        return _("尝试过于频繁，请稍候几秒再输入。")
    return _("验证码不正确，请重新输入。")


@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """Show the state of two-factor login; offer a QR code and confirm it with a code."""
    user = request.user
    device = user_confirmed_device(user)
    if device is None and not user_may_use_two_factor(user):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    if device is None and request.method == "POST" and form.is_valid():
        result = totp_device_confirm(request=request, token=form.cleaned_data["token"])
        if result == TokenCheck.ACCEPTED:
            messages.success(request, _("两步验证已启用。以后登录时需要输入动态验证码。"))
            return redirect(_safe_next(request) if request.POST.get(NEXT) else "accounts_2fa")
        form.add_error(
            "token",
            _refusal_message(result)
            if result == TokenCheck.WAIT
            else _("验证码不正确，请确认手机时间准确后重新输入。"),
        )
    context = {
        "page_title": _("两步验证"),
        "device": device,
        "required": user_must_set_up(user),
        "form": form,
        "remove_form": TokenForm(),
        "next": request.GET.get(NEXT) or request.POST.get(NEXT) or "",
    }
    if device is None:
        pending = totp_device_start(user=user)
        context["qr_svg"] = otpauth_qr_svg(pending.config_url, title=_("两步验证二维码"))
        context["secret"] = secret_for_display(b32encode(pending.bin_key).decode())
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请输入6位数字验证码。"))
        return redirect("accounts_2fa")
    result = totp_device_remove(user=request.user, token=form.cleaned_data["token"])
    if result == TokenCheck.ACCEPTED:
        messages.success(request, _("两步验证已停用。"))
    else:
        messages.error(request, _refusal_message(result))
    return redirect("accounts_2fa")


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code after the password; nothing else in the admin opens until then."""
    user = request.user
    target = _safe_next(request)
    if user.is_verified() or user_confirmed_device(user) is None:
        return redirect(target)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = totp_session_verify(request=request, token=form.cleaned_data["token"])
        if result == TokenCheck.ACCEPTED:
            return redirect(target)
        form.add_error("token", _refusal_message(result))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": target, "page_title": _("两步验证")},
    )
