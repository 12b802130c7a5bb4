"""Admin wiring: the 两步验证 pages, and links to them from the account page and settings."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views
from .selectors import user_confirmed_device, user_may_use_two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("2fa/", views.setup, name="accounts_2fa"),
        path("2fa/remove/", views.remove, name="accounts_2fa_remove"),
        path("2fa/verify/", views.verify, name="accounts_2fa_verify"),
    ]


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    user = request.user
    if not (user_may_use_two_factor(user) or user_confirmed_device(user) is not None):
        return None
    return {
        "url": reverse("accounts_2fa"),
        "label": _("两步验证"),
        "help_text": _("登录时除密码外再输入手机验证器上的动态验证码。"),
    }


class TwoFactorMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_use_two_factor(request.user)


@hooks.register("register_settings_menu_item")
def register_two_factor_settings_item():
    return TwoFactorMenuItem(
        gettext_lazy("两步验证"), reverse("accounts_2fa"), icon_name="key", order=950
    )
