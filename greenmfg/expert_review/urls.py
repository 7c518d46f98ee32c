"""Pages of expert review (included at the site root by greenmfg/urls.py)."""

from django.urls import path

from greenmfg.expert_review import views

urlpatterns = [
    path(
        "applications/<uuid:uuid>/experts/",
        views.experts_assign,
        name="expert_review_assign",
    ),
    path(
        "applications/<uuid:uuid>/experts/<uuid:assignment>/withdraw/",
        views.assignment_withdraw,
        name="expert_review_withdraw",
    ),
    path("expert/", views.expert_inbox, name="expert_inbox"),
    path(
        "expert/assignments/<uuid:uuid>/",
        views.assignment_detail,
        name="expert_assignment_detail",
    ),
    path("campaigns/<uuid:uuid>/ranking/", views.ranking, name="expert_campaign_ranking"),
]
