"""Pages of the agencies app (included at the site root by greenmfg/urls.py)."""

from django.urls import path

from greenmfg.agencies import views

urlpatterns = [
    path("agencies/", views.agency_index, name="agency_index"),
    path("agencies/sanctions/", views.agency_sanctions, name="agency_sanctions"),
    path("agencies/profile/", views.profile_edit, name="agency_profile_edit"),
    path("agencies/oversight/", views.oversight, name="agency_oversight"),
    path("agencies/work-reports/", views.work_reports, name="agency_work_reports"),
    path("agencies/projects/", views.project_list, name="agency_project_list"),
    path("agencies/projects/new/", views.project_new, name="agency_project_new"),
    path("agencies/projects/<uuid:uuid>/", views.project_detail, name="agency_project_detail"),
    path(
        "agencies/projects/<uuid:uuid>/signed-report/",
        views.project_upload,
        name="agency_project_upload",
    ),
    path(
        "agencies/projects/<uuid:uuid>/signed-report.pdf",
        views.signed_report_download,
        name="agency_signed_report",
    ),
    path(
        "agencies/projects/<uuid:uuid>/<slug:action>/",
        views.project_action,
        name="agency_project_action",
    ),
    path("agencies/<uuid:uuid>/", views.agency_detail, name="agency_detail"),
    path("agencies/<uuid:uuid>/findings/new/", views.finding_new, name="agency_finding_new"),
]

from greenmfg.agencies import history_views  # noqa: E402

urlpatterns[:0] = [
    path("agencies/history/", history_views.agency_history, name="agency_history"),
    path(
        "agencies/history/<uuid:uuid>/",
        history_views.agency_history_decide,
        name="agency_history_decide",
    ),
]
