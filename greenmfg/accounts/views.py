"""Account security pages: two-factor enrolment and verification, the QR code image,
the user's sessions, password change."""

from __future__ import annotations

import logging
from urllib.parse import quote

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from greenmfg.accounts import enrolment, otp, sessions
from greenmfg.accounts.enrolment import SESSION_KEY
from greenmfg.accounts.lockout import unlock_with_second_factor
from greenmfg.accounts.models import ApiTokenRecord, UserSession
from greenmfg.accounts.passwords import password_changed_at
from greenmfg.accounts.tokens import tokens_revoke_for
from greenmfg.audit.services import record_event
from greenmfg.core.decisions import RuleViolation

log = logging.getLogger("greenmfg.security")


class SignInForm(AuthenticationForm):
    """The sign-in form; ``otp_token`` (optional) lets an account with a second factor
    sign in while its address is locked out (greenmfg/accounts/lockout.py)."""

    otp_token = forms.CharField(label=gettext_lazy("动态验证码"), required=False, max_length=12)

    def clean(self):

        self.otp_device = None
        token = self.cleaned_data.get("otp_token", "")
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if token and username and password and self.request is not None:
            self.otp_device = unlock_with_second_factor(
                self.request, username=username, password=password, token=token
            )
        return super().clean()


class SignInView(auth_views.LoginView):
    """Django's sign-in with :class:`SignInForm`: a code typed on the lockout page also
    counts as this session's second factor."""

    template_name = "core/login.html"
    authentication_form = SignInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        device = getattr(form, "otp_device", None)
        if device is not None:
            _verified(self.request, device)
        return response


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("动态验证码"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "data-testid": "otp-token",
            }
        ),
    )


def _next(request, default: str = "inbox") -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return reverse(default)


def _verified(request, device) -> None:
    """Mark the session as verified with ``device`` and rotate its key."""
    django_otp.login(request, device)
    request.session[sessions.OTP_ENROLLED] = True
    sessions.session_rotate(request)


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label=gettext_lazy("双因素登记码"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "data-testid": "enrolment-code"}
        ),
    )


def _code_given(request) -> bool:
    """Whether this session gave the signed-in user's enrolment code (or needs none)."""

    user = request.user
    return not enrolment.needs_code(user) or request.session.get(enrolment.SESSION_KEY) == user.pk


def _enrolment_code_step(request):
    """The first step of an official's enrolment: the code issued out of band."""

    user = request.user
    form = EnrolmentCodeForm(request.POST if "enrolment_code" in request.POST else None)
    if request.method == "POST" and form.is_valid():
        try:
            enrolment.enrolment_code_redeem(user=user, code=form.cleaned_data["enrolment_code"])
        except RuleViolation as exc:
            failures = request.session.get(enrolment.FAILURES_KEY, 0) + 1
            request.session[enrolment.FAILURES_KEY] = failures
            if failures >= enrolment.MAX_FAILURES:
                logout(request)
                messages.error(request, _("登记码错误次数过多，已退出登录"))
                return redirect("login")
            form.add_error("enrolment_code", exc.reasons[0].message)
        else:
            # a fresh secret for this session only: no earlier visitor saw it

            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            request.session[enrolment.SESSION_KEY] = user.pk
            request.session.pop(enrolment.FAILURES_KEY, None)
            return redirect(f"{reverse('otp_setup')}?next={quote(_next(request))}")
    response = render(
        request,
        "accounts/otp_enrolment_code.html",
        {
            "form": form,
            "next": _next(request),
            "required": otp.otp_required(user),
            "code_hours": settings.GREENMFG_ENROLMENT_CODE_HOURS,
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
def otp_setup(request):
    """Enrol an authenticator app: for an official first the enrolment code issued by
    an administrator or a superior authority (greenmfg/accounts/enrolment.py), then scan
    the QR code (or type the key) and enter a code."""
    user = request.user
    if otp.confirmed_devices(user).exists():
        return redirect(f"{reverse('otp_verify')}?next={_next(request)}")
    if not _code_given(request):
        return _enrolment_code_step(request)
    device = otp.pending_device(user, create=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = "".join(ch for ch in form.cleaned_data["token"] if ch.isdigit())
        if token and device.verify_token(token):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record_event(
                actor=user,
                action="account.otp.enrol",
                object_type="parties.user",
                object_uuid=str(user.uuid),
                object_label=user.username,
            )
            _verified(request, device)
            request.session.pop(SESSION_KEY, None)
            log.info("otp enrolled user=%s", user.pk)
            messages.success(request, _("双因素认证已启用"))
            return redirect(_next(request))
        log.warning("otp enrolment code refused user=%s", user.pk)
        form.add_error("token", _("验证码不正确或已过期，请重新输入"))
    response = render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "secret": otp.secret_for_display(device),
            "required": otp.otp_required(user),
            "next": _next(request),
        },
    )
    add_never_cache_headers(response)
    return response


@login_required
def otp_qr(request):
    """The QR code of the enrolment in progress, as a PNG (never for a confirmed device,
    nor before this session gave the enrolment code)."""
    device = otp.pending_device(request.user)
    if device is None or not _code_given(request):
        raise Http404
    response = HttpResponse(otp.qr_png(device.config_url), content_type="image/png")
    add_never_cache_headers(response)
    return response


@login_required
def otp_verify(request):
    """Enter the current code of the enrolled authenticator app."""
    user = request.user
    if not otp.confirmed_devices(user).exists():
        return redirect(f"{reverse('otp_setup')}?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp.verify(user, form.cleaned_data["token"])
        if device is not None:
            _verified(request, device)
            log.info("otp verified user=%s", user.pk)
            return redirect(_next(request))
        log.warning("otp code refused user=%s", user.pk)
        form.add_error("token", _("验证码不正确、已使用或尝试过于频繁，请稍后重新输入"))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
def account_sessions(request):
    """账户安全: the user's sessions and API token (each can be ended), second factor,
    password."""

    rows = sessions.live_sessions(request.user)
    current = request.session.session_key
    for row in rows:
        row.is_current = row.session_key == current
    return render(
        request,
        "accounts/sessions.html",
        {
            "rows": rows,
            "token": ApiTokenRecord.objects.filter(user=request.user).first(),
            "enrolled": otp.confirmed_devices(request.user).exists(),
            "otp_required": otp.otp_required(request.user),
            "idle_minutes": settings.GREENMFG_SESSION_IDLE_MINUTES,
            "max_hours": settings.GREENMFG_SESSION_MAX_HOURS,
            "token_idle_minutes": settings.GREENMFG_API_TOKEN_IDLE_MINUTES,
            "token_max_hours": settings.GREENMFG_API_TOKEN_MAX_HOURS,
        },
    )


@require_POST
@login_required
def account_session_end(request, uuid):
    """End one of the user's own sessions, or revoke the user's own API token (never
    someone else's: 404)."""

    if ApiTokenRecord.objects.filter(user=request.user, uuid=uuid).exists():
        tokens_revoke_for(request.user, why="revoked by the user")
        messages.success(request, _("API 令牌已撤销"))
        return redirect("account_sessions")
    try:
        row = UserSession.objects.get(user=request.user, uuid=uuid)
    except (UserSession.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if row.session_key == request.session.session_key:
        messages.error(request, _("当前会话请使用“退出”"))
        return redirect("account_sessions")
    sessions.session_end(row)
    messages.success(request, _("该会话已结束"))
    return redirect("account_sessions")


@require_POST
@login_required
def account_sessions_end_others(request):
    ended = sessions.sessions_end_for(
        request.user, keep=request.session.session_key, why="ended by the user"
    )
    messages.success(request, _("已结束其他 %(n)s 个会话，API 令牌已撤销") % {"n": ended})
    return redirect("account_sessions")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password: every other session ends (see passwords.PasswordLifecycle),
    this one continues with a new key."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("account_sessions")

    def form_valid(self, form):
        response = super().form_valid(form)
        sessions.session_track(self.request, form.user)
        self.request.session[sessions.PASSWORD_CHANGED] = password_changed_at(form.user).timestamp()
        messages.success(self.request, _("密码已修改，其他设备上的登录已全部退出"))
        return response
