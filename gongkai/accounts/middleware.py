"""Stop an admin session at the code prompt until its TOTP code is given.

Wagtail's own login view checks the password; this middleware, placed after django-otp's
``OTPMiddleware``, then sends every admin request of a user with a confirmed device to
the verify page until ``django_otp.login`` has marked the session. With
``GONGKAI_REQUIRE_2FA_ROLES`` set, users of those roles without a device are sent to the
setup page instead.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .policy import Gate, gate_for
from .selectors import user_confirmed_device, user_must_set_up


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        admin_prefix = reverse("wagtailadmin_home")
        if not request.path.startswith(admin_prefix):
            return self.get_response(request)
        if not hasattr(user, "is_verified"):
            raise ImproperlyConfigured(
                "TwoFactorMiddleware needs django_otp.middleware.OTPMiddleware before it."
            )
        verified = user.is_verified()
        has_device = not verified and user_confirmed_device(user) is not None
        gate = gate_for(
            path=request.path,
            admin_prefix=admin_prefix,
            verify_path=reverse("accounts_2fa_verify"),
            setup_path=reverse("accounts_2fa"),
            always_open={
                reverse("wagtailadmin_logout"),
                reverse("wagtailadmin_javascript_catalog"),
            },
            is_verified=verified,
            has_device=has_device,
            setup_required=not verified and not has_device and user_must_set_up(user),
        )
        if gate == Gate.VERIFY:
            return self._redirect("accounts_2fa_verify", request)
        if gate == Gate.SETUP:
            return self._redirect("accounts_2fa", request)
        return self.get_response(request)

    @staticmethod
    def _redirect(name: str, request: HttpRequest) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        )
