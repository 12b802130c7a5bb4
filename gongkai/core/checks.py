"""System checks of the instance's settings: a value that cannot be what the operator meant
stops start-up with a message that names the variable (``manage.py`` commands and
``runserver`` run the checks themselves; ``gongkai/wsgi.py`` runs them for gunicorn). Apps add
their own (``catalogue/checks.py``: the 索引号 pattern).

Before, ``GONGKAI_HTTPS=ture`` silently meant "off".
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register, run_checks
from django.core.management.base import SystemCheckError


@register()
def check_environment_values(app_configs=None, **kwargs) -> list[Error]:
    """Every boolean and integer variable that settings.py could not read (gongkai.E001)."""
    return [
        Error(
            f"{name}={value!r} is not valid: expected {expected}.",
            hint=f"Fix {name} in the environment (for systemd: /etc/gongkai/env); "
            "see the README's Configuration table.",
            id="gongkai.E001",
        )
        for name, value, expected in getattr(settings, "SETTINGS_PROBLEMS", [])
    ]


def startup_checks_run() -> None:
    """Run the system checks as ``manage.py`` does and refuse to start on any error."""
    serious = [message for message in run_checks() if message.is_serious()]
    if serious:
        lines = "\n".join(str(message) for message in serious)
        raise SystemCheckError(f"Gongkai cannot start; fix these settings first:\n{lines}")
