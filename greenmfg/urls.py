"""URLs of greenmfg: each app mounts its own pages (``<app>/urls.py``); the REST API is
:mod:`greenmfg.urls_api`. Public identifiers in URLs are UUIDs (never sequential ids)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from greenmfg.accounts import views as account_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # the language switch of every page, without a CSRF token: it changes only the
    # visitor's display language (cookie), and pages for visitors who are not signed
    # in carry no token so that they can be cached (greenmfg/core/pagecache.py)
    path("lang/", csrf_exempt(set_language), name="language_switch"),
    # Django's sign-in; a TOTP code also lifts a lockout at one's own address (accounts)
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # account security: second factor, sessions, password
    path("accounts/", include("greenmfg.accounts.urls")),
    # home, inbox (待办), the demo clock
    path("", include("greenmfg.portal.urls")),
    # the cultivation pool (培育库)
    path("", include("greenmfg.cultivation.urls")),
    # evaluation reports, applications, campaigns, notices, objections
    path("", include("greenmfg.selection.urls")),
    # consultation of departments, quotas, summary tables (推荐、征求意见)
    path("", include("greenmfg.recommendation.urls")),
    # the public register and published lists (公开名录)
    path("", include("greenmfg.register.urls")),
    # open data: the register and the published lists as files, yearly snapshots
    path("", include("greenmfg.opendata.urls")),
    # rulesets and the working-day calendar (规则)
    path("", include("greenmfg.jurisdictions.urls")),
    # expert review (专家评审)
    path("", include("greenmfg.expert_review.urls")),
    # dynamic management and oversight (动态管理与监督)
    path("", include("greenmfg.supervision.urls")),
    # third-party evaluation agencies (第三方评价机构)
    path("", include("greenmfg.agencies.urls")),
    # training, on-site guidance, disclosures (培训、现场指导、信息披露)
    path("", include("greenmfg.duties.urls")),
    # the yearly summaries of the authorities (年度工作总结)
    path("", include("greenmfg.summaries.urls")),
    # parks' members and leads' suppliers, cultivation plans, progress (园区企业与供应商)
    path("", include("greenmfg.networks.urls")),
    # the audit record: auditors' search, public chain heads (审计记录, 审计链头公示)
    path("", include("greenmfg.audit.urls")),
    # the 企业绿码 (method, codes, cards, verification) and the dashboards of the gradient
    path("", include("greenmfg.greencode.urls")),
    path("", include("greenmfg.dashboards.urls")),
    # notifications (通知) and the public receipt lookup (办理进度查询)
    path("", include("greenmfg.notifications.urls")),
    # REST API, OpenAPI schema and docs
    path("api/", include("greenmfg.urls_api")),
    path("admin/", admin.site.urls),
]
