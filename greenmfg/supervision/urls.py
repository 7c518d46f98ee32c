"""URLs of dynamic management and oversight (included at the root by greenmfg/urls.py)."""

from django.urls import path

from greenmfg.supervision import views as v

urlpatterns = [
    # units and officials (signed in, scoped)
    path("oversight/", v.oversight_home, name="oversight_home"),
    path("oversight/officer/", v.officer_set, name="officer_set"),
    path("oversight/forms/", v.dynamic_form_list, name="dynamic_form_list"),
    path("oversight/forms/new/", v.dynamic_form_new, name="dynamic_form_new"),
    path("oversight/forms/<uuid:uuid>/", v.dynamic_form_detail, name="dynamic_form_detail"),
    path("oversight/forms/<uuid:uuid>/save/", v.dynamic_form_save, name="dynamic_form_save"),
    path("oversight/forms/<uuid:uuid>/submit/", v.dynamic_form_submit, name="dynamic_form_submit"),
    path("oversight/forms/<uuid:uuid>/review/", v.dynamic_form_review, name="dynamic_form_review"),
    path("oversight/overdue/", v.overdue_list, name="overdue_list"),
    path("oversight/overdue/propose/", v.overdue_propose, name="overdue_propose"),
    path("oversight/checks/new/", v.check_new, name="check_new"),
    path("oversight/checks/<uuid:uuid>/", v.check_detail, name="check_detail"),
    path("oversight/changes/", v.change_list, name="change_list"),
    path("oversight/changes/new/", v.change_new, name="change_new"),
    path("oversight/changes/<uuid:uuid>/", v.change_detail, name="change_detail"),
    path("oversight/upward/", v.upward_list, name="upward_list"),
    path("oversight/incidents/", v.incident_list, name="incident_list"),
    path("oversight/incidents/new/", v.incident_new, name="incident_new"),
    path("oversight/incidents/<uuid:uuid>/", v.incident_detail, name="incident_detail"),
    path("oversight/incidents/<uuid:uuid>/report/", v.incident_report, name="incident_report"),
    path("oversight/incidents/<uuid:uuid>/remove/", v.incident_remove, name="incident_remove"),
    path("oversight/removals/", v.proposal_list, name="proposal_list"),
    path("oversight/removals/publish/", v.annual_publish, name="annual_publish"),
    path("oversight/removals/fraud/", v.fraud_new, name="fraud_new"),
    path(
        "oversight/removals/disqualified/",
        v.propose_disqualified,
        name="propose_disqualified",
    ),
    path("oversight/removals/<uuid:uuid>/", v.proposal_detail, name="proposal_detail"),
    path("oversight/spot-checks/", v.spot_check_list, name="spot_check_list"),
    path("oversight/spot-checks/draw/", v.spot_check_draw, name="spot_check_draw"),
    path("oversight/spot-checks/inspectors/", v.inspector_add, name="inspector_add"),
    path("oversight/spot-checks/<uuid:uuid>/", v.spot_check_detail, name="spot_check_detail"),
    path(
        "oversight/spot-checks/items/<uuid:uuid>/result/",
        v.spot_check_result,
        name="spot_check_result",
    ),
    path("oversight/complaints/", v.complaint_list, name="complaint_list"),
    path("oversight/complaints/<uuid:uuid>/", v.complaint_detail, name="complaint_detail"),
    path(
        "oversight/complaints/<uuid:uuid>/evidence/",
        v.complaint_evidence,
        name="complaint_evidence",
    ),
    # public
    path("complaints/new/", v.complaint_new, name="complaint_new"),
    path("announcements/", v.announcement_index, name="announcement_index"),
    path("announcements/<uuid:uuid>/", v.announcement_detail, name="announcement_detail"),
    path("announcements/<str:code>/<int:year>/", v.announcement_year, name="announcement_year"),
    path("spot-checks/", v.spot_check_public, name="spot_check_public"),
    path("spot-checks/method/", v.spot_check_method, name="spot_check_method"),
    path("spot-checks/<uuid:uuid>/", v.spot_check_public_detail, name="spot_check_public_detail"),
]
