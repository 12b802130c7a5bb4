from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gongkai.appeals"
    label = "appeals"
