"""Two-factor login through the real admin: Wagtail's login form, then the code prompt.

Expected codes come from django-otp's own RFC 6238 function (``django_otp.oath.totp``)
applied to the device's key, as an authenticator app would compute them.
"""

from __future__ import annotations

import re
from base64 import b32encode
from urllib.parse import quote

import pytest
from django.core.checks import run_checks
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.models import AuditEvent

from .conftest import sign_in

pytestmark = pytest.mark.django_db

VERIFY = "/admin/2fa/verify/"
SETUP = "/admin/2fa/"


def code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    # totp() returns an int; apps show it zero-padded to 6 digits.
    return f"{totp(device.bin_key, step=device.step, drift=steps_ahead):06d}"


def wrong_code(device: TOTPDevice) -> str:
    # The device accepts the previous, current and next step (tolerance 1): avoid all three.
    accepted = {code(device, steps_ahead=d) for d in (-1, 0, 1, 2)}
    return next(
        c for c in ("000000", "111111", "222222", "333333", "444444", "555555") if c not in accepted
    )


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff["reviewer"], name="TOTP", confirmed=True)


@pytest.fixture
def no_otp_backoff(settings):
    # django-otp also delays 1 s, 2 s, 4 s ... after each failure; switch that off so these
    # tests see our lock alone.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor=user, action__startswith="auth.2fa")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_setup_shows_an_inline_svg_qr_and_confirms_with_a_code(client, staff, no_otp_backoff):
    reviewer = staff["reviewer"]
    sign_in(client, reviewer)
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    pending = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    svg = re.search(r"<svg[^>]*class=\"segno\".*?</svg>", body, re.S).group(0)
    assert "<path" in svg and "href" not in svg  # drawn inline, nothing fetched
    # The secret for typing by hand is the key in base32 (RFC 4648), grouped in fours.
    secret = b32encode(pending.bin_key).decode().rstrip("=")
    assert secret[:4] + " " + secret[4:8] in body
    # Reloading keeps the same secret, so a half-finished scan stays valid.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1

    refused = client.post(SETUP, {"token": wrong_code(pending)})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert not TOTPDevice.objects.get(pk=pending.pk).confirmed

    done = client.post(SETUP, {"token": code(pending)})
    assert done.status_code == 302
    assert TOTPDevice.objects.get(pk=pending.pk).confirmed
    # Setting up verifies this session: the admin opens without a second prompt.
    assert client.get("/admin/").status_code == 200
    assert actions(reviewer) == ["auth.2fa_setup_failed", "auth.2fa_setup"]


def test_after_login_the_admin_redirects_to_the_prompt_until_the_right_code(client, staff, device):
    sign_in(client, staff["reviewer"])
    for path in ("/admin/", "/admin/snippets/", "/admin/account/", SETUP):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"{VERIFY}?next={quote(path, safe='')}"
    assert client.get(VERIFY).status_code == 200

    response = client.post(VERIFY, {"token": code(device), "next": "/admin/account/"})
    assert response.status_code == 302 and response["Location"] == "/admin/account/"
    assert client.get("/admin/").status_code == 200
    assert actions(staff["reviewer"]) == ["auth.2fa_verified"]


def test_the_prompt_refuses_an_outside_next_address(client, staff, device):
    sign_in(client, staff["reviewer"])
    response = client.post(VERIFY, {"token": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_a_wrong_code_is_refused_and_counted(client, staff, device):
    sign_in(client, staff["reviewer"])
    response = client.post(VERIFY, {"token": wrong_code(device)})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    event = AuditEvent.objects.get(actor=staff["reviewer"], action="auth.2fa_failed")
    assert event.detail == {"purpose": "login", "failures": 1}
    assert event.org_id == staff["dept"].pk


def test_a_malformed_code_is_refused_without_counting(client, staff, device):
    sign_in(client, staff["reviewer"])
    response = client.post(VERIFY, {"token": "12ab"})
    assert "请输入6位数字验证码" in response.content.decode()
    assert actions(staff["reviewer"]) == []


def test_four_wrong_codes_do_not_lock(client, staff, device, no_otp_backoff):
    sign_in(client, staff["reviewer"])
    for _ in range(4):
        client.post(VERIFY, {"token": wrong_code(device)})
    assert client.post(VERIFY, {"token": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_locks_after_five_wrong_codes_even_against_the_right_one(
    client, staff, device, no_otp_backoff
):
    sign_in(client, staff["reviewer"])
    for _ in range(5):
        client.post(VERIFY, {"token": wrong_code(device)})
    response = client.post(VERIFY, {"token": code(device)})
    assert response.status_code == 200
    assert "已锁定15分钟" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    # Five failures, the lock when the fifth lands, and the refused right code.
    assert actions(staff["reviewer"]) == ["auth.2fa_failed"] * 5 + ["auth.2fa_locked"] * 2


def test_removal_needs_a_current_code(client, staff, device, no_otp_backoff):
    reviewer = staff["reviewer"]
    sign_in(client, reviewer)
    client.post(VERIFY, {"token": code(device)})

    client.post("/admin/2fa/remove/", {"token": wrong_code(device)})
    assert TOTPDevice.objects.filter(user=reviewer).exists()

    # The login code's step is used up (django-otp refuses a code twice); the app's next
    # code is one step ahead, which the device's tolerance of one step accepts.
    response = client.post("/admin/2fa/remove/", {"token": code(device, steps_ahead=1)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert actions(reviewer) == ["auth.2fa_verified", "auth.2fa_failed", "auth.2fa_removed"]
    # Without a device the admin opens as for anyone else.
    assert client.get("/admin/").status_code == 200


def test_required_roles_setting_forces_setup_before_the_admin(client, staff, settings):
    settings.GONGKAI_REQUIRE_2FA_ROLES = "reviewer,org_admin"
    sign_in(client, staff["reviewer"])
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    page = client.get(SETUP + "?next=/admin/")
    assert page.status_code == 200 and "须启用两步验证" in page.content.decode()

    pending = TOTPDevice.objects.get(user=staff["reviewer"])
    done = client.post(SETUP, {"token": code(pending), "next": "/admin/"})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_required_roles_leave_other_roles_alone(client, staff, settings):
    settings.GONGKAI_REQUIRE_2FA_ROLES = "reviewer"
    sign_in(client, staff["signer"])
    assert client.get("/admin/").status_code == 200


def test_a_user_without_two_factor_is_unaffected(client, staff):
    sign_in(client, staff["signer"])
    assert client.get("/admin/").status_code == 200
    assert client.get(VERIFY + "?next=/admin/account/")["Location"] == "/admin/account/"


def test_editors_are_not_offered_setup(client, staff):
    sign_in(client, staff["editor"])
    # Wagtail turns a refused admin page into a redirect home with a message.
    assert client.get(SETUP)["Location"] == "/admin/"
    assert not TOTPDevice.objects.filter(user=staff["editor"]).exists()


def test_account_page_links_to_the_setup_page(client, staff):
    sign_in(client, staff["signer"])
    assert 'href="/admin/2fa/"' in client.get("/admin/account/").content.decode()


def test_a_typo_in_required_roles_is_a_system_check_error(settings):
    settings.GONGKAI_REQUIRE_2FA_ROLES = "reviewer,singer"
    errors = [e for e in run_checks() if e.id == "accounts.E001"]
    assert len(errors) == 1 and "singer" in errors[0].msg
