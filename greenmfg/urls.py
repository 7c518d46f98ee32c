"""URLs of greenmfg. Public identifiers in URLs are UUIDs (never sequential ids)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from greenmfg.accounts import views as account_views
from greenmfg.core import views as core_views
from greenmfg.cultivation import views as pool_views
from greenmfg.jurisdictions import views as rules_views
from greenmfg.recommendation import views as rec_views
from greenmfg.register import views as register_views
from greenmfg.selection import views as sel_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    # the language switch of every page, without a CSRF token: it changes only the
    # visitor's display language (cookie), and pages for visitors who are not signed
    # in carry no token so that they can be cached (greenmfg/core/pagecache.py)
    path("lang/", csrf_exempt(set_language), name="language_switch"),
    # Django's sign-in; a TOTP code also lifts a lockout at one's own address (accounts)
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # account security: second factor, sessions, password (greenmfg.accounts)
    path("accounts/", include("greenmfg.accounts.urls")),
    path("inbox/", core_views.inbox, name="inbox"),
    path("clock/", core_views.clock_set, name="clock_set"),
    # cultivation pool
    path("pool/", pool_views.registration_list, name="registration_list"),
    path("pool/new/", pool_views.registration_new, name="registration_new"),
    path("pool/<uuid:uuid>/", pool_views.registration_detail, name="registration_detail"),
    path("pool/<uuid:uuid>/edit/", pool_views.registration_edit, name="registration_edit"),
    path("pool/<uuid:uuid>/submit/", pool_views.registration_submit, name="registration_submit"),
    path("pool/<uuid:uuid>/review/", pool_views.registration_review, name="registration_review"),
    # evaluation reports
    path("reports/", sel_views.report_list, name="report_list"),
    path("reports/new/", sel_views.report_new, name="report_new"),
    path("reports/<uuid:uuid>/", sel_views.report_detail, name="report_detail"),
    path("reports/<uuid:uuid>/save/", sel_views.report_save, name="report_save"),
    path("reports/<uuid:uuid>/score/", sel_views.report_score_preview, name="report_score_preview"),
    path("reports/<uuid:uuid>/evidence/", sel_views.report_evidence, name="report_evidence"),
    path("reports/<uuid:uuid>/submit/", sel_views.report_submit, name="report_submit"),
    path("reports/<uuid:uuid>/revise/", sel_views.report_revise, name="report_revise"),
    path("evidence/<uuid:uuid>/", sel_views.evidence_download, name="evidence_download"),
    # applications
    path("applications/", sel_views.application_list, name="application_list"),
    path("applications/new/", sel_views.application_new, name="application_new"),
    path("applications/<uuid:uuid>/", sel_views.application_detail, name="application_detail"),
    path(
        "applications/<uuid:uuid>/report/",
        sel_views.application_set_report,
        name="application_set_report",
    ),
    path(
        "applications/<uuid:uuid>/submit/", sel_views.application_submit, name="application_submit"
    ),
    path(
        "applications/<uuid:uuid>/review/", sel_views.application_review, name="application_review"
    ),
    # campaigns, notices, publication
    path("campaigns/", sel_views.campaign_list, name="campaign_list"),
    path("campaigns/open/", sel_views.campaign_open, name="campaign_open"),
    path("campaigns/<uuid:uuid>/", sel_views.campaign_detail, name="campaign_detail"),
    path("campaigns/<uuid:uuid>/notice/", sel_views.notice_open, name="notice_open"),
    path("campaigns/<uuid:uuid>/publish/", sel_views.list_publish, name="list_publish"),
    path(
        "campaigns/<uuid:uuid>/recommend/", sel_views.campaign_recommend, name="campaign_recommend"
    ),
    path("campaigns/<uuid:uuid>/consult/", rec_views.campaign_consult, name="campaign_consult"),
    path("campaigns/<uuid:uuid>/quota/", rec_views.campaign_quota, name="campaign_quota"),
    path(
        "campaigns/<uuid:uuid>/recommendations.xlsx",
        rec_views.campaign_recommendations_xlsx,
        name="campaign_recommendations_xlsx",
    ),
    path("rewards.xlsx", rec_views.rewards_xlsx, name="rewards_xlsx"),
    path("consultations/", rec_views.consultation_list, name="consultation_list"),
    path("consultations/<uuid:uuid>/", rec_views.consultation_detail, name="consultation_detail"),
    path("opinions/<uuid:uuid>/answer/", rec_views.opinion_answer, name="opinion_answer"),
    path("opinions/<uuid:uuid>/resolve/", rec_views.opinion_resolve, name="opinion_resolve"),
    path(
        "opinions/<uuid:uuid>/attachment/",
        rec_views.opinion_attachment,
        name="opinion_attachment",
    ),
    path("objections/", sel_views.objection_list, name="objection_list"),
    path("objections/<uuid:uuid>/", sel_views.objection_detail, name="objection_detail"),
    path(
        "objections/<uuid:uuid>/evidence/",
        sel_views.objection_evidence,
        name="objection_evidence",
    ),
    # public pages
    path("notices/", sel_views.notice_list, name="notice_list"),
    path("notices/<uuid:uuid>/", sel_views.notice_detail, name="notice_detail"),
    path("register/", register_views.register_search, name="register_search"),
    path("register/lists/", register_views.green_list_index, name="green_list_index"),
    path("register/lists/<uuid:uuid>/", register_views.green_list_detail, name="green_list_detail"),
    path(
        "register/lists/<uuid:uuid>/xlsx/", register_views.green_list_xlsx, name="green_list_xlsx"
    ),
    path("register/lists/<uuid:uuid>/pdf/", register_views.green_list_pdf, name="green_list_pdf"),
    path("rules/", rules_views.rules_index, name="rules_index"),
    path("rules/calendar/", rules_views.calendar_index, name="calendar_index"),
    path("rules/compare/", rules_views.rules_compare, name="rules_compare"),
    path("rules/<slug:slug>/", rules_views.rules_detail, name="rules_detail"),
    # expert review (专家评审)
    path("", include("greenmfg.expert_review.urls")),
    # dynamic management and oversight (动态管理与监督)
    path("", include("greenmfg.supervision.urls")),
    # third-party evaluation agencies (第三方评价机构)
    path("", include("greenmfg.agencies.urls")),
    # the audit record: auditors' search, public chain heads (审计记录, 审计链头公示)
    path("", include("greenmfg.audit.urls")),
    # API
    path("api/", include("greenmfg.api.urls")),
    path("admin/", admin.site.urls),
]

if getattr(settings, "GREENMFG_BENCH_VIEWS", False):  # `make bench`: the hello-world baseline
    urlpatterns.append(path("bench/hello/", register_views.bench_hello))
