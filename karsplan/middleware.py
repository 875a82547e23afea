"""Response headers Django has no setting for.

`PermissionsPolicyMiddleware` sends the ``Permissions-Policy`` header from
``settings.PERMISSIONS_POLICY`` (a feature → allow-list mapping; an empty list turns the
feature off for every origin, the page itself included). The Content-Security-Policy comes
from django-csp (``csp.middleware.CSPMiddleware``, configured by
``CONTENT_SECURITY_POLICY``); see docs/operations.md, "Headers".
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def permissions_policy(policy: dict[str, list[str]]) -> str:
    """The header value: ``camera=(), geolocation=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
