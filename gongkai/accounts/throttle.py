"""Count wrong two-factor codes per user in the cache and lock like django-axes does.

django-otp's own throttle only delays the next try (1 s, 2 s, 4 s ...); this lock stops
guessing for a fixed time after a few failures, whoever and wherever the guesser is.
The count is per account: whoever types codes already has the password.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

_FAILURES = "gongkai:2fa:failures:{user_id}"
_LOCK = "gongkai:2fa:lock:{user_id}"


def failure_limit() -> int:
    return int(getattr(settings, "GONGKAI_2FA_FAILURE_LIMIT", 5))


def lock_seconds() -> int:
    return int(getattr(settings, "GONGKAI_2FA_LOCK_MINUTES", 15)) * 60


def token_lock_active(*, user_id: int) -> bool:
    return cache.get(_LOCK.format(user_id=user_id)) is not None


def token_failure_register(*, user_id: int) -> int:
    """Count one wrong code; lock when the count reaches the limit. Returns the count.

    The count expires ``lock_seconds`` after the first failure, so slow, occasional typos
    never add up to a lock.
    """
    key = _FAILURES.format(user_id=user_id)
    cache.add(key, 0, lock_seconds())
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, lock_seconds())
        count = 1
    if count >= failure_limit():
        cache.set(_LOCK.format(user_id=user_id), count, lock_seconds())
        cache.delete(key)
    return count


def token_failures_reset(*, user_id: int) -> None:
    cache.delete(_FAILURES.format(user_id=user_id))
