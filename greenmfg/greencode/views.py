"""Public pages of the 企业绿码: the method with its parameters, a grading run, one code's
verification page, its card (PNG, PDF), token verification and the public key."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from greenmfg.core import clock
from greenmfg.core.vocabulary import Level
from greenmfg.core.web import get_for_user, run_action
from greenmfg.greencode import cards, method, selectors, signing
from greenmfg.greencode.models import NoCodeReason
from greenmfg.greencode.services import (
    code_token,
    grading_parameters,
    grading_request,
    valid_on,
)
from greenmfg.greencode.verification import verify_token
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.parties.scoping import official_path, sees_everything


def verify_url(request, token: str) -> str:
    """The absolute URL of the verification page of ``token`` (what the QR holds)."""
    return request.build_absolute_uri(reverse("green_code_verify")) + "?" + urlencode({"t": token})


def method_page(request):
    """``/green-code/``: the method (version, indicators, ties), the parameters in force
    with their references (national and each ruleset that enables a pilot) and the runs."""
    today = clock.today()
    scopes = []
    for code in ("000000", "440000"):
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None:
            continue
        rules = rules_for(jurisdiction, today)
        if not rules.get("green_code.levels", []):
            continue
        params = grading_parameters(rules, today.year)
        shares = " / ".join(f"{k} {v}%" for k, v in params.shares.items())
        scopes.append(
            {
                "jurisdiction": jurisdiction,
                "levels": rules.get("green_code.levels"),
                "levels_ref": rules.ref("green_code.levels"),
                "rows": [
                    ("green_code.grade_shares", shares, params.refs["green_code.grade_shares"]),
                    (
                        "green_code.min_group_units",
                        params.min_group_units,
                        params.refs["green_code.min_group_units"],
                    ),
                    (
                        "green_code.effective_after_days",
                        params.effective_after_days,
                        params.refs["green_code.effective_after_days"],
                    ),
                    (
                        "dynamic.annual_report_deadline",
                        params.deadline.strftime("%m-%d"),
                        params.refs["dynamic.annual_report_deadline"],
                    ),
                ],
            }
        )
    return render(
        request,
        "greencode/method.html",
        {
            "scopes": scopes,
            "version": method.METHOD_VERSION,
            "indicators": method.INDICATORS,
            "min_indicators": method.MIN_INDICATORS,
            "reasons": NoCodeReason.choices,
            "runs": selectors.runs()[:20],
            "doc": method.__doc__,
        },
    )


def run_detail(request, uuid):
    """One grading run: counts, the codes (public) and, for officials and units, the
    units of their scope without a code with the reason."""
    run = get_for_user(selectors.runs(), uuid)
    codes = selectors.codes().filter(run=run).order_by("rank", "unit__name")[:500]
    return render(
        request,
        "greencode/run.html",
        {"run": run, "codes": codes, "ungraded": selectors.ungraded_for(request.user, run)[:500]},
    )


def code_detail(request, uuid):
    """The public verification page of one code: grade, year, the unit's lists, whether
    it is valid today; with ``?t=`` the token shown is checked against this code."""
    code = get_for_user(selectors.codes(), uuid)
    today = clock.today()
    token = code_token(code)
    outcome = None
    if request.GET.get("t"):
        outcome = verify_token(
            request.GET["t"],
            signing.private_key().public_key(),
            on=today,
            expect_code=str(code.uuid),
        )
    return render(
        request,
        "greencode/code.html",
        {
            "code": code,
            "valid": valid_on(code, today),
            "today": today,
            "lists": selectors.unit_lists(code),
            "token": token,
            "outcome": outcome,
            "verify_link": verify_url(request, token),
        },
    )


CARD_TYPES = {"png": "image/png", "pdf": "application/pdf"}
#: seconds a rendered card stays in the cache (a card shows facts that never change; the
#: page, not the card, says whether the code is valid today)
CARD_CACHE_SECONDS = 24 * 3600


def code_card(request, uuid, fmt):
    """The printable card of a code (``png`` or ``pdf``), rendered once per code, host
    and signing key and then served from the cache (WeasyPrint takes ~0.3 s a page)."""
    if fmt not in CARD_TYPES:
        raise Http404
    code = get_for_user(selectors.codes(), uuid)
    token = code_token(code)
    url = verify_url(request, token)
    key = "green-code-card:" + hashlib.sha256(f"{fmt}|{url}".encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = cards.card_png(code, url) if fmt == "png" else cards.card_pdf(code, url, token)
        cache.set(key, body, CARD_CACHE_SECONDS)
    resp = HttpResponse(body, content_type=CARD_TYPES[fmt])
    resp["Content-Disposition"] = f'inline; filename="green-code-{code.uuid}.{fmt}"'
    return resp


def verify(request):
    """``/green-code/verify/?t=TOKEN``: what the QR opens; the signature, the code's
    facts and whether it is valid today."""
    token = request.GET.get("t", "").strip()
    outcome = None
    if token:
        outcome = verify_token(token, signing.private_key().public_key(), on=clock.today())
    return render(
        request,
        "greencode/verify.html",
        {"token": token, "outcome": outcome, "today": clock.today()},
    )


@login_required
def grade_request(request):
    """``/green-code/grade/``: national officials (and a province's officials for its
    pilot) queue a yearly grading run as a background job; refusals show their reasons."""
    viewer_path = official_path(request.user)
    if not (sees_everything(request.user) or request.user.role == "province"):
        raise PermissionDenied
    scopes = (
        Jurisdiction.objects.filter(code="000000")
        if sees_everything(request.user)
        else Jurisdiction.objects.filter(path=viewer_path)
    )
    if request.method == "POST":
        jurisdiction = scopes.filter(code=request.POST.get("jurisdiction", "")).first()
        year = request.POST.get("year", "")
        if jurisdiction is None or not year.isdigit():
            messages.error(request, _("请选择评定辖区并填写年度"))
        else:
            level = Level.NATIONAL if jurisdiction.code == "000000" else Level.PROVINCIAL
            ok, job = run_action(
                request,
                lambda: grading_request(
                    actor=request.user, jurisdiction=jurisdiction, level=level, year=int(year)
                ),
                _("已提交后台评定任务"),
            )
            if ok:
                return redirect("green_code_method")
    return render(
        request,
        "greencode/grade.html",
        {"scopes": scopes, "year": clock.today().year},
    )


def public_key(request):
    """The platform's Ed25519 public key (PEM) that verifies every token offline."""
    return HttpResponse(signing.public_key_pem(), content_type="application/x-pem-file")
