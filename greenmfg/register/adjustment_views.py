"""The officials' page of dynamic-adjustment notices (动态调整): the notices their
authority applied, and a form to import one (greenmfg/register/adjustments.py). Thin:
the service decides who may apply what."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenmfg.core.decisions import RuleViolation
from greenmfg.register.adjustments import can_apply, import_adjustments
from greenmfg.register.models import AdjustmentKind, AdjustmentNotice

#: the largest notice file accepted (bytes): notices list hundreds of rows, not millions
MAX_NOTICE_BYTES = 5 * 1024 * 1024


class AdjustmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("调整名单文件（CSV 或 XLSX）"))
    kind = forms.ChoiceField(label=gettext_lazy("调整类型"), choices=AdjustmentKind.choices)
    notice_no = forms.CharField(label=gettext_lazy("文号"), max_length=120)
    notice_date = forms.DateField(
        label=gettext_lazy("发文日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    title = forms.CharField(label=gettext_lazy("通知标题"), max_length=200, required=False)
    url = forms.URLField(
        label=gettext_lazy("通知网址"), max_length=500, required=False, assume_scheme="https"
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("试运行（只报告，不写入）"), required=False, initial=True
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("只接受 CSV 或 XLSX 文件"))
        if f.size > MAX_NOTICE_BYTES:
            raise forms.ValidationError(_("文件过大（上限 5 MB）"))
        return f


def _issuing_jurisdiction(request):
    """The jurisdiction whose notices the signed-in official applies; 404 for anyone
    who may not (the page does not exist for them)."""
    user = request.user
    if not (user.is_authenticated and user.is_official and user.authority_id):
        raise Http404
    jurisdiction = user.authority.jurisdiction
    if not can_apply(user, jurisdiction).ok:
        raise Http404
    return jurisdiction


@login_required
def adjustment_list(request):
    """动态调整: the notices of the official's authority and the import form; a POST
    imports one (a dry run by default) and shows the row report."""
    jurisdiction = _issuing_jurisdiction(request)
    report = None
    form = AdjustmentForm()
    if request.method == "POST":
        form = AdjustmentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                report = import_adjustments(
                    actor=request.user,
                    content=upload.read(),
                    filename=upload.name,
                    kind=data["kind"],
                    notice_no=data["notice_no"],
                    notice_date=data["notice_date"],
                    jurisdiction=jurisdiction,
                    title=data["title"],
                    url=data["url"],
                    dry_run=data["dry_run"],
                )
            except (RuleViolation, ValueError) as exc:
                messages.error(request, str(exc))
            else:
                if report.applied:
                    messages.success(request, _("调整通知已应用"))
                elif report.blocked:
                    messages.error(request, _("调整通知未应用：请更正报告中的行"))
    notices = AdjustmentNotice.objects.filter(jurisdiction=jurisdiction).order_by(
        "-notice_date", "-id"
    )
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "register/adjustments/list.html",
        {"jurisdiction": jurisdiction, "page": page, "form": form, "report": report},
    )
