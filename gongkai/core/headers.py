"""Security headers Django's own middleware does not set: Permissions-Policy everywhere, and
the admin's own Content-Security-Policy.

The public site's policy (``settings.SECURE_CSP``) runs no inline script at all, except one
carrying the request's nonce: the portal shows rich text that came from legacy imports and
editors, and nothing in it may ever run. Wagtail's admin still writes a few inline scripts that
cannot carry a nonce (the date pickers' and inline panels' start-up calls, rendered by form
widgets that never see the request), so pages under ``/admin/`` get
``settings.SECURE_CSP_ADMIN``: the same policy with inline scripts allowed. The admin is served
only to signed-in staff, and the rich text it previews is cleaned like everything else
(``gongkai.core.richtext``).
"""

from __future__ import annotations

from django.conf import settings

ADMIN_PREFIX = "/admin/"


class SecurityHeadersMiddleware:
    """List it after ``django.middleware.csp.ContentSecurityPolicyMiddleware``: it marks admin
    responses with the admin policy, which that middleware then writes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", "")
        self.admin_policy = getattr(settings, "SECURE_CSP_ADMIN", None)

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        if (
            self.admin_policy
            and request.path.startswith(ADMIN_PREFIX)
            and not hasattr(response, "_csp_config")  # a view's own csp_override wins
        ):
            response._csp_config = self.admin_policy
        return response
