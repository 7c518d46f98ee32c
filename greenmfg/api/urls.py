"""URLs of the REST API, mounted at ``/api/`` (OpenAPI schema and docs) with the
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
from greenmfg.agencies import api as agency_api
from greenmfg.api import views
from greenmfg.core.api_docs import ApiDocsAccess
from greenmfg.expert_review import api as expert_api
from greenmfg.jobs import api as jobs_api
from greenmfg.recommendation import api as rec_api
from greenmfg.supervision import api as sup_api

router = SimpleRouter()
# public, no sign-in
router.register("listings", views.ListingViewSet, basename="api-listings")
router.register("green-lists", views.GreenListViewSet, basename="api-green-lists")
router.register("notices", views.NoticeViewSet, basename="api-notices")
# signed in, scoped
router.register("registrations", views.RegistrationViewSet, basename="api-registrations")
router.register("reports", views.ReportViewSet, basename="api-reports")
router.register("applications", views.ApplicationViewSet, basename="api-applications")
router.register("campaigns", views.CampaignViewSet, basename="api-campaigns")
router.register("objections", views.ObjectionViewSet, basename="api-objections")
# expert review (专家评审)
router.register(
    "applications", expert_api.ApplicationExpertViewSet, basename="api-application-experts"
)
router.register(
    "expert/assignments", expert_api.ExpertAssignmentViewSet, basename="api-expert-assignments"
)
router.register("campaigns", expert_api.CampaignRankingViewSet, basename="api-campaign-ranking")
router.register("consultations", rec_api.ConsultationViewSet, basename="api-consultations")
router.register("jobs", jobs_api.JobViewSet, basename="api-jobs")
router.register("opinions", rec_api.OpinionViewSet, basename="api-opinions")
# dynamic management and oversight (动态管理与监督)
sup_api.register(router)
# third-party evaluation agencies (第三方评价机构)
agency_api.register(router)

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
    path("v1/inbox/", views.InboxView.as_view(), name="api-inbox"),
    path(
        "v1/campaigns/<uuid:uuid>/consult/",
        rec_api.CampaignConsultView.as_view(),
        name="api-campaign-consult",
    ),
    path(
        "v1/campaigns/<uuid:uuid>/quotas/",
        rec_api.CampaignQuotaView.as_view(),
        name="api-campaign-quotas",
    ),
    path("v1/", include(router.urls)),
]
