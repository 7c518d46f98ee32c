"""Background jobs in the embedded default run in-process (CELERY_TASK_ALWAYS_EAGER):
submitting one through the API completes it before the answer is read."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from rest_framework.test import APIClient

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import GreenList, Listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def green_list(db):
    gl = GreenList.objects.create(
        jurisdiction=Jurisdiction.objects.get(code="440100"),
        level="municipal",
        year=2025,
        title="2025年度广州市绿色制造名单",
    )
    Listing.objects.create(
        green_list=gl,
        unit_name="任务测试制造有限公司",
        list_type="factory",
        level="municipal",
        year=2025,
    )
    return gl


def test_an_export_job_runs_in_process_in_the_embedded_default(
    green_list, settings, django_capture_on_commit_callbacks
):
    from tests.factories import official

    settings.CELERY_TASK_ALWAYS_EAGER = True
    client = APIClient()
    client.force_authenticate(official("city", "440100"))
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(
            "/api/v1/jobs/",
            {"kind": "export_list_xlsx", "params": {"green_list": str(green_list.uuid)}},
            format="json",
        )
    assert resp.status_code == 202
    job = client.get(f"/api/v1/jobs/{resp.json()['uuid']}/").json()
    assert job["state"] == "done"
    assert default_storage.exists(job["result"]["file"])


def test_only_officials_submit_jobs_and_each_sees_their_own(green_list, enterprise_user):
    from tests.factories import official

    client = APIClient()
    client.force_authenticate(enterprise_user)
    assert (
        client.post(
            "/api/v1/jobs/", {"kind": "export_list_pdf", "params": {}}, format="json"
        ).status_code
        == 403
    )
    city = APIClient()
    city.force_authenticate(official("city", "440100"))
    assert (
        city.post("/api/v1/jobs/", {"kind": "nonsense", "params": {}}, format="json").status_code
        == 400
    )
    job = city.post(
        "/api/v1/jobs/",
        {"kind": "export_list_xlsx", "params": {"green_list": str(green_list.uuid)}},
        format="json",
    ).json()
    other = APIClient()
    other.force_authenticate(official("city", "440300"))
    assert other.get(f"/api/v1/jobs/{job['uuid']}/").status_code == 404
