"""Issue 17, item 8: hostile query values answered 500 — ``/api/v1/listings/?page=
99999999999999999999`` (SQLite and PostgreSQL), ``/register/?page=…``,
``/announcements/440100/0/``, and signed in ``/oversight/overdue/?year=0``, ``POST
/oversight/overdue/propose/`` with ``year=0``, ``/agencies/work-reports/?year=0``. No
input may produce a server error: the named cases, then a generated sweep of every page
route (walking ``greenmfg.urls``) × the common query parameter names × hostile values, for
the public and a few signed-in roles.

ASVS 5.0 1.2 (input validation at every entry point); 等保 8.1.4.4 d (数据有效性检验)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import URLResolver, get_resolver

import greenmfg
from greenmfg.core import clock
from greenmfg.selection import publication
from tests.cast import official_of
from tests.hostile import OBJECTOR, noticed_application
from tests.oversight import filed_form, listed_unit, officer

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


# ---------------------------------------------------------------------------------------
# The generated sweep: every page route × the query parameters × hostile values × roles
# ---------------------------------------------------------------------------------------

#: parameter names the views read (collected from the sources below) and the common
#: names of filters anywhere (a view added later that reads one of them is covered)
COMMON_NAMES = (
    "page", "rpage", "year", "as_of", "on", "from", "to", "q", "status", "state", "level",
    "list_type", "region", "jurisdiction", "sort", "order", "kind", "type", "uscc", "target",
    "object", "action", "only", "flagged", "a", "b", "next", "campaign", "unit", "industry",
    "format", "lang",
)  # fmt: skip
HOSTILE_VALUES = (
    HUGE,
    "0",
    "-1",
    "",
    "绿色制造😀\u202e",
    "a\x00b",
    "x" * 2000,
    "../../../etc/passwd",
    "' OR 1=1 --",
    "2026-02-30",
)
SKIP_PREFIXES = ("admin/", "api/", "i18n/", "lang/", "accounts/logout/")
GET_NAME = re.compile(r"""(?:GET|query_params)(?:\.get|\.getlist)?[\[(]\s*["']([a-z_]+)["']""")


def page_routes() -> list[tuple[str, str]]:
    """(route, view module) of every page of ``greenmfg.urls`` (the API has the
    schemathesis test, the admin its own guards)."""

    def walk(resolver, prefix=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                yield from walk(p, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p.callback

    return [
        (route, getattr(view, "__module__", ""))
        for route, view in walk(get_resolver("greenmfg.urls"))
        if not route.startswith(SKIP_PREFIXES)
    ]


def query_names() -> list[str]:
    """The common names and every name a view of ours reads from the query string."""
    names = set(COMMON_NAMES)
    root = Path(greenmfg.__file__).parent
    for source in root.rglob("*.py"):
        names.update(GET_NAME.findall(source.read_text(encoding="utf-8")))
    return sorted(names)


def concrete(route: str, uuids: list[str]) -> str:
    """``route`` with its parameters filled: a real object's uuid (the first that the
    route's model has, else any), a jurisdiction code, this year, a slug."""
    path = route
    for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
        value = {
            "uuid": uuids[0],
            "int": "2026",
            "slug": "guangzhou",
            "path": "x",
        }.get(conv or "str", "440100")
        path = re.sub(rf"<(?:\w+:)?{name}>", value, path, count=1)
    return "/" + path


@pytest.fixture
def sweep_world(cast, enterprise_user, tianhe_official, city_official):
    """An application in its public notice with an objection, and a listed unit with a
    filed form: the pages of objects have something to show."""
    app, notice = noticed_application(enterprise_user, tianhe_official, city_official)
    with clock.frozen("2026-04-22"):
        publication.objection_submit(
            actor=AnonymousUser(), notice=notice, application=app, data=dict(OBJECTOR)
        )
    unit, user = listed_unit("440106")
    officer(user, unit)
    filed_form(user, unit, on=dt.date(2026, 3, 20))
    return [str(app.uuid), str(notice.uuid)]


#: at least this many pages answer the role and get the hostile values (a guard against
#: a sweep that silently stops reaching the pages)
MIN_SWEPT = {"anonymous": 15, "enterprise_user": 30, "guangzhou": 35, "agency_user": 30}
SWEEP_ROLES = ("anonymous", "enterprise_user", "guangzhou", "agency_user")


@pytest.mark.parametrize("role", SWEEP_ROLES)
def test_no_page_answers_a_server_error_to_hostile_query_values_asvs_1_2(cast, sweep_world, role):
    """Every page route (``greenmfg.urls`` walked) × every query name at once × each
    hostile value, as ``role``: never a 5xx (a refusal, a redirect, a 404 or the page
    with its filter ignored)."""
    user = None if role == "anonymous" else getattr(cast, role)
    client = client_for(user)
    names = query_names()
    routes = page_routes()
    assert len(routes) > 100 and {"page", "year", "q", "state"} <= set(names)
    failures, swept = [], 0
    for route, _module in routes:
        base = concrete(route, sweep_world)
        plain = client.get(base)
        if plain.status_code >= 500:
            failures.append((base, "", plain.status_code))
        if plain.status_code != 200:
            continue  # sign-in, 403, 404, 405: refused before any parameter is read
        swept += 1
        for value in HOSTILE_VALUES:
            query = urlencode(dict.fromkeys(names, value))
            resp = client.get(f"{base}?{query}")
            if resp.status_code >= 500:
                failures.append((base, value[:20], resp.status_code))
    assert not failures, failures
    assert swept >= MIN_SWEPT[role]


def test_a_nul_in_a_query_value_is_a_400_naming_the_parameter_not_a_500(client):
    """PostgreSQL cannot compare a text holding NUL: the value is refused before any view
    (core/text.py ``query_problem``), on pages and in the API."""
    page = client.get("/agencies/", {"q": "a\x00b"})
    assert page.status_code == 400 and "“q”含有控制字符 U+0000" in page.content.decode()
    api = client.get("/api/v1/listings/", {"q": "a\x00b"})
    assert api.status_code == 400 and api.json()["field"] == "q"
