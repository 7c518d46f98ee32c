"""Who may read the API's description: the OpenAPI schema (``/api/schema/``), Swagger UI
(``/api/docs/``) and Redoc (``/api/redoc/``) — issue 17, item 16.

Decision: in production they are for signed-in users only, unless the deployment
publishes them (``GREENMFG_PUBLIC_API_DOCS=1``); elsewhere (the demo, development) they
are public. The schema maps every operation of the platform, the officials' and
administrators' included: an attack surface map nobody outside needs, while the public
open-data endpoints are documented in docs/api.md. The public API itself (listings,
green lists, notices, objections, complaints) stays open either way.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission


class ApiDocsAccess(BasePermission):
    """Public when ``GREENMFG_PUBLIC_API_DOCS`` is on (default: off in production),
    otherwise signed-in users only."""

    message = _("API 文档仅对已登录用户开放")

    def has_permission(self, request, view) -> bool:
        if getattr(settings, "GREENMFG_PUBLIC_API_DOCS", False):
            return True
        return bool(request.user and request.user.is_authenticated)
