from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self) -> None:
        from . import signals  # noqa: F401
