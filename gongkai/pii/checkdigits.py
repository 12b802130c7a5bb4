"""Check digits of the numbers Chinese documents carry, through python-stdnum.

The resident ID number (GB 11643, ``stdnum.cn.ric``), the unified social credit code (GB 32100,
``stdnum.cn.uscc``) and bank card numbers (Luhn, ``stdnum.luhn``) are checked by the library;
only what the library does not answer the way this platform needs is written here, each with
its reason. Pure functions: the pre-check, imports and the demo city (which invents codes that
pass the same checks as real ones) share them.
"""

from __future__ import annotations

import datetime
from typing import Final

from stdnum import luhn
from stdnum.cn import ric, uscc

FULLWIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９Ｘｘ－", "0123456789Xx-")


def normalise_digits(s: str) -> str:
    """Full-width digits to ASCII, one character for one, so offsets are unchanged."""
    return s.translate(FULLWIDTH_DIGITS)


# --- Resident ID numbers (GB 11643) -----------------------------------------------------------

# First two digits: GB/T 2260 province-level codes, plus 71/81/82/83 (Taiwan, Hong Kong, Macao,
# residence permits). Numbers starting with 9 are the newer foreigners' permanent residence IDs.
_PROVINCE_CODES: Final = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
_EARLIEST_BIRTH_YEAR: Final = 1850


def id_check_char(first17: str) -> str:
    """The GB 11643 MOD 11-2 check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("expected 17 ASCII digits")
    # calc_check_digit reads the number with its check character in place: any will do.
    return ric.calc_check_digit(first17 + "0")


_TYPED_SEPARATORS: Final = str.maketrans("", "", " \u00a0\u3000-\u2010\u2013\u2014.·")


def number_compact(s: str) -> str:
    """A number as typed on a form or in a register — 4403 0619 7803 0101 2x, full-width digits,
    dashes — as the bare characters: digits ASCII, letters upper case, separators gone."""
    return normalise_digits(s or "").translate(_TYPED_SEPARATORS).strip().upper()


def resident_id_problem(s: str, *, today: datetime.date | None = None) -> str | None:
    """What is wrong with resident ID number ``s`` (compact it first), or None when it could
    really have been issued: ``"length"``, ``"format"``, ``"region"``, ``"birth_date"``,
    ``"checksum"``. Forms and imports turn the code into a message saying what to fix.

    Checks the checksum, that digits 7-14 are a real birth date not in the future, and that the
    region code is plausible; a random 18-digit number passes the checksum alone one time in 11.
    ``ric.validate`` is not used as a whole: it also looks the six-digit county up in the
    library's table of places, and a real number must not be refused (or a leak missed) because
    a county was renamed or is missing from that table. The province code, the birth date (not in
    the future, which the library does not check) and the checksum are enough to tell a real
    number from a look-alike.
    """
    s = normalise_digits(s).upper()
    if len(s) != 18:
        return "length"
    if not s.isascii() or not s[:17].isdigit() or not (s[17].isdigit() or s[17] == "X"):
        return "format"
    if not (s[:2] in _PROVINCE_CODES or s[0] == "9"):
        return "region"
    try:
        birth = ric.get_birth_date(s)
    except ValueError:  # stdnum's InvalidComponent is a ValueError
        return "birth_date"
    if birth.year < _EARLIEST_BIRTH_YEAR or birth > (today or datetime.date.today()):
        return "birth_date"
    if ric.calc_check_digit(s) != s[17]:
        return "checksum"
    return None


def is_valid_resident_id(s: str, *, today: datetime.date | None = None) -> bool:
    """True if ``s`` is an 18-character resident ID number that could really have been issued
    (``resident_id_problem`` finds nothing wrong with it)."""
    return resident_id_problem(s, today=today) is None


# --- Bank cards (Luhn) ------------------------------------------------------------------------


def is_luhn_valid(s: str) -> bool:
    """True if the digits of ``s`` (spaces and dashes ignored) pass the Luhn check."""
    digits = normalise_digits(s).replace(" ", "").replace("-", "")
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    return luhn.is_valid(digits)


# --- Unified social credit codes (GB 32100) and organisation codes (GB 11714) -----------------

CREDIT_CODE_CHARSET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_ORG_CODE_WEIGHTS: Final = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100 §5, modulus 31).

    >>> credit_code_check_char("11330781751901053")
    'P'
    """
    if len(first17) != 17 or any(c not in CREDIT_CODE_CHARSET for c in first17):
        raise ValueError("需要17位统一社会信用代码本体字符")
    return uscc.calc_check_digit(first17)


def credit_code_problem(code: str) -> str | None:
    """What is wrong with unified social credit code ``code`` (compact it first), or None:
    ``"length"``, ``"charset"`` (I, O, S, V, Z and other characters never occur) or
    ``"checksum"``."""
    if len(code) != 18:
        return "length"
    if any(c not in CREDIT_CODE_CHARSET for c in code):
        return "charset"
    if uscc.calc_check_digit(code[:17]) != code[17]:
        return "checksum"
    return None


def credit_code_is_valid(code: str) -> bool:
    """True when ``code`` has 18 allowed characters and a correct check character.

    ``uscc.is_valid`` is not used as a whole: it wants the first eight characters to be
    digits, but GB 32100 registration authorities also write letters there (N 农业, Y 其他:
    farmers' co-operatives, some social organisations), and their codes are real.
    """
    if len(code) != 18 or any(c not in CREDIT_CODE_CHARSET for c in code):
        return False
    return uscc.calc_check_digit(code[:17]) == code[17]


def org_code_check_char(body8: str) -> str:
    """The 9th character of a GB 11714 organisation code (modulus 11; 10 is written X).

    python-stdnum has no module for the organisation code; the demo city needs it to invent
    credit codes whose embedded organisation code is right too.

    >>> org_code_check_char("D2143569")
    'X'
    """
    values = [int(c, 36) for c in body8]
    if len(values) != 8:
        raise ValueError("需要8位组织机构代码本体")
    check = 11 - sum(v * w for v, w in zip(values, _ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(check, str(check))
