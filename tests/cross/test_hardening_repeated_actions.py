"""Issue 17, item 13: repeating a review answered 403 (“当前角色不能执行此操作”) where
docs/api.md documents 409, and the 409 of a compare-and-set conflict said nothing of the
object. Now a repeated transition answers **409 with the object's current state**
everywhere: the reviews of registrations and applications tell *who* reviews (403 for
the others) from *whether a review is pending* (409, ``*.no_pending_review``, naming the
state), every 409 of an object's API endpoint carries ``state`` and ``state_label``, and
a conflict's page message names the state too.

The sweep goes over every API action endpoint of the access matrix (its world, its valid
bodies): each role allowed to act does it, and where that succeeds repeats it at once.
ASVS 5.0 2.3.1 (business logic flows in order), 等保 8.1.4.4 d."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.authtoken.models import Token

from greenmfg.core import clock
from greenmfg.cultivation import services as pool
from greenmfg.cultivation.models import RegistrationState
from tests import cycle
from tests.access_matrix import ANONYMOUS, CASES, ROLES, TODAY, build_world

pytestmark = pytest.mark.django_db

#: the action endpoints whose first call succeeds in the matrix's world (the others are
#: refused by the world's states or dates before acting: their repeat is that refusal)
MUST_SUCCEED = {
    "api-registrations-review",
    "api-objections-handle",
    "api-opinions-resolve",
    "api-dynamic-forms-review",
    "api-on-site-checks-outcome",
    "api-change-reports-review",
    "api-incidents-report",
    "api-removal-proposals-decide",
    "api-spot-checks-result",
    "api-complaints-handle",
    "api-agency-projects-confirm",
}

#: markers, not transitions (issue 18 item 3): a notification marked read stays read, so
#: marking it again answers 200 with the same notification (docs/api.md)
IDEMPOTENT = {"api-notifications-read", "api-notifications-read-all"}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The access matrix's world and a signed-in client per role (rolled back after)."""
    media = str(tmp_path_factory.mktemp("repeat_media"))
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


def body_for(spec, world, side):
    return spec(world, side) if callable(spec) else dict(spec or {})


def api_actions() -> list[str]:
    return [n for n, c in CASES.items() if n.startswith("api-") and "post" in c.methods]


def test_every_api_action_repeated_after_success_answers_409_with_the_state_asvs_2_3_1(
    world, settings
):
    settings.MEDIA_ROOT = world.media_root
    succeeded, problems = set(), []
    with clock.frozen(TODAY):
        for name in api_actions():
            case = CASES[name]
            url = reverse(name, kwargs=case.url_kwargs(world, "A"))
            kw = {} if case.multipart else {"content_type": "application/json"}
            for role in sorted(case.ok["A"] - {ANONYMOUS}):
                client = world.clients[role]
                with transaction.atomic():
                    first = client.post(url, body_for(case.body, world, "A"), **kw)
                    again = client.post(url, body_for(case.body, world, "A"), **kw)
                    transaction.set_rollback(True)
                if not 200 <= first.status_code < 300:
                    continue
                succeeded.add(name)
                body = again.json()
                where = f"{name} as {role}: {again.status_code} {body}"
                if name in IDEMPOTENT:
                    if again.status_code != 200:
                        problems.append(f"{where}, expected 200 (idempotent)")
                elif again.status_code != 409:
                    problems.append(f"{where}, expected 409")
                elif not body.get("reasons") or not body["reasons"][0].get("message"):
                    problems.append(f"{where}, expected a reason")
                elif (
                    case.key
                    and "state" in {f.name for f in type(case.target(world, "A"))._meta.fields}
                    and not (body.get("state") and body.get("state_label"))
                ):
                    problems.append(f"{where}, expected the current state")
    assert not problems, "\n".join(problems)
    assert succeeded >= MUST_SUCCEED, MUST_SUCCEED - succeeded


@pytest.fixture
def submitted(enterprise, enterprise_user):
    with clock.frozen(cycle.JANUARY):
        reg = pool.registration_create(
            actor=enterprise_user,
            unit=enterprise,
            list_type="factory",
            data=cycle.registration_data(),
        )
        return pool.registration_submit(actor=enterprise_user, registration=reg)


def api(user) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def test_a_repeated_registration_review_answers_409_with_the_state_not_403_004_9(
    submitted, tianhe_official, city_official
):
    district, city = api(tianhe_official), api(city_official)
    url = f"/api/v1/registrations/{submitted.uuid}/review/"
    with clock.frozen(cycle.JANUARY):
        assert district.post(url, {"decision": "approve", "reason": "符合"}).status_code == 200
        again = district.post(url, {"decision": "approve", "reason": "符合"})
        assert again.status_code == 409, again.content
        body = again.json()
        assert body["state"] == RegistrationState.PRELIMINARY_APPROVED
        assert body["reasons"][0]["code"] == "registration.no_pending_review"
        assert str(RegistrationState.PRELIMINARY_APPROVED.label) in body["reasons"][0]["message"]
        assert city.post(url, {"decision": "approve", "reason": "符合"}).status_code == 200
        for client in (city, district):
            again = client.post(url, {"decision": "approve", "reason": "符合"})
            assert again.status_code == 409
            assert again.json()["state"] == RegistrationState.ACCEPTED


def test_who_may_not_review_still_gets_403(submitted, enterprise_user, yuexiu_official):
    url = f"/api/v1/registrations/{submitted.uuid}/review/"
    with clock.frozen(cycle.JANUARY):
        assert api(enterprise_user).post(url, {"decision": "approve"}).status_code in (403, 404)
        assert api(yuexiu_official).post(url, {"decision": "approve"}).status_code in (403, 404)


def test_a_repeated_registration_review_on_the_page_names_the_state(submitted, tianhe_official):
    client = Client()
    client.force_login(tianhe_official)
    url = reverse("registration_review", kwargs={"uuid": submitted.uuid})
    with clock.frozen(cycle.JANUARY):
        client.post(url, {"decision": "approve", "reason": "符合"})
        resp = client.post(url, {"decision": "approve", "reason": "符合"})
    texts = [str(m) for m in get_messages(resp.wsgi_request)]
    assert any(str(RegistrationState.PRELIMINARY_APPROVED.label) in t for t in texts), texts


def test_a_repeated_application_review_answers_409_with_the_state_004_10(
    enterprise, enterprise_user, tianhe_official, city_official
):
    cycle.candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = cycle.submitted_report(enterprise_user, enterprise)
    app = cycle.submitted_application(enterprise_user, enterprise, city_official, rep)
    url = f"/api/v1/applications/{app.uuid}/review/"
    district = api(tianhe_official)
    with clock.frozen(cycle.APRIL):
        first = district.post(url, {"decision": "approve", "reason": "同意推荐"})
        assert first.status_code == 200, first.content
        again = district.post(url, {"decision": "approve", "reason": "同意推荐"})
    assert again.status_code == 409, again.content
    assert again.json()["reasons"][0]["code"] == "application.no_pending_review"
    app.refresh_from_db()
    assert again.json()["state"] == app.state
