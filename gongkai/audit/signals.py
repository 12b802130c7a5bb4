"""Mirror Wagtail's log entries and login events into the audit log, with the address."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import ModelLogEntry, PageLogEntry

from .context import client_ip
from .services import audit_record


def _mirror_log_entry(sender, instance, created, raw=False, **kwargs):
    # raw: a log entry loaded from a backup (loaddata) already has its audit record in the
    # same backup; mirroring it again would duplicate it (and content types may not be loaded).
    if not created or raw:
        return
    content_type = instance.content_type if instance.content_type_id else None
    model = content_type.model_class() if content_type else None
    org_id = None
    if model is not None and hasattr(model, "org_id"):
        org_id = (
            model._default_manager.filter(pk=instance.object_id)
            .values_list("org_id", flat=True)
            .first()
        )
    audit_record(
        action=instance.action,
        actor=instance.user,
        org_id=org_id,
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=str(instance.object_id),
        object_repr=instance.label or "",
        detail={"data": instance.data or {}},
    )


post_save.connect(_mirror_log_entry, sender=ModelLogEntry, dispatch_uid="audit_model_log")
post_save.connect(_mirror_log_entry, sender=PageLogEntry, dispatch_uid="audit_page_log")


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit_record(action="auth.login", actor=user, ip=client_ip(request.META) if request else None)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action="auth.logout", actor=user, ip=client_ip(request.META) if request else None
        )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    audit_record(
        action="auth.login_failed",
        detail={"username": str(credentials.get("username", ""))[:150]},
        ip=client_ip(request.META) if request else None,
    )
