"""Write audit records. Call ``audit_record`` from every service that changes state or
shows personal data; Wagtail's own log entries are mirrored by a signal handler."""

from __future__ import annotations

from typing import Any

from django.db import models

from .context import current_request
from .models import AuditEvent


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    actor=None,
    org_id: int | None = None,
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Write one audit record. ``obj`` names the record acted on; when only its identity is
    known (mirrored Wagtail log entries), pass ``object_type``/``object_id``/``object_repr``."""
    ctx = current_request.get()
    if actor is None and ctx is not None and ctx.user_id is not None:
        from django.contrib.auth import get_user_model

        actor = get_user_model().objects.filter(pk=ctx.user_id).first()
    if org_id is None and obj is not None:
        org_id = getattr(obj, "org_id", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=actor.get_username() if getattr(actor, "pk", None) else "",
        ip=ip or (ctx.ip if ctx else None),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_repr=str(obj)[:300] if obj is not None else object_repr[:300],
        org_id=org_id,
        detail=detail or {},
    )
