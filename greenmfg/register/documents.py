"""The published lists' documents (公告 PDF, 名单 XLSX): rendered once, stored, served as
files (issue 17, item 0).

Rendering is slow for a large list (the 2021 national list of 1,810 entries: about 25 s
for the PDF, about 0.5 s for the XLSX). When it ran in the request, two anonymous clicks
held both app servers of a small deployment for 30 s and the workers were killed. Now:

- A document is a :class:`~greenmfg.register.models.ListDocument` per (list, format,
  **content version**). The content version (:func:`content_version`) is the SHA-256 of
  everything the document shows — the list's title, number, date and jurisdiction and
  every listing's name, product, USCC, type, level, region, star or grade, agency, date
  and status — plus :data:`RENDERER_VERSION`. Any change of a listing (a name change,
  a removal, a star raise, an import) gives a new version: a stored file is never
  served for content it does not show, whatever path changed the rows.
- Documents are rendered by the background job ``render_list_document`` (Celery
  workers in production; in the embedded default, without a broker, in-process — in a
  background thread when asked from a web request, so the request never waits): at
  publication (:func:`~greenmfg.register.services.listings_create_for`), at the
  national-list import, by ``greenmfg setup`` and ``greenmfg render-list-documents``.
- A download (:func:`document_for_download`) reads the version (one query, cached per
  register version for ``GREENMFG_PUBLIC_PAGE_SECONDS``) and serves the stored file of
  that version; if there is none it queues the job once (a second request while it is
  pending queues nothing) and the view answers **202** with ``Retry-After``
  (“正在生成，请稍后刷新”). **No web request renders.**

Older versions' files are deleted when a newer one is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from greenmfg.core.pagecache import register_version
from greenmfg.jobs.models import Job
from greenmfg.jobs.tasks import run_job
from greenmfg.register import exports
from greenmfg.register.models import (
    DocumentFormat,
    DocumentState,
    GreenList,
    ListDocument,
    Listing,
)
from greenmfg.register.selectors import published_lists

log = logging.getLogger(__name__)

#: bump when the exports' columns or the PDF template change: every document re-renders
RENDERER_VERSION = "2"
#: the job kind that renders one document (greenmfg/jobs/tasks.py)
JOB_KIND = "render_list_document"
#: a pending document whose job has not finished after this long is queued again
#: (its worker died); a failed one is retried after this long
STALE_AFTER = dt.timedelta(minutes=15)
#: what the 202 answer tells the browser to wait, in seconds
RETRY_AFTER_SECONDS = 15

CONTENT_TYPES = {
    DocumentFormat.PDF: "application/pdf",
    DocumentFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: the listing fields a document shows (greenmfg/register/exports.py)
_LISTING_FIELDS = (
    "id",
    "unit_name",
    "product_name",
    "product_model",
    "uscc",
    "list_type",
    "level",
    "region_id",
    "region_text",
    "star",
    "grade",
    "agency_name",
    "listed_on",
    "status",
)


def _head(green_list: GreenList) -> bytes:
    head = [
        RENDERER_VERSION,
        str(green_list.uuid),
        green_list.title,
        green_list.document_no,
        green_list.year,
        green_list.published_on,
        green_list.jurisdiction_id,
        green_list.source,
    ]
    return json.dumps(head, ensure_ascii=False, default=str).encode("utf-8")


def _versions(lists: list[GreenList]) -> dict[int, str]:
    """``{list id: content version}`` of ``lists``, in one query of their rows (hashed
    row by row, so a national-scale register is never held in memory)."""
    digests = {gl.pk: hashlib.sha256(_head(gl)) for gl in lists}
    rows = (
        Listing.objects.filter(green_list_id__in=list(digests))
        .order_by("green_list_id", "id")
        .values_list("green_list_id", *_LISTING_FIELDS)
    )
    for row in rows.iterator(chunk_size=5000):
        digests[row[0]].update(
            b"\n" + json.dumps(row[1:], ensure_ascii=False, default=str).encode()
        )
    return {pk: digest.hexdigest() for pk, digest in digests.items()}


def content_version(green_list: GreenList, *, fresh: bool = False) -> str:
    """The SHA-256 of what ``green_list``'s documents show (module docstring).

    One query of the list's rows; cached under the register version (which every change
    of a listing or list bumps, greenmfg/core/pagecache.py) for
    ``GREENMFG_PUBLIC_PAGE_SECONDS``, unless ``fresh``."""

    seconds = settings.GREENMFG_PUBLIC_PAGE_SECONDS
    if fresh or not seconds:
        return _versions([green_list])[green_list.pk]
    key = f"greenmfg:list-version:{register_version()}:{green_list.uuid}"
    version = cache.get(key)
    if version is None:
        version = _versions([green_list])[green_list.pk]
        cache.set(key, version, timeout=seconds)
    return version


def _render(green_list: GreenList, fmt: str) -> bytes:

    if fmt == DocumentFormat.PDF:
        return exports.green_list_pdf(green_list)
    return exports.green_list_xlsx(green_list)


def _storage_name(green_list: GreenList, fmt: str, version: str) -> str:
    return f"list-documents/{green_list.uuid}/{version[:32]}.{fmt}"


def _start(job_pk: int, *, detach: bool) -> None:
    """Hand the job to a worker: Celery with a broker; without one (eager), in-process,
    in a daemon thread when ``detach`` (a web request must not wait for it)."""

    if not settings.CELERY_TASK_ALWAYS_EAGER:
        run_job.delay(job_pk)
    elif detach:
        threading.Thread(
            target=_run_detached, args=(job_pk,), name=f"greenmfg-job-{job_pk}", daemon=True
        ).start()
    else:
        run_job(job_pk)


def _run_detached(job_pk: int) -> None:

    try:
        run_job(job_pk)
    except Exception:  # a failed thread must not go unnoticed, nor take the server down
        log.exception("list document job %s failed", job_pk)
    finally:
        close_old_connections()


def _queue(docs: list[ListDocument], *, detach: bool) -> None:
    """One ``render_list_document`` job per document, handed to a worker once the
    current transaction commits."""

    jobs = Job.objects.bulk_create(
        [
            Job(
                kind=JOB_KIND,
                params={"green_list": str(doc.green_list.uuid), "format": doc.format},
            )
            for doc in docs
        ]
    )
    pks = [job.pk for job in jobs]
    transaction.on_commit(lambda: [_start(pk, detach=detach) for pk in pks])


def document_queue(
    *, green_list: GreenList, fmt: str, detach: bool = False, version: str | None = None
) -> ListDocument:
    """Make sure the document of ``green_list``'s current content in ``fmt`` exists or
    is being rendered: queue its job unless it is ready, or pending and not stale.

    In: the list, ``"pdf"`` or ``"xlsx"``, ``detach`` (asked from a web request: in the
    embedded default the job runs in a background thread), the content version if
    already known. Out: the document row (``state`` tells whether it can be served).
    Raises ``ValueError`` for an unknown format."""
    if fmt not in DocumentFormat.values:
        raise ValueError(f"unknown document format {fmt!r}: pdf or xlsx")
    version = version or content_version(green_list)
    now = timezone.now()
    try:
        with transaction.atomic():
            doc, created = ListDocument.objects.get_or_create(
                green_list=green_list,
                format=fmt,
                content_version=version,
                defaults={"requested_at": now},
            )
    except IntegrityError:  # a concurrent request created it: it queued the job
        return ListDocument.objects.get(green_list=green_list, format=fmt, content_version=version)
    if created:
        _queue([doc], detach=detach)
        return doc
    if doc.state == DocumentState.READY or now - doc.requested_at < STALE_AFTER:
        return doc
    # pending for too long (its worker died) or failed a while ago: once more, by one caller
    if ListDocument.objects.filter(pk=doc.pk, requested_at=doc.requested_at).update(
        state=DocumentState.PENDING, requested_at=now, error=""
    ):
        doc.refresh_from_db()
        _queue([doc], detach=detach)
    return doc


def document_for_download(*, green_list: GreenList, fmt: str) -> ListDocument:
    """The document a download serves: the stored file of the current content when it
    is ready (and its file exists), else the queued one (``state`` pending or failed;
    the caller answers 202). Never renders."""
    version = content_version(green_list)
    doc = ListDocument.objects.filter(
        green_list=green_list, format=fmt, content_version=version
    ).first()
    if doc is not None and doc.state == DocumentState.READY:
        if default_storage.exists(doc.file):
            return doc
        doc.delete()  # the file was lost (storage restored without it): render it again
    return document_queue(green_list=green_list, fmt=fmt, detach=True, version=version)


def document_render(*, green_list: GreenList, fmt: str) -> ListDocument:
    """Render and store the document of ``green_list``'s current content (the work of
    the ``render_list_document`` job; also called directly by commands and tests).

    Out: the ready document. Older versions of the same list and format are deleted
    with their files. The rendering's own exceptions propagate (the job records them as
    its error; the document is marked failed)."""
    version = content_version(green_list, fresh=True)
    now = timezone.now()
    doc, _created = ListDocument.objects.get_or_create(
        green_list=green_list,
        format=fmt,
        content_version=version,
        defaults={"requested_at": now},
    )
    try:
        data = _render(green_list, fmt)
    except Exception as exc:
        ListDocument.objects.filter(pk=doc.pk).update(
            state=DocumentState.FAILED, error=str(exc)[:2000]
        )
        raise
    name = _storage_name(green_list, fmt, version)
    if default_storage.exists(name):
        default_storage.delete(name)
    name = default_storage.save(name, ContentFile(data))
    ListDocument.objects.filter(pk=doc.pk).update(
        state=DocumentState.READY,
        file=name,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        rendered_at=timezone.now(),
        error="",
    )
    older = ListDocument.objects.filter(green_list=green_list, format=fmt).exclude(pk=doc.pk)
    for old in older:
        if old.file and old.file != name and default_storage.exists(old.file):
            default_storage.delete(old.file)
    older.delete()
    doc.refresh_from_db()
    return doc


def documents_queue_missing(lists=None, *, detach: bool = False) -> int:
    """Queue both documents of every list in ``lists`` (default: every published list)
    that has none for its current content; the number of jobs queued. Used at
    publication and import, by ``greenmfg setup`` and ``greenmfg render-list-documents``.
    A fixed number of queries however many lists."""

    lists = list(published_lists() if lists is None else lists)
    if not lists:
        return 0
    versions = _versions(lists)
    have = set(
        ListDocument.objects.filter(green_list__in=lists).values_list(
            "green_list_id", "format", "content_version"
        )
    )
    now = timezone.now()
    missing = [
        ListDocument(green_list=gl, format=fmt, content_version=versions[gl.pk], requested_at=now)
        for gl in lists
        for fmt in DocumentFormat.values
        if (gl.pk, fmt, versions[gl.pk]) not in have
    ]
    if not missing:
        return 0
    ListDocument.objects.bulk_create(missing, ignore_conflicts=True)
    _queue(missing, detach=detach)
    return len(missing)
