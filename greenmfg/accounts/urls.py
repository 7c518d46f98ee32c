"""Account security URLs, mounted under ``accounts/`` (next to Django's login and logout)."""

from django.urls import path

from greenmfg.accounts import views

urlpatterns = [
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("otp/setup/qr.png", views.otp_qr, name="otp_qr"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("sessions/", views.account_sessions, name="account_sessions"),
    path(
        "sessions/end-others/",
        views.account_sessions_end_others,
        name="account_sessions_end_others",
    ),
    path("sessions/<uuid:uuid>/end/", views.account_session_end, name="account_session_end"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
