"""Masking of personal data: one rule per kind of value, for every screen, list and export.

What is shown of a number is decided here once, for staff lists and exports of applications,
the mailbox's public letters and the pre-check's one-click masking of published items alike
(ogi-rules §7; the choice is written down in docs/personal-data.md):

* resident ID numbers keep their first 3 and last 4 characters (110***********1234): the
  stricter of the two rules the platform once had (the pre-check kept 4 + 4), because the
  fourth digit names the prefecture and narrows down where the person was registered;
* mobile numbers keep the first 3 and last 4 digits (138****5678), the usual way;
* bank card numbers keep the first 4 and last 4 (4111********1111), fewer than the first 6 that
  card schemes allow;
* names keep the first character (张三 → 张*), e-mail addresses the first character of the
  local part, addresses the first few characters (province, city).

Pure functions, no database.
"""

from __future__ import annotations

from typing import Final

# (characters kept at the start, characters kept at the end), counted over letters and digits.
ID_NUMBER_KEEP: Final = (3, 4)
MOBILE_KEEP: Final = (3, 4)
BANK_CARD_KEEP: Final = (4, 4)


def mask_keeping_ends(value: str, *, head: int, tail: int) -> str:
    """``value`` with every letter and digit but the first ``head`` and last ``tail`` as ``*``.

    Separators (spaces, dashes of a grouped number) are kept so the shape stays readable, and
    the result has the value's length. A value too short to hide anything is hidden whole.
    """
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    if len(positions) <= head + tail:
        hidden = set(positions)
    else:
        hidden = set(positions[head : len(positions) - tail])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(value))


def mask_word(value: str) -> str:
    """A word keeps its first and last character; a two-character word only its first."""
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_name(name: str) -> str:
    """Keep the first character (the surname for most Chinese names): 张三 → 张*, 欧阳娜娜 → 欧***."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    """11-digit mobiles keep 3 + 4 digits (138****5678); other numbers keep their last 4."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not digits:
        return ""
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return mask_keeping_ends(digits, head=MOBILE_KEEP[0], tail=MOBILE_KEEP[1])
    if len(digits) <= 4:
        return "*" * len(digits)
    return mask_keeping_ends(digits, head=0, tail=4)


def mask_id_number(value: str) -> str:
    """Resident ID 110101199001011234 → 110***********1234 (``ID_NUMBER_KEEP``)."""
    return mask_keeping_ends((value or "").strip(), head=ID_NUMBER_KEEP[0], tail=ID_NUMBER_KEEP[1])


def mask_email(value: str) -> str:
    """zhang.san@example.com → z***@example.com."""
    value = (value or "").strip()
    if "@" not in value:
        return mask_name(value)
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_address(value: str, keep: int = 6) -> str:
    """Keep the first few characters (province, city) and hide the rest."""
    value = (value or "").strip()
    if len(value) <= keep:
        return value[:2] + "*" * max(len(value) - 2, 0)
    return value[:keep] + "****"
