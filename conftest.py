"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    """A request activates its language in the thread and nothing deactivates it afterwards:
    without this, a test that chose English would leave later tests in the same worker English."""
    yield
    from django.utils import translation

    translation.deactivate()


# Staff of the orgs that an app's own conftest defines as ``gov``, ``org_a`` and ``org_b``.
# (Imports inside: this file is loaded before Django is set up.)
@pytest.fixture
def officer_a(org_a):
    from gongkai.orgs.roles import Role
    from gongkai.orgs.testing import make_staff

    return make_staff("officer_a", org_a, Role.EDITOR)


@pytest.fixture
def officer_b(org_b):
    from gongkai.orgs.roles import Role
    from gongkai.orgs.testing import make_staff

    return make_staff("officer_b", org_b, Role.EDITOR)


@pytest.fixture
def supervisor(gov):
    from gongkai.orgs.roles import Role
    from gongkai.orgs.testing import make_staff

    return make_staff("supervisor", gov, Role.SUPERVISOR)


@pytest.fixture
def chromium(transactional_db, live_server):
    """Debian's Chromium driven by Playwright. Browsers are never downloaded.

    Function-scoped and started after the database fixtures: Playwright's sync API runs an
    event loop in this thread, and the database must be restored before that loop exists.
    """
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make setup installs it) — browser test skipped")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the tests' ORM calls stay
    # plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Screenshots of browser journeys, for a person to look at: build/screenshots/<module>/<test>/
# (the module by its dotted name, e.g. gongkai.applications.tests.test_browser).
SCREENSHOT_DIR = Path(
    os.environ.get("GONGKAI_SCREENSHOT_DIR") or Path(__file__).parent / "build" / "screenshots"
)
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def screenshot(request):
    """``screenshot(page, "step-name")`` saves a full-page PNG and returns its path."""
    folder = SCREENSHOT_DIR / request.node.module.__name__ / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def shoot(page, name: str) -> Path:
        path = folder / f"{next(counter):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return shoot


@pytest.fixture
def staff_browser(chromium, live_server):
    """``staff_browser(user, phone=False)``: a Chromium context signed in as ``user``.

    The session is made by Django's test client (no password or 2FA form to fill) and handed to
    the browser as its cookie; the context speaks Chinese like the staff do.
    """
    from django.test import Client

    def open_as(user, *, phone: bool = False):
        client = Client()
        client.force_login(user)
        options = PHONE if phone else {"viewport": {"width": 1366, "height": 900}}
        context = chromium.new_context(locale="zh-CN", **options)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        return context

    return open_as


def pytest_collection_modifyitems(config, items):
    """Every transactional test must restore the migrations' data (serialized_rollback).

    A transactional test's flush re-creates content types unless it restores the serialized
    database; the next test that restores would then collide with them. Mixing the two kinds
    makes the suite depend on test order, so it is refused here.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        transaction = marker.kwargs.get("transaction") or (marker.args and marker.args[0])
        if transaction and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, "
                "serialized_rollback=True) so the migrations' data survive the flush"
            )
