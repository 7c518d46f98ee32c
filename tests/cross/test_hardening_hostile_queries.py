"""Issue 17, item 8: hostile query values answered 500 — ``/api/v1/listings/?page=
99999999999999999999`` (SQLite and PostgreSQL), ``/register/?page=…``,
``/announcements/440100/0/``, and signed in ``/oversight/overdue/?year=0``, ``POST
/oversight/overdue/propose/`` with ``year=0``, ``/agencies/work-reports/?year=0``. No
input may produce a server error: the named cases, then a generated sweep of every page
route (walking ``greenmfg.urls``) × the common query parameter names × hostile values, for
the public and a few signed-in roles.

ASVS 5.0 1.2 (input validation at every entry point); 等保 8.1.4.4 d (数据有效性检验)."""

from __future__ import annotations

import pytest
from django.test import Client

from greenmfg.supervision.dynamic import obligations
from tests.cast import official_of
from tests.oversight import listed_unit

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def client_for(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def listed():
    return listed_unit("440106")


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/listings/?page={HUGE}",
        "/api/v1/listings/?page=-1",
        "/api/v1/listings/?page=0",
        f"/register/?page={HUGE}",
        "/register/?page=-5",
        "/register/?page=%00",
        "/announcements/440100/0/",
        f"/announcements/440100/{HUGE}/",
        "/announcements/440100/99999/",
    ],
)
def test_hostile_public_queries_are_no_server_error(listed, url):
    resp = client_for().get(url)
    assert resp.status_code < 500, (url, resp.status_code)


@pytest.mark.parametrize("year", ["0", "-1", "99999", HUGE, "1e3", ""])
def test_the_overdue_list_and_proposal_refuse_an_impossible_year(year):
    city = official_of("city", "440100")
    client = client_for(city)
    resp = client.get(f"/oversight/overdue/?year={year}")
    assert resp.status_code < 500
    resp = client.post("/oversight/overdue/propose/", {"year": year})
    assert resp.status_code < 500


@pytest.mark.parametrize("year", ["0", "-1", "99999", HUGE])
def test_the_agencies_work_reports_refuse_an_impossible_year(cast, year):
    for user in (cast.agency_user, official_of("city", "440100")):
        resp = client_for(user).get(f"/agencies/work-reports/?year={year}")
        assert resp.status_code < 500, (user.username, resp.status_code)


def test_an_impossible_year_falls_back_to_this_year_on_the_overdue_list():
    resp = client_for(official_of("city", "440100")).get("/oversight/overdue/?year=0")
    assert resp.status_code == 200
    assert resp.context["year"] == 2026


assert obligations  # the module the overdue page reads
