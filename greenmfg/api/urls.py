"""URLs of the REST API, mounted at ``/api/`` (OpenAPI schema and docs) with the
versioned resources under ``/api/v1/``. Objects are addressed by uuid."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from greenmfg.api import views
from greenmfg.expert_review import api as expert_api
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
router.register("opinions", rec_api.OpinionViewSet, basename="api-opinions")
# dynamic management and oversight (动态管理与监督)
sup_api.register(router)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[AllowAny]), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="schema", permission_classes=[AllowAny]),
        name="swagger-ui",
    ),
    path(
        "redoc/",
        SpectacularRedocView.as_view(url_name="schema", permission_classes=[AllowAny]),
        name="redoc",
    ),
    path("v1/auth/token/", obtain_auth_token, name="api-token"),
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
