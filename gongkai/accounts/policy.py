"""Who may or must use two-factor login, and where an unverified session is stopped.

Pure functions: no database, no settings, no request. The middleware and views feed them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from gongkai.orgs.roles import Role

# The issue names reviewers, signers and administrators; the general office's inspectors
# see every org's records, so they are offered it too. Editors may be added by requiring it.
TWO_FACTOR_ROLES: frozenset[Role] = frozenset(
    {Role.REVIEWER, Role.SIGNER, Role.ORG_ADMIN, Role.SUPERVISOR, Role.SYSADMIN}
)


class Gate(StrEnum):
    """What the admin does with a request from a signed-in user."""

    PASS = "pass"  # noqa: S105  (not a password)
    VERIFY = "verify"  # has a confirmed device, session not verified yet
    SETUP = "setup"  # a required role, no confirmed device yet


def required_roles_parse(value: str | Iterable[str] | None) -> tuple[frozenset[Role], list[str]]:
    """Read ``GONGKAI_REQUIRE_2FA_ROLES`` (a comma list or a list of role keys).

    Returns the known roles and the unknown keys, so a system check can report typos
    instead of silently requiring nothing.
    """
    if not value:
        return frozenset(), []
    parts = value.split(",") if isinstance(value, str) else list(value)
    known: set[Role] = set()
    unknown: list[str] = []
    for part in parts:
        key = str(part).strip()
        if not key:
            continue
        try:
            known.add(Role(key))
        except ValueError:
            unknown.append(key)
    return frozenset(known), unknown


def may_use_two_factor(*, roles: Iterable[Role], required_roles: Iterable[Role]) -> bool:
    """Roles offered the setup page: the privileged ones plus any role that is required."""
    return bool(set(roles) & (TWO_FACTOR_ROLES | set(required_roles)))


def must_set_up(*, roles: Iterable[Role], required_roles: Iterable[Role]) -> bool:
    return bool(set(roles) & set(required_roles))


def gate_for(
    *,
    path: str,
    admin_prefix: str,
    verify_path: str,
    setup_path: str,
    always_open: Iterable[str],
    is_verified: bool,
    has_device: bool,
    setup_required: bool,
) -> Gate:
    """Decide whether an admin request from a signed-in user may be served.

    A user with a confirmed device must verify before anything else, including the setup
    page: otherwise a stolen password alone could replace the device. Logout and the
    JavaScript catalogue stay open so the verify page can render and the user can leave.
    """
    if is_verified or not path.startswith(admin_prefix) or path in set(always_open):
        return Gate.PASS
    if has_device:
        return Gate.PASS if path == verify_path else Gate.VERIFY
    if setup_required:
        return Gate.PASS if path == setup_path else Gate.SETUP
    return Gate.PASS


def secret_for_display(base32_secret: str) -> str:
    """Group the base32 secret in fours for typing it into an app by hand."""
    clean = base32_secret.replace("=", "")
    return " ".join(clean[i : i + 4] for i in range(0, len(clean), 4))


def token_normalise(raw: str) -> str:
    """Authenticator apps show "123 456"; people paste with spaces or full-width digits."""
    table = str.maketrans("０１２３４５６７８９", "0123456789")
    return "".join(raw.translate(table).split())
