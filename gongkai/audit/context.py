"""The request that is being served, for audit records made deep inside services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    user_id: int | None
    path: str


current_request: ContextVar[RequestContext | None] = ContextVar("gongkai_request", default=None)


def client_ip(meta: dict) -> str | None:
    """The client's address. Behind nginx, trust X-Real-IP (set by our nginx config only)."""
    return meta.get("HTTP_X_REAL_IP") or meta.get("REMOTE_ADDR")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = current_request.set(
            RequestContext(
                ip=client_ip(request.META),
                user_id=user.pk if user is not None and user.is_authenticated else None,
                path=request.path,
            )
        )
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
