from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "信息检索"

    def ready(self) -> None:
        from . import signals

        signals.connect()
