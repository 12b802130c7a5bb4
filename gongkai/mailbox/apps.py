from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "gongkai.mailbox"
    label = "mailbox"
