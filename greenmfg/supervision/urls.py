"""URLs of dynamic management and oversight (included at the root by greenmfg/urls.py):
every sub-domain package's pages, with the paths and names they always had."""

from django.urls import path

from greenmfg.supervision import views as home
from greenmfg.supervision.changes import views as changes
from greenmfg.supervision.complaints import views as complaints
from greenmfg.supervision.dynamic import views as dynamic
from greenmfg.supervision.incidents import views as incidents
from greenmfg.supervision.removals import views as removals
from greenmfg.supervision.spot_checks import views as spot_checks

urlpatterns = [
    # units and officials (signed in, scoped)
    path("oversight/", home.oversight_home, name="oversight_home"),
    path("oversight/officer/", dynamic.officer_set, name="officer_set"),
    path("oversight/forms/", dynamic.dynamic_form_list, name="dynamic_form_list"),
    path("oversight/forms/new/", dynamic.dynamic_form_new, name="dynamic_form_new"),
    path("oversight/forms/<uuid:uuid>/", dynamic.dynamic_form_detail, name="dynamic_form_detail"),
    path("oversight/forms/<uuid:uuid>/save/", dynamic.dynamic_form_save, name="dynamic_form_save"),
    path(
        "oversight/forms/<uuid:uuid>/submit/",
        dynamic.dynamic_form_submit,
        name="dynamic_form_submit",
    ),
    path(
        "oversight/forms/<uuid:uuid>/review/",
        dynamic.dynamic_form_review,
        name="dynamic_form_review",
    ),
    path("oversight/overdue/", dynamic.overdue_list, name="overdue_list"),
    path("oversight/overdue/propose/", dynamic.overdue_propose, name="overdue_propose"),
    path("oversight/checks/new/", dynamic.check_new, name="check_new"),
    path("oversight/checks/<uuid:uuid>/", dynamic.check_detail, name="check_detail"),
    path("oversight/changes/", changes.change_list, name="change_list"),
    path("oversight/changes/new/", changes.change_new, name="change_new"),
    path("oversight/changes/<uuid:uuid>/", changes.change_detail, name="change_detail"),
    path("oversight/upward/", removals.upward_list, name="upward_list"),
    path("oversight/incidents/", incidents.incident_list, name="incident_list"),
    path("oversight/incidents/new/", incidents.incident_new, name="incident_new"),
    path("oversight/incidents/<uuid:uuid>/", incidents.incident_detail, name="incident_detail"),
    path(
        "oversight/incidents/<uuid:uuid>/report/", incidents.incident_report, name="incident_report"
    ),
    path(
        "oversight/incidents/<uuid:uuid>/forward/",
        incidents.incident_forward,
        name="incident_forward",
    ),
    path(
        "oversight/incidents/<uuid:uuid>/remove/", incidents.incident_remove, name="incident_remove"
    ),
    path("oversight/removals/", removals.proposal_list, name="proposal_list"),
    path("oversight/removals/publish/", removals.annual_publish, name="annual_publish"),
    path("oversight/removals/fraud/", removals.fraud_new, name="fraud_new"),
    path(
        "oversight/removals/disqualified/",
        removals.propose_disqualified,
        name="propose_disqualified",
    ),
    path("oversight/removals/<uuid:uuid>/", removals.proposal_detail, name="proposal_detail"),
    path("oversight/spot-checks/", spot_checks.spot_check_list, name="spot_check_list"),
    path("oversight/spot-checks/draw/", spot_checks.spot_check_draw, name="spot_check_draw"),
    path("oversight/spot-checks/inspectors/", spot_checks.inspector_add, name="inspector_add"),
    path(
        "oversight/spot-checks/<uuid:uuid>/",
        spot_checks.spot_check_detail,
        name="spot_check_detail",
    ),
    path(
        "oversight/spot-checks/items/<uuid:uuid>/result/",
        spot_checks.spot_check_result,
        name="spot_check_result",
    ),
    path("oversight/complaints/", complaints.complaint_list, name="complaint_list"),
    path("oversight/complaints/<uuid:uuid>/", complaints.complaint_detail, name="complaint_detail"),
    path(
        "oversight/complaints/<uuid:uuid>/evidence/",
        complaints.complaint_evidence,
        name="complaint_evidence",
    ),
    # public
    path("complaints/new/", complaints.complaint_new, name="complaint_new"),
    path("announcements/", removals.announcement_index, name="announcement_index"),
    path("announcements/<uuid:uuid>/", removals.announcement_detail, name="announcement_detail"),
    path(
        "announcements/<str:code>/<int:year>/", removals.announcement_year, name="announcement_year"
    ),
    path("spot-checks/", spot_checks.spot_check_public, name="spot_check_public"),
    path("spot-checks/method/", spot_checks.spot_check_method, name="spot_check_method"),
    path(
        "spot-checks/<uuid:uuid>/",
        spot_checks.spot_check_public_detail,
        name="spot_check_public_detail",
    ),
]
