from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: optional TOTP two-factor login for the admin."""

    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "账户安全"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
