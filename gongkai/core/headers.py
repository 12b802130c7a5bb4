"""Response headers Django does not set itself."""

from __future__ import annotations

from django.conf import settings


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response (``settings.PERMISSIONS_POLICY``): the portal
    and the admin never use the camera, microphone, location or payment APIs, so neither may
    anything that ends up inside their pages."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
