"""Fixed-window rate limits in Django's cache (shared by all app servers when it is Redis)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/3600' → (10 hits, 3600 seconds); '0' or '' disables the limit."""
    if not rate or rate == "0":
        return 0, 0
    count, _, seconds = rate.partition("/")
    return int(count), int(seconds or 60)


def rate_setting(name: str, default: str) -> tuple[int, int]:
    return parse_rate(str(getattr(settings, name, default)))


def hit(key: str, *, limit: int, window: int) -> bool:
    """Count one hit; False when the limit for this window is exceeded."""
    if limit <= 0:
        return True
    cache_key = f"rl:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count <= limit


def client_ip(request) -> str:
    """REMOTE_ADDR; behind a proxy, the trusted proxy sets it (see deployment docs)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"
