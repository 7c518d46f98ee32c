"""Open data pages (public, no sign-in): the index of snapshots, one snapshot's datasets
with their metadata, the stored files, the catalogue as JSON. Nothing is rendered here:
files are served from storage (greenmfg/opendata/snapshots.py writes them)."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render

from greenmfg.opendata.models import DataFormat, DatasetFile, Snapshot
from greenmfg.opendata.snapshots import CONTENT_TYPES

#: snapshots shown on the index
INDEX_SNAPSHOTS = 100


def _snapshot(as_of: dt.date) -> Snapshot:
    snapshot = Snapshot.objects.filter(as_of=as_of).first()
    if snapshot is None:
        raise Http404
    return snapshot


def _grouped(files) -> list[dict]:
    """Files of one snapshot grouped by dataset: register first, then the lists, then
    the changes; each with its metadata and its formats."""
    order = {"register": 0, "changes": 2}
    out: dict[str, dict] = {}
    for f in files:
        ds = out.setdefault(f.dataset, {"dataset": f.dataset, "meta": f, "formats": []})
        ds["formats"].append(f)
    return sorted(out.values(), key=lambda d: (order.get(d["dataset"], 1), d["meta"].title))


def opendata_index(request):
    """开放数据: the snapshots, newest first, and the datasets of the latest one."""
    snapshots = list(Snapshot.objects.order_by("-as_of")[:INDEX_SNAPSHOTS])
    latest = snapshots[0] if snapshots else None
    datasets = _grouped(latest.files.order_by("dataset", "format")) if latest else []
    return render(
        request,
        "opendata/index.html",
        {"snapshots": snapshots, "latest": latest, "datasets": datasets},
    )


def opendata_snapshot(request, as_of: dt.date):
    """One snapshot: every dataset with title, publisher, licence, issued, modified, row
    count and SHA-256 of each file."""
    snapshot = _snapshot(as_of)
    return render(
        request,
        "opendata/snapshot.html",
        {"snapshot": snapshot, "datasets": _grouped(snapshot.files.order_by("dataset", "format"))},
    )


def _file_meta(f: DatasetFile, request) -> dict:
    return {
        "dataset": f.dataset,
        "format": f.format,
        "title": f.title,
        "publisher": f.publisher,
        "licence": f.licence,
        "issued": f.issued.isoformat(),
        "modified": f.modified.isoformat(),
        "row_count": f.row_count,
        "sha256": f.sha256,
        "byte_size": f.size,
        "url": request.build_absolute_uri(
            f"/open-data/{f.snapshot.as_of:%Y-%m-%d}/{f.dataset}.{f.format}"
        ),
    }


def opendata_catalogue(request, as_of: dt.date):
    """One snapshot's metadata as JSON (``{"as_of", "kind", "datasets": [...]}``)."""
    snapshot = _snapshot(as_of)
    files = snapshot.files.select_related("snapshot").order_by("dataset", "format")
    return JsonResponse(
        {
            "as_of": snapshot.as_of.isoformat(),
            "kind": snapshot.kind,
            "note": snapshot.note,
            "datasets": [_file_meta(f, request) for f in files],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


def _serve(f: DatasetFile, as_of: dt.date, dataset: str, fmt: str):
    response = FileResponse(
        default_storage.open(f.file, "rb"),
        as_attachment=True,
        filename=f"greenmfg-{dataset}-{as_of:%Y-%m-%d}.{fmt}",
        content_type=CONTENT_TYPES[fmt],
    )
    response["X-Content-SHA256"] = f.sha256
    response["Content-Location"] = f"/open-data/{as_of:%Y-%m-%d}/{dataset}.{fmt}"
    return response


def opendata_file(request, as_of: dt.date, dataset: str, fmt: str):
    """One stored dataset file as an attachment (stable URL:
    ``/open-data/<as_of>/<dataset>.<fmt>``), with its SHA-256 in ``X-Content-SHA256``."""
    f = DatasetFile.objects.filter(snapshot__as_of=as_of, dataset=dataset, format=fmt).first()
    if f is None or fmt not in DataFormat.values:
        raise Http404
    return _serve(f, as_of, dataset, fmt)


def opendata_latest(request, dataset: str, fmt: str):
    """The latest snapshot's file of ``dataset``; ``Content-Location`` names its dated,
    stable URL."""
    f = (
        DatasetFile.objects.filter(dataset=dataset, format=fmt)
        .select_related("snapshot")
        .order_by("-snapshot__as_of")
        .first()
    )
    if f is None:
        raise Http404
    return _serve(f, f.snapshot.as_of, dataset, fmt)
