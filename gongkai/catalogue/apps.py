from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "gongkai.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from . import checks  # noqa: F401
