"""Settings of greenmfg, read from the environment only (DESIGN.md decision 7).

Embedded default: SQLite in ``var/``, tasks in-process, files on local disk.
Production: set ``DATABASE_URL`` (PostgreSQL 15), ``SECRET_KEY``, ``ALLOWED_HOSTS``
and ``DEBUG=0``. Every variable is listed in docs/deploy.md.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import sys
from pathlib import Path

import csp.constants as csp
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent

env = environ.Env()
VAR_DIR = Path(env.str("GREENMFG_VAR_DIR", default=str(BASE_DIR / "var")))

#: a production process: refuses to start with unsafe settings (checked at the end)
GREENMFG_PRODUCTION = env.bool("GREENMFG_PRODUCTION", default=False)
INSECURE_SECRET_KEY = "insecure-development-key-change-me"
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=[] if GREENMFG_PRODUCTION else ["127.0.0.1", "localhost", "testserver"],
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin on a site that guards personal data and secrets (core/admin_site.py)
    "greenmfg.core.admin_site.GreenAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "greenmfg.core",
    "greenmfg.audit",
    "greenmfg.jurisdictions",
    "greenmfg.parties",
    "greenmfg.accounts",
    "greenmfg.standards",
    "greenmfg.eligibility",
    "greenmfg.supervision",
    "greenmfg.cultivation",
    "greenmfg.selection",
    "greenmfg.expert_review",
    "greenmfg.register",
    "greenmfg.recommendation",
    "greenmfg.agencies",
    "greenmfg.duties",
    "greenmfg.summaries",
    "greenmfg.networks",
    "greenmfg.jobs",
    "greenmfg.api",
    "greenmfg.greencode",
    "greenmfg.dashboards",
    "greenmfg.portal",
    "greenmfg.demo",
    "greenmfg.opendata",
    "greenmfg.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # anonymous GETs read the public register from the replica, when there is one
    "greenmfg.core.dbrouter.PublicReadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # 413 for an oversized body, 429 for too many public submissions (core/limits.py)
    "greenmfg.core.limits.RequestLimitsMiddleware",
    "greenmfg.accounts.middleware.SessionLimitsMiddleware",
    "greenmfg.accounts.middleware.AccountPolicyMiddleware",
    # reads of unmasked identities become one audit event per request (audit/reads.py)
    "greenmfg.audit.reads.IdentityReadMiddleware",
    # Idempotency-Key on the API's writes: a repeated request gets the stored answer
    "greenmfg.api.idempotency.IdempotencyMiddleware",
    # refuses (400) submitted text with control characters, before any view (core/text.py)
    "greenmfg.core.text.ControlCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # last: turns a locked-out sign-in into the lockout page (django-axes)
    "axes.middleware.AxesMiddleware",
]

# N+1 detection (django-zeal): on under pytest (GREENMFG_NPLUSONE defaults to whether
# pytest is running), off in production. A page or API request that loads the same
# relation row by row raises ZealError, so the test fails (docs/performance.md).
GREENMFG_NPLUSONE = env.bool("GREENMFG_NPLUSONE", default="pytest" in sys.modules)
if GREENMFG_NPLUSONE and not GREENMFG_PRODUCTION:
    INSTALLED_APPS.append("zeal")
    MIDDLEWARE.insert(0, "zeal.middleware.zeal_middleware")
    ZEAL_RAISE = True
    ZEAL_ALLOWLIST = [
        # each audit event reads the chain head under its lock: appends are serialised
        # one by one by design (docs/security.md, audit record)
        {"model": "audit.ChainHead"},
        # ending a user's sessions deletes each through the session store's API, which
        # works with any SESSION_ENGINE; a user has a handful
        {"model": "sessions.Session"},
    ]

ROOT_URLCONF = "greenmfg.urls"
WSGI_APPLICATION = "greenmfg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "greenmfg.core.context_processors.platform",
                # the unread badge in the header (one COUNT, then cached)
                "greenmfg.notifications.context_processors.unread",
            ],
            # {{ ref|cite }} everywhere: citations with the document's title, linked to the text
            "builtins": ["greenmfg.jurisdictions.templatetags.sources"],
        },
    }
]

# the cache: per process by default; production: CACHE_URL=redis://… (docs/deploy.md)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
#: how long a public register page is kept for visitors who are not signed in (seconds)
GREENMFG_PUBLIC_PAGE_SECONDS = env.int("GREENMFG_PUBLIC_PAGE_SECONDS", default=60)
# open data (greenmfg/opendata): the publisher and licence stated in every dataset's metadata
GREENMFG_OPEN_DATA_PUBLISHER = env.str(
    "GREENMFG_OPEN_DATA_PUBLISHER", default="绿色制造梯度培育及管理平台"
)
GREENMFG_OPEN_DATA_LICENCE = env.str("GREENMFG_OPEN_DATA_LICENCE", default="CC BY 4.0")

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'greenmfg.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # IMMEDIATE transactions take the write lock at BEGIN, so two concurrent
    # transitions serialise instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
# a PostgreSQL streaming replica serving the public register's anonymous reads
# (greenmfg/core/dbrouter.py, docs/topology.md); off unless GREENMFG_REPLICA_URL is set
if env.str("GREENMFG_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("GREENMFG_REPLICA_URL")
    DATABASES["replica"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["replica"].setdefault("CONN_HEALTH_CHECKS", True)
    # tests run against the primary's test database (a real replica is started by
    # tests/cross/test_replica.py)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["greenmfg.core.dbrouter.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "parties.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # not the organisation's or authority's name, its USCC, the user's name (issue 17)
    {"NAME": "greenmfg.accounts.passwords.OrganisationNameValidator"},
    # validates nothing: records each change and ends the user's sessions
    {"NAME": "greenmfg.accounts.passwords.PasswordLifecycle"},
]
#: Argon2id first (ASVS 6.2, 等保 8.1.4.8 鉴别数据的保密性); older hashes upgrade at sign-in
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
#: ISO dates first in every language: <input type="date"> rejects 2026/04/08 (issue 18 item 1)
FORMAT_MODULE_PATH = ["greenmfg.core.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True

#: largest evidence or attachment upload accepted, in bytes
GREENMFG_MAX_UPLOAD_BYTES = env.int("GREENMFG_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
#: largest image accepted, in pixels, and largest size any upload may inflate to
GREENMFG_MAX_IMAGE_PIXELS = env.int("GREENMFG_MAX_IMAGE_PIXELS", default=50_000_000)
GREENMFG_MAX_DECOMPRESSED_BYTES = env.int(
    "GREENMFG_MAX_DECOMPRESSED_BYTES", default=256 * 1024 * 1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = GREENMFG_MAX_UPLOAD_BYTES
#: largest request body (bytes) before 413; 0: the largest upload plus 1 MiB (core/limits.py)
GREENMFG_MAX_REQUEST_BYTES = env.int("GREENMFG_MAX_REQUEST_BYTES", default=0)
#: public complaints and objections accepted per client address and per target (unit or
#: application), "N/s|m|h|d", "0" = no limit (core/limits.py, issue 17 item 7)
GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS = env.str(
    "GREENMFG_PUBLIC_SUBMISSIONS_PER_ADDRESS", default="5/h"
)
GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET = env.str(
    "GREENMFG_PUBLIC_SUBMISSIONS_PER_TARGET", default="30/d"
)
# the public lookup of a receipt (回执号 + 查询码, greenmfg/notifications/lookup.py): per
# address, and per receipt number (guessing one receipt's check code)
GREENMFG_RECEIPT_LOOKUPS_PER_ADDRESS = env.str(
    "GREENMFG_RECEIPT_LOOKUPS_PER_ADDRESS", default="30/h"
)
GREENMFG_RECEIPT_LOOKUPS_PER_NUMBER = env.str("GREENMFG_RECEIPT_LOOKUPS_PER_NUMBER", default="10/d")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

#: fixed platform date (YYYY-MM-DD) for a whole process, e.g. a demo; empty = real date
GREENMFG_TODAY = env.str("GREENMFG_TODAY", default="")
#: let administrators move the platform date from the UI (demo deployments only)
GREENMFG_DEMO_CLOCK = env.bool("GREENMFG_DEMO_CLOCK", default=False)
#: a directory of ruleset files beside the shipped ones (a new city, a revised file); a file
#: there takes force only once `greenmfg load-rulesets` has validated and recorded it
GREENMFG_RULESETS_DIR = env.str("GREENMFG_RULESETS_DIR", default="")
#: the 企业绿码's Ed25519 signing key: PEM text or the path of a PEM file; empty = a
#: development key generated once in var/ (greenmfg/greencode/signing.py); a production
#: process signs nothing without it
GREENMFG_GREEN_CODE_KEY = env.str("GREENMFG_GREEN_CODE_KEY", default="")
#: serve /bench/hello/ (the baseline of `make bench`); never in production
GREENMFG_BENCH_VIEWS = env.bool("GREENMFG_BENCH_VIEWS", default=False)

# --- accounts and sessions (greenmfg.accounts; docs/security.md) ---
#: a signed-in session ends after this much inactivity / this long after sign-in
GREENMFG_SESSION_IDLE_MINUTES = env.int("GREENMFG_SESSION_IDLE_MINUTES", default=30)
GREENMFG_SESSION_MAX_HOURS = env.int("GREENMFG_SESSION_MAX_HOURS", default=12)
#: an API token expires this long after issue / after this long without use
GREENMFG_API_TOKEN_MAX_HOURS = env.int(
    "GREENMFG_API_TOKEN_MAX_HOURS", default=GREENMFG_SESSION_MAX_HOURS
)
GREENMFG_API_TOKEN_IDLE_MINUTES = env.int(
    "GREENMFG_API_TOKEN_IDLE_MINUTES", default=GREENMFG_SESSION_IDLE_MINUTES
)
#: force a password change after this many days (等保 定期更换); 0 = off (ASVS 6.2.10)
GREENMFG_PASSWORD_MAX_AGE_DAYS = env.int("GREENMFG_PASSWORD_MAX_AGE_DAYS", default=0)
#: TOTP second factor required for officials, experts, departments and administrators
GREENMFG_OTP_REQUIRED = env.bool(
    "GREENMFG_OTP_REQUIRED", default=not (DEBUG or GREENMFG_DEMO_CLOCK)
)
OTP_TOTP_ISSUER = "greenmfg"
#: an official's enrolment code (issued by an administrator or a superior authority,
#: accounts/enrolment.py) is valid this many hours
GREENMFG_ENROLMENT_CODE_HOURS = env.int("GREENMFG_ENROLMENT_CODE_HOURS", default=72)
#: django-axes: lock an account after this many failed sign-ins, for this long
AXES_FAILURE_LIMIT = env.int("GREENMFG_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("GREENMFG_LOGIN_LOCKOUT_MINUTES", default=30))
# an account at an address after N failures from that address, and an address after N
# failures on any accounts: nobody locks another person out from elsewhere (issue 17)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "greenmfg.accounts.lockout.lockout_response"
# a locked-out owner who proves the password and a TOTP code signs in (accounts/lockout.py)
AXES_WHITELIST_CALLABLE = "greenmfg.accounts.lockout.second_factor_passed"
#: the client's address behind reverse proxies (greenmfg/accounts/clientip.py): how many
#: proxies append to the header, which header, and (optional) the nearest proxies' addresses
GREENMFG_PROXY_COUNT = env.int("GREENMFG_PROXY_COUNT", default=0)
GREENMFG_PROXY_HEADER = env.str("GREENMFG_PROXY_HEADER", default="X-Forwarded-For")
GREENMFG_TRUSTED_PROXIES = env.list("GREENMFG_TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "greenmfg.accounts.clientip.client_ip"
if GREENMFG_PROXY_COUNT < 0:
    raise ImproperlyConfigured("GREENMFG_PROXY_COUNT must be 0 (no proxy) or more")
for _net in GREENMFG_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_net, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"GREENMFG_TRUSTED_PROXIES: {_net!r} is not an address or network"
        ) from _exc
for _name, _value in [
    ("GREENMFG_SESSION_IDLE_MINUTES", GREENMFG_SESSION_IDLE_MINUTES),
    ("GREENMFG_SESSION_MAX_HOURS", GREENMFG_SESSION_MAX_HOURS),
    ("GREENMFG_LOGIN_FAILURE_LIMIT", AXES_FAILURE_LIMIT),
    ("GREENMFG_API_TOKEN_MAX_HOURS", GREENMFG_API_TOKEN_MAX_HOURS),
    ("GREENMFG_API_TOKEN_IDLE_MINUTES", GREENMFG_API_TOKEN_IDLE_MINUTES),
    ("GREENMFG_ENROLMENT_CODE_HOURS", GREENMFG_ENROLMENT_CODE_HOURS),
]:
    if _value < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1 (is {_value})")
if GREENMFG_PASSWORD_MAX_AGE_DAYS < 0:
    raise ImproperlyConfigured("GREENMFG_PASSWORD_MAX_AGE_DAYS must be 0 (off) or more")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = GREENMFG_SESSION_MAX_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
#: the OpenAPI schema, Swagger UI and Redoc for visitors who are not signed in; off in
#: production unless the deployment decides to publish them (docs/security.md)
GREENMFG_PUBLIC_API_DOCS = env.bool("GREENMFG_PUBLIC_API_DOCS", default=not GREENMFG_PRODUCTION)
#: TLS at our reverse proxy, which sends X-Forwarded-Proto: secure cookies, HSTS, redirect
GREENMFG_HTTPS = env.bool("GREENMFG_HTTPS", default=False)
#: the documented override (docs/deploy.md): TLS is terminated by this named proxy, which
#: itself redirects plain HTTP and sends Strict-Transport-Security (no X-Forwarded-Proto)
GREENMFG_TLS_TERMINATED_BY = env.str("GREENMFG_TLS_TERMINATED_BY", default="").strip()
if not DEBUG and GREENMFG_HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # __Host- cookies: Secure, whole site, never shared with a subdomain (ASVS 3.3.1)
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
elif not DEBUG and GREENMFG_TLS_TERMINATED_BY:
    # the browser speaks HTTPS to the named proxy: the cookies are Secure and __Host-;
    # the redirect and HSTS are the proxy's, so Django's checks for them are silenced
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SILENCED_SYSTEM_CHECKS = ["security.W004", "security.W008"]
    # requests reach Django as plain HTTP: the browsers' https:// origins are trusted
    CSRF_TRUSTED_ORIGINS = CSRF_TRUSTED_ORIGINS or [
        f"https://*{host}" if host.startswith(".") else f"https://{host}"
        for host in ALLOWED_HOSTS
        if host and host != "*"
    ]

#: strict Content-Security-Policy (django-csp 4): no inline script or style anywhere;
#: the only wider policy is /api/redoc/ (greenmfg/api/urls.py, docs/security.md)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        "form-action": [csp.SELF],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # DRF's tokens with an expiry, an idle limit and the second factor (accounts/tokens.py)
        "greenmfg.accounts.tokens.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "greenmfg.api.schema.GreenAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "greenmfg.api.exceptions.exception_handler",
    # the browsable API's headings: each operation's translated summary (issue 18 item 4)
    "VIEW_NAME_FUNCTION": "greenmfg.api.schema.view_name",
}
SPECTACULAR_SETTINGS = {
    # translated per request (issue 18 item 4): /api/schema/ and the docs pages follow the
    # request's language (Accept-Language, the language cookie) or ``?lang=zh-hans|en``
    "TITLE": _("绿色制造梯度培育及管理平台 API（greenmfg）"),
    "DESCRIPTION": _(
        "平台的全部办理动作和列表。每个动作调用与网页相同的服务函数；被拒绝的动作返回 409/400，"
        "并列出每条理由及其依据条款（如《广州市绿色工厂梯度培育及管理暂行办法》第九条，原文见 "
        "/rules/sources/）：detail 供人阅读，reasons[].citation 和 citations 为条款代码（如 004 第九条），"
        "供程序使用。字段与取值的中文名称见各字段说明。文档语言随 Accept-Language、语言切换或 "
        "?lang=zh-hans / ?lang=en。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # several models have a field named "state" with different choices: each app names
    # its own sets in its AppConfig.ready() (greenmfg.api.base.register_enum_names)
    "ENUM_NAME_OVERRIDES": {
        "ReviewDecisionEnum": "greenmfg.core.vocabulary.ReviewDecision",
    },
}

AUTHENTICATION_BACKENDS = [
    # first: refuses a locked-out account before any password is checked
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="greenmfg@localhost")
# SMTP in production (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# the address of the site in the notification e-mails' links (https://…, no slash at the
# end); empty: the links are paths only
GREENMFG_SITE_URL = env.str("GREENMFG_SITE_URL", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    # sign-ins, failures, second factor, ended sessions (never a password or a code)
    "loggers": {
        "greenmfg.security": {
            "handlers": ["console"],
            "level": env.str("GREENMFG_SECURITY_LOG_LEVEL", default="INFO"),
            "propagate": False,
        }
    },
}

# --- refuse to start an unsafe production process (docs/deploy.md) ---
if GREENMFG_PRODUCTION:
    _problems = []
    if DEBUG:
        _problems.append("DEBUG is on (set DEBUG=0)")
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        _problems.append("SECRET_KEY is the default or too weak (set 50+ random characters)")
    if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
        _problems.append("ALLOWED_HOSTS is empty or '*' (set the site's host names)")
    if GREENMFG_DEMO_CLOCK or GREENMFG_TODAY:
        _problems.append("the demo clock is on (unset GREENMFG_DEMO_CLOCK and GREENMFG_TODAY)")
    if not (GREENMFG_HTTPS or GREENMFG_TLS_TERMINATED_BY):
        _problems.append(
            "HTTPS is off: cookies would not be Secure and no HSTS sent (set GREENMFG_HTTPS=1 "
            "behind a TLS proxy that sends X-Forwarded-Proto, or name the proxy that "
            "terminates TLS, redirects HTTP and sends HSTS in GREENMFG_TLS_TERMINATED_BY; "
            "docs/deploy.md)"
        )
    if _problems:
        raise ImproperlyConfigured(
            "GREENMFG_PRODUCTION=1: refusing to start: " + "; ".join(_problems)
        )


# --- background work (Celery) and file storage --------------------------------------------
#: Redis in production (e.g. redis://127.0.0.1:6379/0); empty = run tasks in-process
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="")
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "dynamic-form-reminders": {"task": "greenmfg.daily_reminders", "schedule": 24 * 3600.0},
    # the day's audit chain head, published once a day (idempotent: hourly runs are no-ops)
    "audit-chain-head": {"task": "greenmfg.publish_chain_head", "schedule": 3600.0},
    # open-data snapshots of ended years and publication days (idempotent: hourly no-ops)
    "open-data-snapshots": {"task": "greenmfg.open_data_snapshots", "schedule": 3600.0},
    # the register's search table rewritten in the register's order, at night (writers
    # of listings wait while it runs: 30 s at 1,000,000 listings; docs/performance.md)
    "register-settle": {
        "task": "greenmfg.settle_register",
        "schedule": crontab(hour=3, minute=30),
    },
}
#: S3-compatible object storage in production (django-storages); local files by default
if env.str("GREENMFG_S3_BUCKET", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("GREENMFG_S3_BUCKET"),
            "endpoint_url": env.str("GREENMFG_S3_ENDPOINT", default="") or None,
            "region_name": env.str("GREENMFG_S3_REGION", default="") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
