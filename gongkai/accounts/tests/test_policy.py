"""Pure rules: where an unverified session is stopped, and how the setting is read."""

from __future__ import annotations

from gongkai.accounts.policy import (
    Gate,
    gate_for,
    may_use_two_factor,
    must_set_up,
    required_roles_parse,
    secret_for_display,
    token_normalise,
)
from gongkai.orgs.roles import Role

PATHS = {
    "admin_prefix": "/admin/",
    "verify_path": "/admin/2fa/verify/",
    "setup_path": "/admin/2fa/",
    "always_open": {"/admin/logout/", "/admin/jsi18n/"},
}


def gate(path, *, verified=False, device=False, required=False):
    return gate_for(
        path=path, is_verified=verified, has_device=device, setup_required=required, **PATHS
    )


def test_it_stops_an_unverified_device_holder_everywhere_in_the_admin_but_the_prompt():
    assert gate("/admin/", device=True) == Gate.VERIFY
    assert gate("/admin/snippets/catalogue/catalogueitem/", device=True) == Gate.VERIFY
    assert gate("/admin/2fa/verify/", device=True) == Gate.PASS
    assert gate("/admin/logout/", device=True) == Gate.PASS


def test_it_keeps_the_setup_page_behind_the_code_for_device_holders():
    # Otherwise a stolen password alone could replace the device.
    assert gate("/admin/2fa/", device=True) == Gate.VERIFY


def test_it_leaves_the_public_site_and_verified_sessions_alone():
    assert gate("/apply/", device=True) == Gate.PASS
    assert gate("/admin/", device=True, verified=True) == Gate.PASS


def test_it_sends_required_users_without_a_device_to_setup_only():
    assert gate("/admin/", required=True) == Gate.SETUP
    assert gate("/admin/2fa/", required=True) == Gate.PASS
    assert gate("/admin/2fa/verify/", required=True) == Gate.SETUP
    assert gate("/admin/") == Gate.PASS


def test_it_reads_the_required_roles_setting_and_reports_typos():
    assert required_roles_parse("") == (frozenset(), [])
    assert required_roles_parse(" reviewer, signer ,") == (
        frozenset({Role.REVIEWER, Role.SIGNER}),
        [],
    )
    assert required_roles_parse(["org_admin", "reveiwer"]) == (
        frozenset({Role.ORG_ADMIN}),
        ["reveiwer"],
    )


def test_it_offers_two_factor_to_privileged_roles_and_to_required_ones():
    assert may_use_two_factor(roles={Role.SIGNER}, required_roles=set())
    assert may_use_two_factor(roles={Role.SUPERVISOR}, required_roles=set())
    assert not may_use_two_factor(roles={Role.EDITOR}, required_roles=set())
    assert may_use_two_factor(roles={Role.EDITOR}, required_roles={Role.EDITOR})
    assert must_set_up(roles={Role.REVIEWER, Role.EDITOR}, required_roles={Role.REVIEWER})
    assert not must_set_up(roles={Role.SIGNER}, required_roles={Role.REVIEWER})


def test_it_normalises_codes_typed_with_spaces_or_full_width_digits():
    assert token_normalise(" 123 456 ") == "123456"
    assert token_normalise("１２３４５６") == "123456"


def test_it_groups_the_secret_in_fours_without_padding():
    assert secret_for_display("ABCDEFGHIJ======") == "ABCD EFGH IJ"
