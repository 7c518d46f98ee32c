"""The officials' list-import page (/register/imports/, issue 13 item 1): who may import
what, the dry run then the real run as a background job with its progress, the conflicts
resolved on the page, and the query budget."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.jobs.models import Job
from greenmfg.register.models import ListImport, Listing

pytestmark = pytest.mark.django_db

HEADER = "序号,地市,企业名称,第三方评价机构"
GD = "\n".join(
    [
        "2025年广东省绿色工厂名单",
        HEADER,
        "一、广州市,,,",
        "1,广州市,广州甲制造有限公司,评价院",
        "2,天河区,广州乙电子有限公司,评价院",
    ]
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, text: str = GD, name: str = "gd.csv", **extra):
    data = {
        "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv"),
        "list_type": "factory",
        "year": "2025",
        "batch": "",
        "title": "",
        **extra,
    }
    return client.post(reverse("list_import_index"), data)


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Run the jobs queued by a request, as the eager Celery set-up does after commit."""

    def go(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    return go


def test_provincial_official_previews_then_imports_with_the_row_report(cast, run_jobs):
    client = client_for(cast.guangdong)
    page = client.get(reverse("list_import_index"))
    assert page.status_code == 200
    assert "名单导入" in page.content.decode()

    response = run_jobs(lambda: upload(client))
    preview = ListImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("list_import_detail", args=[preview.uuid])
    assert (preview.state, preview.dry_run, preview.level) == ("previewed", True, "provincial")
    assert preview.jurisdiction.code == "440000"
    assert not Listing.objects.exists()
    assert Job.objects.get().kind == "list_import"

    detail = client.get(reverse("list_import_detail", args=[preview.uuid])).content.decode()
    assert "已预览（未写入）" in detail
    assert 'data-testid="row-3"' in detail and "分类标题行" in detail
    assert 'data-testid="import-run"' in detail

    response = run_jobs(lambda: client.post(reverse("list_import_run", args=[preview.uuid])))
    real = ListImport.objects.exclude(pk=preview.pk).get()
    assert response["Location"] == reverse("list_import_detail", args=[real.uuid])
    assert (real.state, real.dry_run, real.counts["created"]) == ("done", False, 2)
    assert real.rows_done == real.rows_total > 0
    assert Listing.objects.filter(level="provincial", region__code="440106").count() == 1


def test_the_progress_fragment_polls_while_running_and_refreshes_when_done(cast, run_jobs):
    client = client_for(cast.guangdong)
    upload(client)  # queued: the job is not run (no commit in this test)
    run = ListImport.objects.get()
    fragment = client.get(reverse("list_import_progress", args=[run.uuid]))
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "HX-Refresh" not in fragment

    from greenmfg.register.imports.runs import execute_run

    execute_run(str(run.uuid))
    fragment = client.get(reverse("list_import_progress", args=[run.uuid]))
    assert fragment["HX-Refresh"] == "true"
    assert "hx-trigger" not in fragment.content.decode()


def test_conflicts_are_resolved_by_the_official_on_the_page(cast, run_jobs):
    client = client_for(cast.guangdong)
    run_jobs(lambda: upload(client))
    run_jobs(lambda: client.post(reverse("list_import_run", args=[ListImport.objects.get().uuid])))
    renamed = "\n".join([HEADER, "1,广州市,广州甲智造有限公司,评价院"])
    run_jobs(lambda: upload(client, renamed, name="renamed.csv"))
    preview = ListImport.objects.filter(dry_run=True).order_by("-id").first()
    detail = client.get(reverse("list_import_detail", args=[preview.uuid])).content.decode()
    assert 'data-testid="resolve-2"' in detail and "广州甲制造有限公司" in detail

    run_jobs(
        lambda: client.post(reverse("list_import_run", args=[preview.uuid]), {"resolve-2": "take"})
    )
    assert Listing.objects.filter(unit_name="广州甲智造有限公司").count() == 1
    assert not Listing.objects.filter(unit_name="广州甲制造有限公司").exists()


def test_a_conflict_left_open_is_resolved_after_the_run(cast, run_jobs):
    client = client_for(cast.guangdong)
    run_jobs(lambda: upload(client))
    run_jobs(lambda: client.post(reverse("list_import_run", args=[ListImport.objects.get().uuid])))
    renamed = "\n".join([HEADER, "1,广州市,广州甲智造有限公司,评价院"])
    run_jobs(lambda: upload(client, renamed, name="renamed.csv"))
    preview = ListImport.objects.filter(dry_run=True).order_by("-id").first()
    run_jobs(lambda: client.post(reverse("list_import_run", args=[preview.uuid])))
    done = ListImport.objects.order_by("-id").first()
    assert done.counts["conflicts"] == 1
    detail = client.get(reverse("list_import_detail", args=[done.uuid])).content.decode()
    assert 'data-testid="take-2"' in detail

    client.post(reverse("list_import_resolve", args=[done.uuid]), {"row": "2", "choice": "keep"})
    done.refresh_from_db()
    assert next(r for r in done.report["rows"] if r["row"] == 2)["resolution"] == "keep"
    assert Listing.objects.filter(unit_name="广州甲制造有限公司").exists()


def test_city_official_imports_municipal_lists_of_the_own_city_only(cast, run_jobs):
    gz = client_for(cast.guangzhou)
    run_jobs(lambda: upload(gz))
    run = ListImport.objects.get()
    assert (run.level, run.jurisdiction.code) == ("municipal", "440100")
    # another city's and the province's officials do not see it
    assert (
        client_for(cast.shenzhen).get(reverse("list_import_detail", args=[run.uuid])).status_code
        == 404
    )
    assert (
        client_for(cast.guangdong).get(reverse("list_import_detail", args=[run.uuid])).status_code
        == 404
    )
    assert (
        client_for(cast.guangzhou).get(reverse("list_import_detail", args=[run.uuid])).status_code
        == 200
    )


@pytest.mark.parametrize("who", ["tianhe", "enterprise_user", "park_user", "agency_user", "expert"])
def test_others_get_403(cast, who):
    client = client_for(getattr(cast, who))
    assert client.get(reverse("list_import_index")).status_code == 403
    assert upload(client).status_code == 403
    assert not ListImport.objects.exists()


def test_the_anonymous_is_sent_to_sign_in():
    response = Client().get(reverse("list_import_index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_national_official_imports_national_lists(cast, run_jobs):
    client = client_for(cast.national)
    run_jobs(lambda: upload(client, batch="第七批", year="2022"))
    run = ListImport.objects.get()
    assert (run.level, run.jurisdiction.code, run.state) == ("national", "000000", "previewed")
    detail = client.get(reverse("list_import_detail", args=[run.uuid])).content.decode()
    assert "874" in detail  # the published count of 2022's factories


def test_the_detail_page_keeps_a_query_budget(cast, run_jobs, django_assert_max_num_queries):
    client = client_for(cast.guangdong)
    lines = [HEADER] + [f"{n},广州市,企业{n}有限公司,评价院" for n in range(1, 301)]
    run_jobs(lambda: upload(client, "\n".join(lines)))
    run = ListImport.objects.get()
    with django_assert_max_num_queries(8):
        page = client.get(reverse("list_import_detail", args=[run.uuid]))
    assert len(re.findall(r'data-testid="row-\d+"', page.content.decode())) == 300
    with django_assert_max_num_queries(8):
        client.get(reverse("list_import_index"))


def test_navigation_links_the_page_for_importing_officials_only(cast):
    assert 'data-testid="nav-list-imports"' in client_for(cast.guangdong).get("/").content.decode()
    assert 'data-testid="nav-list-imports"' not in client_for(cast.tianhe).get("/").content.decode()
