"""Set up, remove and check TOTP devices. Every outcome goes to the audit log.

Codes are checked with django-otp (``TOTPDevice.verify_token``), which refuses a code
already used and delays after failures; on top of that, ``throttle`` locks an account
for a while after a few wrong codes.
"""

from __future__ import annotations

from enum import StrEnum

import django_otp
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.services import audit_record
from gongkai.orgs.scoping import user_org

from .selectors import user_confirmed_device, user_pending_device
from .throttle import token_failure_register, token_failures_reset, token_lock_active


class TokenCheck(StrEnum):
    ACCEPTED = "accepted"
    REFUSED = "refused"
    LOCKED = "locked"  # too many wrong codes: our lock
    WAIT = "wait"  # django-otp's back-off after a recent failure; the code was not tried


def _audit(*, user, action: str, **detail) -> None:
    org = user_org(user)
    audit_record(action=action, actor=user, org_id=org.pk if org else None, detail=detail)


def _check(*, user, device: TOTPDevice, token: str, purpose: str) -> TokenCheck:
    """Check a code against a confirmed device, counting and auditing wrong ones."""
    if token_lock_active(user_id=user.pk):
        _audit(user=user, action="auth.2fa_locked", purpose=purpose)
        return TokenCheck.LOCKED
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return TokenCheck.WAIT
    if django_otp.verify_token(user, device.persistent_id, token) is not None:
        token_failures_reset(user_id=user.pk)
        return TokenCheck.ACCEPTED
    failures = token_failure_register(user_id=user.pk)
    _audit(user=user, action="auth.2fa_failed", purpose=purpose, failures=failures)
    if token_lock_active(user_id=user.pk):
        _audit(user=user, action="auth.2fa_locked", purpose=purpose)
        return TokenCheck.LOCKED
    return TokenCheck.REFUSED


def totp_device_start(*, user) -> TOTPDevice:
    """The device being set up. Reused across page loads so the QR code stays the same."""
    device = user_pending_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def totp_device_confirm(*, request, token: str) -> TokenCheck:
    """Confirm the pending device with a code from the app; it replaces any older device.

    Wrong codes here are audited but do not count towards the lock: the secret is on the
    screen, so there is nothing to guess. A confirmed device also verifies this session,
    since the user just proved they hold it.
    """
    user = request.user
    device = user_pending_device(user)
    if device is None:
        return TokenCheck.REFUSED
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        return TokenCheck.WAIT
    with transaction.atomic():
        accepted = device.verify_token(token)
        if accepted:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not accepted:
        _audit(user=user, action="auth.2fa_setup_failed", device_id=device.pk)
        return TokenCheck.REFUSED
    _audit(user=user, action="auth.2fa_setup", device_id=device.pk)
    django_otp.login(request, device)
    return TokenCheck.ACCEPTED


def totp_device_remove(*, user, token: str) -> TokenCheck:
    """Remove the user's devices; needs a current code so a walked-away session can't."""
    device = user_confirmed_device(user)
    if device is None:
        return TokenCheck.REFUSED
    result = _check(user=user, device=device, token=token, purpose="remove")
    if result == TokenCheck.ACCEPTED:
        TOTPDevice.objects.filter(user=user).delete()
        _audit(user=user, action="auth.2fa_removed", device_id=device.pk)
    return result


def totp_session_verify(*, request, token: str) -> TokenCheck:
    """Check the code at sign-in and mark the session verified (django-otp's login)."""
    user = request.user
    device = user_confirmed_device(user)
    if device is None:
        return TokenCheck.REFUSED
    result = _check(user=user, device=device, token=token, purpose="login")
    if result == TokenCheck.ACCEPTED:
        django_otp.login(request, device)
        _audit(user=user, action="auth.2fa_verified", device_id=device.pk)
    return result
