"""Check characters of the unified social credit code (GB 32100-2015) and of the older
organisation code (GB 11714-1997) it embeds. Pure functions: imports validate with them and the
demo city invents codes that pass the same checks as real ones."""

from __future__ import annotations

CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100 §5, modulus 31).

    >>> credit_code_check_char("11330781751901053")
    'P'
    """
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARSET for c in first17):
        raise ValueError("需要17位统一社会信用代码本体字符")
    total = sum(
        CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def credit_code_is_valid(code: str) -> bool:
    """True when ``code`` has 18 allowed characters and a correct check character."""
    if len(code) != 18 or any(c not in CREDIT_CODE_CHARSET for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def org_code_check_char(body8: str) -> str:
    """The 9th character of a GB 11714 organisation code (modulus 11; 10 is written X).

    >>> org_code_check_char("D2143569")
    'X'
    """
    values = [int(c, 36) for c in body8]
    if len(values) != 8:
        raise ValueError("需要8位组织机构代码本体")
    check = 11 - sum(v * w for v, w in zip(values, _ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))
