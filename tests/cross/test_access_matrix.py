"""The access matrix (issue 8): every page and every API operation × every role × an
object inside and outside the user's jurisdiction or organisation.

The tests are generated from the URLconf (``get_resolver`` walk) and the OpenAPI schema
(drf-spectacular): a URL or an API operation missing from the tables of
``tests/access_matrix.py`` fails the inventory tests with the line to add. The world
(tests/access_matrix.py) is seeded once for the module; every request runs in a
savepoint that is rolled back, so no request sees another's effects.

What is asserted (docs/security.md, “The access matrix”):

- an object URL answers 200 to the roles of its ``ok`` set for that side and 403/404 (the
  anonymous: the sign-in page, or 401/403 for the API) to every other role;
- a write (POST/PATCH/PUT) by a role outside the ``ok`` set is refused with 403/404 and
  changes nothing (no audit event, the object's row unchanged);
- no response to any role ever contains a marker that role may not read (private
  fields of objects outside its scope, identities of objectors and complainants, blind
  expert scores, operating figures on public pages);
- public identifiers in URLs are UUIDs, never sequential integers;
- the Django admin is for staff only.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter, UUIDConverter

from greenmfg.core import clock
from tests.access_matrix import (
    ANONYMOUS,
    CASES,
    PAGES,
    REFERENCES,
    ROLES,
    SHADOWED,
    TODAY,
    Marker,
    build_world,
)

pytestmark = pytest.mark.django_db

UUID_RE = re.compile(
    r"^\[0-9a-fA-F\]\{8\}-\[0-9a-fA-F\]\{4\}-\[0-9a-fA-F\]\{4\}-\[0-9a-fA-F\]\{4\}-"
    r"\[0-9a-fA-F\]\{12\}$"
)
#: URL kwargs that are integers on purpose (a year is not an identifier)
INT_KWARGS_ALLOWED = {
    ("announcement_year", "year"): "a calendar year, public, not an identifier",
    ("summary_detail", "year"): "a calendar year of a jurisdiction's summary (scoped)",
    ("summary_download", "year"): "a calendar year of a jurisdiction's summary (scoped)",
}
#: the Django admin (staff only, asserted below) is not in the matrix; static files are
#: served by WhiteNoise before the URLconf and uploads never by a URL (MEDIA_ROOT is not
#: mounted: downloads go through the scoped views above)
EXCLUDED_PREFIXES = ("admin/",)
#: what a refusal may look like
DENIED_WEB = {403, 404}
DENIED_API = {403, 404}
ANON_API = {401, 403}


# --- the URLconf and the OpenAPI schema ---------------------------------------------------


def _walk(resolver=None, prefix="", converters=None):
    """(route, name, {kwarg: converter or regex}) of every URL pattern."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        conv = dict(converters or {})
        conv.update(getattr(p.pattern, "converters", {}) or {})
        if getattr(p.pattern, "regex", None) is not None:
            for group, rx in _regex_groups(p.pattern.regex.pattern).items():
                conv.setdefault(group, rx)
        if isinstance(p, URLResolver):
            yield from _walk(p, prefix + str(p.pattern), conv)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.name, conv


def _regex_groups(rx: str) -> dict[str, str]:
    return dict(re.findall(r"\(\?P<(\w+)>([^)]*)\)", rx))


def url_patterns() -> list[tuple[str, str, dict]]:
    return [
        (route, name, conv)
        for route, name, conv in _walk()
        if not route.startswith(EXCLUDED_PREFIXES) and name is not None
    ]


def unnamed_patterns() -> list[str]:
    return [
        route
        for route, name, _conv in _walk()
        if name is None and not route.startswith(EXCLUDED_PREFIXES)
    ]


OBJECT_NAMES = sorted({name for _r, name, conv in url_patterns() if conv})
PAGE_NAMES = sorted({name for _r, name, conv in url_patterns() if not conv})


def openapi_operations() -> list[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method)
        for path, ops in schema["paths"].items()
        for method in ops
        if method in ("get", "post", "put", "patch", "delete")
    ]


# --- the world, signed-in clients, one request ------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded world and one signed-in client per role, for the whole module (rolled
    back at the end)."""
    media = str(tmp_path_factory.mktemp("access_matrix_media"))
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, GREENMFG_OTP_REQUIRED=False),
        transaction.atomic(),
    ):
        w = build_world(media)
        w.clients = {}
        for role in ROLES:
            client = Client()
            if role != ANONYMOUS:
                client.force_login(w.users[role])
            w.clients[role] = client
        yield w
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _matrix_settings(_test_settings, settings, world):
    """The world's uploads, the platform date of the matrix."""
    settings.MEDIA_ROOT = world.media_root
    with clock.frozen(TODAY):
        yield


def body_text(resp) -> str:
    """The response's text: streamed files read, an XLSX's XML unzipped (a PDF's text is
    compressed: it is public data only and not searched)."""
    # (the test client closed the response already; a streamed one closes once read:
    # closing it again here would close the database connection on PostgreSQL)
    raw = b"".join(resp.streaming_content) if resp.streaming else resp.content
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "".join(
                z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
            )
    return raw.decode("utf-8", "replace")


def snapshot(target) -> tuple:
    """What a refused write must leave unchanged: the audit record's length and the
    target's row."""
    from greenmfg.audit.models import AuditEvent

    row = None
    if target is not None:
        row = type(target).objects.filter(pk=target.pk).values().first()
    return AuditEvent.objects.count(), row


def call(world, role, method, url, data=None, *, api=False, multipart=False, target=None):
    """One request in a savepoint rolled back afterwards: (status, text, whether a write
    changed the target or the audit record, the response)."""
    client = world.clients[role]
    with transaction.atomic():
        before = snapshot(target) if method != "get" else None
        if method == "get":
            resp = client.get(url, data or None)
        elif api and not multipart:
            resp = getattr(client, method)(url, data or {}, content_type="application/json")
        else:  # a form, or a multipart upload
            resp = getattr(client, method)(url, data or {})
        text = body_text(resp)
        changed = method != "get" and snapshot(target) != before
        transaction.set_rollback(True)
    return resp.status_code, text, changed, resp


def leaks(world, role, text) -> list[Marker]:
    return [m for m in world.forbidden_for(role) if m.text in text]


def is_api(name: str) -> bool:
    return name.startswith("api-") or name in ("schema", "swagger-ui", "redoc")


def denied(role: str, api: bool, status: int, resp) -> bool:
    if role == ANONYMOUS:
        if api:
            return status in ANON_API | {404}
        return status == 302 and "/accounts/login/" in resp.get("Location", "")
    return status in (DENIED_API if api else DENIED_WEB)


def marker(world, side: str, what: str) -> Marker:
    return next(m for m in world.markers if m.side == side and m.what == what)


def body_for(spec, world, side):
    return spec(world, side) if callable(spec) else dict(spec or {})


# --- inventories: a view or an API operation not in the matrix fails ------------------------


def test_every_url_of_the_urlconf_is_in_the_access_matrix_asvs_8_2_1():
    """A new view must be added to tests/access_matrix.py: CASES (with parameters) or
    PAGES (without), with who may see it — else this fails."""
    missing = []
    for _route, name, conv in url_patterns():
        if name in SHADOWED:
            continue
        table = "CASES" if conv else "PAGES"
        if name not in (CASES if conv else PAGES):
            missing.append(f"{name} ({_route}) -> add it to {table} in tests/access_matrix.py")
    assert not missing, "views not covered by the access matrix:\n" + "\n".join(missing)
    stale = sorted((set(CASES) | set(PAGES)) - set(OBJECT_NAMES) - set(PAGE_NAMES))
    assert not stale, f"entries of the matrix for URL names that no longer exist: {stale}"
    assert not unnamed_patterns(), "name every URL pattern so the matrix can cover it"


def test_shadowed_routes_are_answered_by_the_route_listed_asvs_8_2_1(world):
    for name, answered_by in SHADOWED.items():
        path = reverse(name, kwargs={"uuid": world.obj("A", "application").uuid})
        assert resolve(path).url_name != name
        assert answered_by in CASES
    for _route, name, conv in url_patterns():
        if conv and "uuid" in conv and name not in SHADOWED and name in CASES:
            case = CASES[name]
            path = reverse(name, kwargs=case.url_kwargs(world, case.sides[0]))
            assert resolve(path).url_name == name, (
                f"{name} is never reached ({path} answers {resolve(path).url_name}): "
                "list it in SHADOWED"
            )


def test_every_api_operation_of_the_openapi_schema_is_in_the_access_matrix_asvs_8_2_1(world):
    """Each path × method of /api/schema/ resolves to a URL name of the matrix that
    calls that method."""
    missing = []
    a_uuid = str(uuid.uuid4())
    for path, method in openapi_operations():
        concrete = re.sub(r"\{[^}]+\}", a_uuid, path)
        match = resolve(concrete)
        name = SHADOWED.get(match.url_name, match.url_name)
        entry = CASES.get(name) or PAGES.get(name)
        if entry is None:
            missing.append(f"{method.upper()} {path} ({name}): add it to tests/access_matrix.py")
        elif method not in entry.methods:
            missing.append(f"{method.upper()} {path} ({name}): add {method!r} to its methods")
    assert not missing, "API operations not covered by the access matrix:\n" + "\n".join(missing)


def test_public_identifiers_in_urls_are_uuids_never_sequential_ids_asvs_8_2_2():
    problems = []
    for route, name, conv in url_patterns():
        for kwarg, c in conv.items():
            if isinstance(c, IntConverter) and (name, kwarg) not in INT_KWARGS_ALLOWED:
                problems.append(f"{name}: <int:{kwarg}> ({route})")
            if re.search(r"(^|_)(pk|id)$", kwarg):
                problems.append(f"{name}: {kwarg} is a sequential id ({route})")
            if kwarg in ("uuid", "assignment"):
                ok = isinstance(c, UUIDConverter) or (isinstance(c, str) and UUID_RE.match(c))
                if not ok:
                    problems.append(f"{name}: <{kwarg}> is not matched as a UUID ({route})")
    assert not problems, "URLs must address objects by UUID:\n" + "\n".join(problems)


# --- the matrix ---------------------------------------------------------------------------


#: who GETs an action that only takes POST (the refusal does not depend on the user)
GET_OF_ACTION_ROLES = (ANONYMOUS, "enterprise", "national")


@pytest.mark.parametrize("name", OBJECT_NAMES)
def test_object_url_answers_only_the_roles_whose_scope_holds_the_object_asvs_8_2_2_djbh_8_1_4_2_f(
    world, name
):
    """Every role × every side: 200 for the ``ok`` roles, 403/404 for the others, no
    marker outside the role's scope in any answer; writes by the others are refused and
    change nothing; an action that only takes POST refuses GET."""
    if name in SHADOWED:
        pytest.skip(f"never reached: {SHADOWED[name]} answers its path")
    case = CASES[name]
    api = is_api(name)
    problems: list[str] = []
    for side in case.sides:
        url = reverse(name, kwargs=case.url_kwargs(world, side))
        target = case.target(world, side)
        calls = [(role, m) for role in case.roles or ROLES for m in case.methods]
        if "get" not in case.methods:
            calls = [(role, "get") for role in GET_OF_ACTION_ROLES] + calls
        for role, method in calls:
            allowed = role in case.ok[side]
            if method != "get" and (allowed or case.public_write):
                continue  # insiders' writes are the workflow tests' business
            data = body_for(case.body, world, side) if method != "get" else None
            status, text, changed, resp = call(
                world, role, method, url, data, api=api, multipart=case.multipart, target=target
            )
            where = f"{method.upper()} {side} as {role}: {status}"
            if status >= 500:
                problems.append(f"{where} server error")
            for m in leaks(world, role, text):
                problems.append(f"{where} shows {m.what} of side {m.side} ({m.text})")
            if method == "get" and "get" not in case.methods:
                if status not in (405, 302, 403, 404):
                    problems.append(f"{where}, expected 405 for GET of an action")
            elif method == "get":
                if allowed and status != 200:
                    problems.append(f"{where}, expected 200")
                if not allowed and not denied(role, api, status, resp):
                    problems.append(f"{where}, expected a refusal")
                shown = marker(world, side, case.shows).text if case.shows else ""
                if allowed and status == 200 and shown not in text:
                    problems.append(f"{where} does not show its {case.shows}")
            else:
                if not denied(role, api, status, resp):
                    problems.append(f"{where}, expected 403/404 for an outsider's write")
                if changed:
                    problems.append(f"{where} CHANGED the object or the audit record")
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_page_without_parameters_shows_nothing_outside_the_users_scope_asvs_8_2_1_djbh_8_1_4_2_e(
    world, name
):
    """Lists, forms and public pages as every role: no marker outside the role's scope,
    no server error; public pages answer everyone, the others send the anonymous to sign
    in; actions refuse the anonymous and the roles that may not act, and change nothing."""
    page = PAGES[name]
    api = is_api(name)
    url = reverse(name)
    problems: list[str] = []
    calls = [(role, m) for role in page.roles or ROLES for m in page.methods]
    if "get" not in page.methods:
        calls = [(role, "get") for role in GET_OF_ACTION_ROLES] + calls
    for role, method in calls:
        outsider = role == ANONYMOUS or (page.acts is not None and role not in page.acts)
        if method != "get" and (page.public_write or not outsider):
            continue
        status, text, changed, resp = call(world, role, method, url, {}, api=api)
        where = f"{method.upper()} as {role}: {status}"
        if status >= 500:
            problems.append(f"{where} server error")
        for m in leaks(world, role, text):
            problems.append(f"{where} shows {m.what} of side {m.side} ({m.text})")
        if method == "get" and "get" in page.methods:
            if page.public and status != 200:
                problems.append(f"{where}, a public page must answer 200")
            if not page.public and role == ANONYMOUS and not denied(role, api, status, resp):
                problems.append(f"{where}, the anonymous must be sent to sign in")
        elif method == "get":
            if status not in (405, 302, 401, 403, 404):
                problems.append(f"{where}, expected 405 for GET of an action")
        else:
            # a public page ignores what it does not take from the anonymous; a signed-in
            # user's refused action may come back with the reasons (302, 400, 409)
            refused = denied(role, api, status, resp) or (
                role != ANONYMOUS and status in (302, 400, 409)
            )
            if not page.public and not refused:
                problems.append(f"{where}, a write by a role that may not act must be refused")
            if changed:
                problems.append(f"{where} CHANGED the audit record")
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("what", sorted(REFERENCES))
def test_object_named_in_a_request_body_is_looked_up_within_the_users_scope_asvs_8_2_2_8_3_1(
    world, what
):
    """IDOR through the body: a side-A user naming side B's object is refused (400, 403,
    404, or the form shown again with its error) and nothing changes."""
    ref = REFERENCES[what]
    url = reverse(ref.name, kwargs=ref.kwargs(world) if ref.kwargs else None)
    data = ref.query(world) if ref.query else (ref.body(world) if callable(ref.body) else ref.body)
    status, text, changed, _resp = call(
        world, ref.role, ref.method, url, data, api=is_api(ref.name), target=None
    )
    assert status in (200, 302, 400, 403, 404), (what, status)
    assert not changed, f"{what}: the write went through ({status})"
    assert not leaks(world, ref.role, text), (what, leaks(world, ref.role, text))


PUBLIC_PAGES = [n for n, p in PAGES.items() if p.public and n != "schema"] + [
    n for n, c in CASES.items() if c.ok["A"] == frozenset(ROLES) and "get" in c.methods
]


def test_public_pages_never_show_private_fields_asvs_8_2_3_djbh_8_1_4_11(world):
    """Register, notices, rules, announcements, spot checks, agencies, the complaint
    form and the public API, as the anonymous: no objector's or complainant's identity,
    no statement, no operating figure from forms or reports, no private unit."""
    problems = []
    private = [m for m in world.markers if ANONYMOUS not in m.seen_by]
    assert {m.what for m in private} >= {
        "objector name",
        "complainant name",
        "objection statement",
        "operating figure",
        "report item note",
        "expert comments",
    }
    for name in sorted(PUBLIC_PAGES):
        sides = CASES[name].sides if name in CASES else ("A",)
        for side in sides:
            kwargs = CASES[name].url_kwargs(world, side) if name in CASES else None
            status, text, _c, _r = call(world, ANONYMOUS, "get", reverse(name, kwargs=kwargs))
            assert status == 200, (name, side, status)
            problems += [f"{name} ({side}) shows {m.what}" for m in private if m.text in text]
    assert not problems, "\n".join(problems)


def test_django_admin_is_for_staff_only_others_are_sent_to_its_sign_in_asvs_8_2_1(world):
    for role in ROLES:
        user = world.users[role] or AnonymousUser()
        status, _text, _c, resp = call(world, role, "get", "/admin/")
        if user.is_authenticated and user.is_staff:
            assert status == 200, role
        else:
            assert status == 302 and resp["Location"].startswith("/admin/login/"), (role, status)
