"""Pages of recommendation upward: recommending, consultation of departments, quotas,
summary tables."""

from django.urls import path

from greenmfg.recommendation import views

urlpatterns = [
    path("campaigns/<uuid:uuid>/recommend/", views.campaign_recommend, name="campaign_recommend"),
    path("campaigns/<uuid:uuid>/consult/", views.campaign_consult, name="campaign_consult"),
    path("campaigns/<uuid:uuid>/quota/", views.campaign_quota, name="campaign_quota"),
    path(
        "campaigns/<uuid:uuid>/recommendations.xlsx",
        views.campaign_recommendations_xlsx,
        name="campaign_recommendations_xlsx",
    ),
    path("rewards.xlsx", views.rewards_xlsx, name="rewards_xlsx"),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<uuid:uuid>/", views.consultation_detail, name="consultation_detail"),
    path("opinions/<uuid:uuid>/answer/", views.opinion_answer, name="opinion_answer"),
    path("opinions/<uuid:uuid>/resolve/", views.opinion_resolve, name="opinion_resolve"),
    path("opinions/<uuid:uuid>/attachment/", views.opinion_attachment, name="opinion_attachment"),
]
