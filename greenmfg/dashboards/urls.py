"""Pages of the dashboards (public and officials')."""

from django.urls import path

from greenmfg.dashboards import views

urlpatterns = [
    path("dashboards/", views.public_dashboard, name="dashboard_public"),
    path("dashboards/official/", views.official_dashboard, name="dashboard_official"),
    path("dashboards/official/units/", views.official_units, name="dashboard_units"),
    path("dashboards/csv/<str:chart>/", views.chart_csv, name="dashboard_csv"),
]
