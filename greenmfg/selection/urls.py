"""Pages of selection: evaluation reports, applications, campaigns, notices, objections."""

from django.urls import path

from greenmfg.selection import views

urlpatterns = [
    # evaluation reports
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<uuid:uuid>/", views.report_detail, name="report_detail"),
    path("reports/<uuid:uuid>/save/", views.report_save, name="report_save"),
    path("reports/<uuid:uuid>/score/", views.report_score_preview, name="report_score_preview"),
    path("reports/<uuid:uuid>/evidence/", views.report_evidence, name="report_evidence"),
    path("reports/<uuid:uuid>/submit/", views.report_submit, name="report_submit"),
    path("reports/<uuid:uuid>/revise/", views.report_revise, name="report_revise"),
    path("evidence/<uuid:uuid>/", views.evidence_download, name="evidence_download"),
    # applications
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<uuid:uuid>/", views.application_detail, name="application_detail"),
    path(
        "applications/<uuid:uuid>/report/",
        views.application_set_report,
        name="application_set_report",
    ),
    path("applications/<uuid:uuid>/submit/", views.application_submit, name="application_submit"),
    path("applications/<uuid:uuid>/review/", views.application_review, name="application_review"),
    # campaigns, notices, publication
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/open/", views.campaign_open, name="campaign_open"),
    path("campaigns/<uuid:uuid>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:uuid>/notice/", views.notice_open, name="notice_open"),
    path("campaigns/<uuid:uuid>/publish/", views.list_publish, name="list_publish"),
    path("objections/", views.objection_list, name="objection_list"),
    path("objections/<uuid:uuid>/", views.objection_detail, name="objection_detail"),
    path("objections/<uuid:uuid>/evidence/", views.objection_evidence, name="objection_evidence"),
    # public pages
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<uuid:uuid>/", views.notice_detail, name="notice_detail"),
]
