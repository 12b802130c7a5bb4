from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "gongkai.review"
    label = "review"
    verbose_name = "审查与签发"

    def ready(self) -> None:
        from . import signals  # noqa: F401
