"""URLs of the REST API (each app's ``api.py`` registers its resources), mounted at ``/api/`` (OpenAPI schema and docs) with the
versioned resources under ``/api/v1/``. Objects are addressed by uuid."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from greenmfg.accounts.api import ObtainTokenView
from greenmfg.agencies import api as agencies_api
from greenmfg.core.api_docs import ApiDocsAccess
from greenmfg.cultivation import api as cultivation_api
from greenmfg.expert_review import api as expert_review_api
from greenmfg.jobs import api as jobs_api
from greenmfg.networks import api as networks_api
from greenmfg.notifications import api as notifications_api
from greenmfg.portal import api as portal_api
from greenmfg.recommendation import api as recommendation_api
from greenmfg.register import api as register_api
from greenmfg.selection import api as selection_api
from greenmfg.supervision import api as supervision_api

router = SimpleRouter()
# each app registers its own resources, once each; an app's actions on another app's
# resources are explicit routes of its own (``api_urlpatterns``, below)
for app_api in (
    register_api,  # public, no sign-in: listings, green lists
    selection_api,  # notices (public), reports, applications, campaigns, objections
    cultivation_api,  # registrations
    expert_review_api,  # 专家评审: the experts' assignments
    recommendation_api,  # consultations, opinions
    jobs_api,
    supervision_api,  # 动态管理与监督
    agencies_api,  # 第三方评价机构
    networks_api,  # 园区企业与供应商、培育计划、培育进展
    notifications_api,  # 通知 (the signed-in user's own)
):
    app_api.register(router)

urlpatterns = [
    # the API's description: signed-in users only in production (core/api_docs.py)
    path("schema/", SpectacularAPIView.as_view(permission_classes=[ApiDocsAccess]), name="schema"),
    # Swagger UI under the strict CSP: its init script is served as a separate file
    # (?script=) and the page template has no inline style
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="schema",
            permission_classes=[ApiDocsAccess],
            template_name="api/swagger_ui.html",
        ),
        name="swagger-ui",
    ),
    # Redoc injects its styles at run time and renders in a blob: worker: the one page
    # with a wider policy (style-src 'unsafe-inline', worker-src blob:), docs/security.md
    path(
        "redoc/",
        csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
            SpectacularRedocView.as_view(
                url_name="schema",
                permission_classes=[ApiDocsAccess],
                template_name="api/redoc.html",
            )
        ),
        name="redoc",
    ),
    # token sign-in: axes lockout and, where required, the TOTP code (otp_token)
    path("v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("v1/", include(portal_api.api_urlpatterns)),
    path("v1/", include(recommendation_api.api_urlpatterns)),
    path("v1/", include(expert_review_api.api_urlpatterns)),
    path("v1/", include(notifications_api.api_urlpatterns)),  # 办理进度查询 (public)
    path("v1/", include(router.urls)),
]
