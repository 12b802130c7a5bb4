"""Anti-abuse for the public forms (依申请公开 and the mailbox): an offline captcha and rate limits.

Captcha: An offline captcha: a small sum drawn as SVG line segments, the answer kept in the session.

No third-party service, no fonts, no Pillow: digits are seven-segment strokes with random
jitter, so the question is not in the page as text. The answer is stored server-side in the
session and is single-use. The same question in words sits under the picture in a disclosure
(“看不清或使用读屏软件？显示文字题”), so a screen-reader user gets it without leaving the form and
losing what they typed (``?captcha=text`` still shows the words in place of the picture) —
accessibility over perfect bot resistance; the rate limits do the rest.

Rate limits: fixed windows in Django's cache (shared by all app servers when it is Redis).
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.core.cache import cache

SESSION_KEY = "apply_captcha"
CN_DIGITS = "零一二三四五六七八九"

# Segments a–g as (x1, y1, x2, y2) in a 20×34 cell.
_SEG = {
    "a": (2, 2, 18, 2),
    "b": (18, 2, 18, 17),
    "c": (18, 17, 18, 32),
    "d": (2, 32, 18, 32),
    "e": (2, 17, 2, 32),
    "f": (2, 2, 2, 17),
    "g": (2, 17, 18, 17),
}
_DIGITS = {
    "0": "abcdef",
    "1": "bc",
    "2": "abged",
    "3": "abgcd",
    "4": "fgbc",
    "5": "afgcd",
    "6": "afgedc",
    "7": "abc",
    "8": "abcdefg",
    "9": "abcdfg",
    "+": "",
    "=": "",
    "?": "",
}


def new_question() -> tuple[str, int, str]:
    """(symbols like '7+5=?', answer, the question in Chinese words)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    words = f"{CN_DIGITS[a]}加{CN_DIGITS[b]}等于几？"
    return f"{a}+{b}=?", a + b, words


def _jitter() -> int:
    return secrets.randbelow(5) - 2


def render_svg(symbols: str) -> str:
    parts = []
    x0 = 8
    for ch in symbols:
        dx, dy = x0 + _jitter(), 8 + _jitter()
        if ch == "+":
            parts += [(dx + 2, dy + 17, dx + 18, dy + 17), (dx + 10, dy + 9, dx + 10, dy + 25)]
        elif ch == "=":
            parts += [(dx + 2, dy + 13, dx + 18, dy + 13), (dx + 2, dy + 21, dx + 18, dy + 21)]
        elif ch == "?":
            parts += [
                (dx + 2, dy + 2, dx + 18, dy + 2),
                (dx + 18, dy + 2, dx + 18, dy + 15),
                (dx + 18, dy + 15, dx + 10, dy + 20),
                (dx + 10, dy + 20, dx + 10, dy + 25),
                (dx + 10, dy + 30, dx + 10, dy + 32),
            ]
        else:
            for seg in _DIGITS[ch]:
                x1, y1, x2, y2 = _SEG[seg]
                parts.append(
                    (
                        dx + x1 + _jitter(),
                        dy + y1 + _jitter(),
                        dx + x2 + _jitter(),
                        dy + y2 + _jitter(),
                    )
                )
        x0 += 30
    width = x0 + 8
    noise = [
        (
            secrets.randbelow(width),
            secrets.randbelow(50),
            secrets.randbelow(width),
            secrets.randbelow(50),
        )
        for _ in range(4)
    ]
    lines = "".join(f'<line x1="{a}" y1="{b}" x2="{c}" y2="{d}"/>' for a, b, c, d in parts)
    noise_lines = "".join(f'<line x1="{a}" y1="{b}" x2="{c}" y2="{d}"/>' for a, b, c, d in noise)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="50" '
        f'viewBox="0 0 {width} 50" role="img" aria-label="验证码图片">'
        f'<rect width="100%" height="100%" fill="#f4f6f8"/>'
        f'<g stroke="#1f3a5f" stroke-width="3" stroke-linecap="round">{lines}</g>'
        f'<g stroke="#9aa7b5" stroke-width="1">{noise_lines}</g></svg>'
    )


def captcha_issue(session, *, key: str = SESSION_KEY) -> tuple[str, str]:
    """Store a new answer in the session under ``key``; return (svg, words)."""
    symbols, answer, words = new_question()
    session[key] = str(answer)
    return render_svg(symbols), words


def captcha_check(session, answer: str, *, key: str = SESSION_KEY) -> bool:
    """Single use: the stored answer is removed whether or not this guess is right."""
    expected = session.pop(key, None)
    given = (answer or "").strip()
    return bool(expected) and hmac.compare_digest(str(expected).encode(), given.encode())


# --- Rate limits ---------------------------------------------------------------------------
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


def rate_limited(request, *, key: str, limit: int, window: int) -> bool:
    """Count one hit for this client; True when it is over the limit.

    Limited per session (``limit``) and per IP (``limit * 5``, since many people may share an
    office or carrier NAT address). Keys are ``{key}:ip:…`` and ``{key}:s:…``.
    """
    if not request.session.session_key:
        request.session.save()
    by_ip = hit(f"{key}:ip:{client_ip(request)}", limit=limit * 5, window=window)
    by_session = hit(f"{key}:s:{request.session.session_key}", limit=limit, window=window)
    return not (by_ip and by_session)
