"""System checks: a typo in GONGKAI_REQUIRE_2FA_ROLES must not silently require nothing,
and the gate only works after django-otp's middleware."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register

from .policy import required_roles_parse

GATE = "gongkai.accounts.middleware.TwoFactorMiddleware"
OTP = "django_otp.middleware.OTPMiddleware"
AUTH = "django.contrib.auth.middleware.AuthenticationMiddleware"


@register()
def check_two_factor_settings(app_configs=None, **kwargs):
    errors = []
    _, unknown = required_roles_parse(getattr(settings, "GONGKAI_REQUIRE_2FA_ROLES", ""))
    if unknown:
        errors.append(
            Error(
                f"GONGKAI_REQUIRE_2FA_ROLES has unknown role keys: {', '.join(unknown)}",
                hint="Use keys from gongkai/orgs/roles.py, e.g. reviewer,signer,org_admin.",
                id="accounts.E001",
            )
        )
    middleware = list(settings.MIDDLEWARE)
    if GATE in middleware:
        if OTP not in middleware or middleware.index(OTP) > middleware.index(GATE):
            errors.append(Error(f"{GATE} must come after {OTP}.", id="accounts.E002"))
        if (
            AUTH in middleware
            and OTP in middleware
            and middleware.index(AUTH) > middleware.index(OTP)
        ):
            errors.append(Error(f"{OTP} must come after {AUTH}.", id="accounts.E003"))
    return errors
