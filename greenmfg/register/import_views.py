"""The officials' list-import pages (/register/imports/): upload a published list (CSV or
XLSX), see the dry run's row report, resolve conflicts, run it as a background job with a
progress bar, see the report. National officials import national lists, provincial
officials their province's lists, city officials their city's municipal lists; everyone
else gets 403 (greenmfg/register/imports/runs.py). Views only call services and the
scoped selector :func:`imports_for`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from greenmfg.core.vocabulary import Level, ListType
from greenmfg.core.web import get_for_user, run_action
from greenmfg.register.imports.runs import (
    LEVEL_ROLE,
    ImportSpec,
    conflict_resolve,
    imports_for,
    run_from_preview,
    run_record,
    run_submit,
)
from greenmfg.register.models import ListImportState

MAX_UPLOAD = 20 * 1024 * 1024
REPORT_ROWS_SHOWN = 500


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("名单文件（CSV 或 XLSX）"))
    list_type = forms.ChoiceField(label=gettext_lazy("名单类型"), choices=ListType.choices)
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2015, max_value=2100)
    batch = forms.CharField(label=gettext_lazy("批次"), max_length=40, required=False)
    title = forms.CharField(label=gettext_lazy("名单名称"), max_length=200, required=False)
    published_on = forms.DateField(
        label=gettext_lazy("公布日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    source_url = forms.URLField(
        label=gettext_lazy("来源网址"), required=False, max_length=500, assume_scheme="https"
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if Path(f.name).suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("请上传 .csv 或 .xlsx 文件"))
        if f.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件超过 20 MB"))
        return f


def _seat(request):
    """(level, jurisdiction) the signed-in official imports; 403 for anyone else."""
    user = request.user
    level = next((lv for lv, role in LEVEL_ROLE.items() if role == user.role), None)
    if level is None or not user.authority_id:
        raise PermissionDenied
    return level, user.authority.jurisdiction


@login_required
def list_import_index(request):
    """The official's imports and the upload form (a dry run first)."""
    level, jurisdiction = _seat(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        suffix = Path(upload.name).suffix.lower()
        stored = default_storage.save(f"list-imports/{digest.hexdigest()[:16]}{suffix}", upload)
        spec = ImportSpec(
            level=level,
            jurisdiction=jurisdiction,
            list_type=data["list_type"],
            year=data["year"],
            batch=data["batch"].strip(),
            title=data["title"].strip(),
            published_on=data["published_on"],
            source_url=data["source_url"],
        )

        def start():
            run = run_record(
                actor=request.user,
                spec=spec,
                file_name=Path(upload.name).name[:255],
                stored_file=stored,
                sha=digest.hexdigest(),
                dry_run=True,
            )
            return run_submit(actor=request.user, run=run)

        ok, run = run_action(request, start, _("已上传，正在试运行"))
        if ok:
            return redirect("list_import_detail", uuid=run.uuid)
    runs = imports_for(request.user)[:50]
    return render(
        request,
        "register/imports/index.html",
        {"form": form, "runs": runs, "level": Level(level).label, "jurisdiction": jurisdiction},
    )


def _report_context(run) -> dict:
    rows = run.report.get("rows", []) if run.report else []
    notable = [r for r in rows if r["outcome"] not in ("created", "unchanged")]
    plain = [r for r in rows if r["outcome"] in ("created", "unchanged")]
    return {
        "run": run,
        "notable": notable,
        "plain": plain[:REPORT_ROWS_SHOWN],
        "plain_more": max(0, len(plain) - REPORT_ROWS_SHOWN),
        "conflicts": [r for r in rows if r["outcome"] == "conflict"],
        "official": run.report.get("official_counts", []) if run.report else [],
        "busy": run.state in (ListImportState.QUEUED, ListImportState.RUNNING),
        "percent": int(100 * run.rows_done / run.rows_total) if run.rows_total else 0,
    }


@login_required
def list_import_detail(request, uuid):
    """One run: progress while it runs, then the row report and the conflicts."""
    _seat(request)
    run = get_for_user(imports_for(request.user), uuid)
    return render(request, "register/imports/detail.html", _report_context(run))


@login_required
def list_import_progress(request, uuid):
    """The progress bar (htmx polls it every second while the run is queued or running;
    when it ends, the page reloads to show the report)."""
    _seat(request)
    run = get_for_user(imports_for(request.user), uuid)
    response = render(request, "register/imports/_progress.html", _report_context(run))
    if run.state not in (ListImportState.QUEUED, ListImportState.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def list_import_run(request, uuid):
    """正式导入: the real run of a previewed file, with the conflicts' resolutions."""
    _seat(request)
    preview = get_for_user(imports_for(request.user), uuid)
    resolutions = {
        key.removeprefix("resolve-"): value
        for key, value in request.POST.items()
        if key.startswith("resolve-")
    }
    ok, run = run_action(
        request,
        lambda: run_from_preview(actor=request.user, preview=preview, resolutions=resolutions),
        _("已开始正式导入"),
    )
    return redirect("list_import_detail", uuid=run.uuid if ok else preview.uuid)


@login_required
@require_POST
def list_import_resolve(request, uuid):
    """Resolve one conflict of a written run (skip / keep existing / take the row)."""
    _seat(request)
    run = get_for_user(imports_for(request.user), uuid)
    try:
        row = int(request.POST.get("row", ""))
    except ValueError:
        row = 0
    choice = request.POST.get("choice", "")
    if choice not in ("skip", "keep", "take"):
        messages.error(request, _("请选择处理方式"))
    else:
        run_action(
            request,
            lambda: conflict_resolve(actor=request.user, run=run, row=row, choice=choice),
            _("冲突已处理"),
        )
    return redirect("list_import_detail", uuid=run.uuid)
