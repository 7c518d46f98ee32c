"""Pages of the networks app (included at the site root by greenmfg/urls.py)."""

from django.urls import path

from greenmfg.networks import views

urlpatterns = [
    path("networks/", views.network_home, name="network_home"),
    path("networks/invite/", views.network_invite, name="network_invite"),
    path("networks/roster/", views.network_roster, name="network_roster"),
    path("networks/plans/new/", views.plan_new, name="network_plan_new"),
    path(
        "networks/plans/<uuid:uuid>/<slug:action>/",
        views.plan_action,
        name="network_plan_action",
    ),
    path(
        "networks/memberships/<uuid:uuid>/<slug:action>/",
        views.membership_action,
        name="network_membership_action",
    ),
    path("networks/<uuid:uuid>/", views.network_progress, name="network_progress"),
    path("networks/<uuid:uuid>/public/", views.network_public, name="network_public"),
]
