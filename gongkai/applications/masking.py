"""Masking of applicant personal data for lists and exports (ogi-rules §7).

Lists, exports and anything a supervisor outside the handling org sees show only enough to tell
applicants apart: 张三 → 张*, 13812345678 → 138****5678. Pure functions, no database.
"""

from __future__ import annotations


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
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_id_number(value: str) -> str:
    """Resident ID 110101199001011234 → 110***********1234 (region prefix and last 4 only)."""
    value = (value or "").strip()
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


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
