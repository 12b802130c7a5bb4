from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "gongkai.press"
    label = "press"
