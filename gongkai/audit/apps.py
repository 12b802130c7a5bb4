from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gongkai.audit"
    label = "audit"
