"""Issue 17, item 0: anyone could take the site down. The announcement PDF of the 2021
national list (1,810 entries) was rendered in the request (about 25 s), so two anonymous
clicks held both workers. Now the documents are rendered once by a background job
(at publication, import, ``greenmfg setup``, or queued by the first download) and served
from storage; a download never renders (greenmfg/register/documents.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.jobs.models import Job, JobState
from greenmfg.jobs.tasks import run_job
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register import documents
from greenmfg.register.imports.national import import_national_lists
from greenmfg.register.models import DocumentState, GreenList, ListDocument, Listing, ListSource
from greenmfg.register.services import listings_create_for

pytestmark = pytest.mark.django_db


class Rendered(AssertionError):
    pass


@pytest.fixture
def forbid_rendering(monkeypatch):
    """Call it, and from then on any rendering (WeasyPrint, the exports) fails the test."""

    def forbid():
        from weasyprint import HTML

        from greenmfg.register import exports

        def refuse(*args, **kwargs):
            raise Rendered("a document was rendered in the request")

        monkeypatch.setattr(exports, "green_list_pdf", refuse)
        monkeypatch.setattr(exports, "green_list_xlsx", refuse)
        monkeypatch.setattr(HTML, "write_pdf", refuse)

    return forbid


def jobs_for(green_list: GreenList, fmt: str) -> list[Job]:
    return list(
        Job.objects.filter(
            kind=documents.JOB_KIND,
            params__green_list=str(green_list.uuid),
            params__format=fmt,
        )
    )


def small_list(name: str = "广州文件测试制造有限公司") -> GreenList:
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="2025年度广州市绿色制造名单",
        published_on=dt.date(2025, 6, 1),
    )
    Listing.objects.create(
        green_list=gl,
        unit_name=name,
        list_type="factory",
        level="municipal",
        year=2025,
        listed_on=dt.date(2025, 6, 1),
    )
    return gl


def test_the_2021_national_list_pdf_is_rendered_by_a_job_and_served_without_rendering(
    forbid_rendering, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        import_national_lists()
    national = GreenList.objects.filter(source=ListSource.MIIT_2017_2021)
    assert national.count() == 6
    # the import queued both documents of every national list, rendered nowhere yet
    for green_list in national:
        for fmt in ("pdf", "xlsx"):
            assert len(jobs_for(green_list, fmt)) == 1, (green_list.title, fmt)
    list_2021 = national.get(year=2021)
    assert list_2021.listings.count() == 1810
    [job] = jobs_for(list_2021, "pdf")
    assert run_job(job.pk) == "done"  # what a worker does: about 25 s
    doc = ListDocument.objects.get(green_list=list_2021, format="pdf")
    assert doc.state == DocumentState.READY and doc.size > 500_000
    with default_storage.open(doc.file, "rb") as fh:
        stored = fh.read()
    forbid_rendering()
    resp = Client().get(reverse("green_list_pdf", args=[list_2021.uuid]))
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"
    assert resp["Content-Disposition"].startswith("attachment")
    body = b"".join(resp.streaming_content)
    assert body == stored and body.startswith(b"%PDF-")
    assert len(jobs_for(list_2021, "pdf")) == 1  # nothing queued again


def test_a_first_download_queues_one_job_and_answers_202_without_rendering(forbid_rendering):
    gl = small_list()
    forbid_rendering()
    url = reverse("green_list_pdf", args=[gl.uuid])
    first = Client().get(url)
    assert first.status_code == 202
    assert first["Retry-After"] == str(documents.RETRY_AFTER_SECONDS)
    assert "no-store" in first["Cache-Control"]
    assert "PDF 文件正在生成，请稍后刷新" in first.content.decode()
    assert len(jobs_for(gl, "pdf")) == 1
    # more clicks while it is pending queue nothing more
    for _ in range(3):
        assert Client().get(url).status_code == 202
    assert len(jobs_for(gl, "pdf")) == 1
    assert Client().get(reverse("green_list_xlsx", args=[gl.uuid])).status_code == 202
    assert len(jobs_for(gl, "xlsx")) == 1


def test_the_queued_job_stores_the_file_that_the_next_download_serves():
    gl = small_list()
    url = reverse("green_list_xlsx", args=[gl.uuid])
    assert Client().get(url).status_code == 202
    [job] = jobs_for(gl, "xlsx")
    assert run_job(job.pk) == "done"
    assert Job.objects.get(pk=job.pk).state == JobState.DONE
    resp = Client().get(url)
    assert resp.status_code == 200
    assert resp["Content-Disposition"] == f'attachment; filename="green-list-{gl.uuid}.xlsx"'
    ws = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    assert ws.cell(row=4, column=2).value == "广州文件测试制造有限公司"


def test_a_change_of_a_listing_makes_a_new_version_and_the_old_file_is_not_served():
    gl = small_list()
    documents.document_render(green_list=gl, fmt="xlsx")
    old = ListDocument.objects.get(green_list=gl, format="xlsx")
    url = reverse("green_list_xlsx", args=[gl.uuid])
    assert Client().get(url).status_code == 200
    # a name change (as change_review does it: a bulk update, no signal of its own)
    Listing.objects.filter(green_list=gl).update(unit_name="广州新名称制造有限公司")
    from greenmfg.core.pagecache import register_changed

    register_changed()
    assert Client().get(url).status_code == 202
    [job] = [j for j in jobs_for(gl, "xlsx") if j.state == JobState.QUEUED]
    assert run_job(job.pk) == "done"
    resp = Client().get(url)
    ws = load_workbook(io.BytesIO(b"".join(resp.streaming_content))).active
    assert ws.cell(row=4, column=2).value == "广州新名称制造有限公司"
    # the older version and its file are gone
    assert not ListDocument.objects.filter(pk=old.pk).exists()
    assert not default_storage.exists(old.file)


def test_a_lost_file_is_queued_again_not_served_broken(forbid_rendering):
    gl = small_list()
    doc = documents.document_render(green_list=gl, fmt="pdf")
    default_storage.delete(doc.file)
    forbid_rendering()
    resp = Client().get(reverse("green_list_pdf", args=[gl.uuid]))
    assert resp.status_code == 202
    assert len(jobs_for(gl, "pdf")) == 1


def test_publication_queues_the_documents_in_the_background(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    """At publication the job is handed to a worker (a thread in the embedded default),
    so the publishing official's request does not wait for it either."""
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2026,
        title="2026年度广州市绿色制造名单",
        published_on=dt.date(2026, 5, 13),
    )
    started = []
    monkeypatch.setattr(
        documents.threading, "Thread", lambda **kw: started.append(kw) or _NoThread()
    )
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        listings_create_for(green_list=gl, applications=[], listed_on=dt.date(2026, 5, 13))
    assert {j.params["format"] for j in Job.objects.filter(kind=documents.JOB_KIND)} == {
        "pdf",
        "xlsx",
    }
    assert len(started) == 2 and all(kw["daemon"] for kw in started)


class _NoThread:
    def start(self):
        return None


def test_render_list_documents_renders_what_is_missing_and_is_idempotent(
    django_capture_on_commit_callbacks,
):
    gl = small_list()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("render_list_documents", stdout=out)
    assert "2 documents to render" in out.getvalue()
    assert set(ListDocument.objects.filter(green_list=gl).values_list("format", "state")) == {
        ("pdf", "ready"),
        ("xlsx", "ready"),
    }
    again = io.StringIO()
    call_command("render_list_documents", stdout=again)
    assert again.getvalue().startswith("0 documents to render")
