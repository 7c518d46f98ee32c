"""Issue 17, item 11: weak validation — dates from year 1 to 9999 (a change dated
0031-04-08 was accepted), negative output values, names that are one emoji, a 10 MiB
``cultivation_plan``. Now, centrally (``greenmfg.core.text``, the middleware that already
refused control characters, before any form, serializer or view): every submitted text
value is capped at ``MAX_TEXT_CHARS``; an ISO date outside the platform's year range
(``greenmfg.core.dates.YEAR_MIN``–``YEAR_MAX``, 2000–2100; 1900 for a unit's founding
date) is refused; a name without a letter or digit is refused — each 400 naming the
field. Quantities are non-negative (``MinValueValidator(0)`` on the registration's,
checked by the service's full_clean; the dynamic form's service refuses negatives).

A walk over every form and serializer of the platform proves that each text field and
each date field is covered: an over-long value and a year-31 date in that field's name
are refused naming it. ASVS 5.0 1.x/2.2.1; 等保 8.1.4.4 d."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
from decimal import Decimal

import pytest
from django import forms
from django.test import Client, RequestFactory
from rest_framework import serializers
from rest_framework.authtoken.models import Token

import greenmfg
from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.core.text import MAX_TEXT_CHARS, submitted_text_problem
from greenmfg.cultivation import services as pool
from tests import cycle
from tests.oversight import listed_unit

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=user).key}"
    return client


def test_a_change_dated_0031_04_08_is_refused_naming_the_field():
    unit, user = listed_unit("440106")
    with clock.frozen("2026-05-06"):
        resp = api(user).post(
            "/api/v1/change-reports/",
            {
                "unit": str(unit.uuid),
                "kind": "name",
                "new_value": "广州新名称制造有限公司",
                "formalities_completed_on": "0031-04-08",
            },
            content_type="application/json",
        )
    assert resp.status_code == 400
    assert resp.json()["field"] == "formalities_completed_on"
    assert "0031-04-08" in resp.json()["detail"] and "2000" in resp.json()["detail"]


def test_a_10_mib_cultivation_plan_is_refused_naming_the_field(enterprise, enterprise_user):
    data = cycle.registration_data(cultivation_plan="x" * (10 * 1024 * 1024))
    data = {k: str(v) if isinstance(v, Decimal | dt.date) else v for k, v in data.items()}
    with clock.frozen(cycle.JANUARY):
        resp = api(enterprise_user).post(
            "/api/v1/registrations/",
            {"list_type": "factory", **data},
            content_type="application/json",
        )
    assert resp.status_code == 400
    assert resp.json()["field"] == "cultivation_plan"
    assert not enterprise.registrations.exists()


def test_a_negative_output_value_is_refused(enterprise, enterprise_user):
    with clock.frozen(cycle.JANUARY), pytest.raises(Exception) as refused:
        pool.registration_create(
            actor=enterprise_user,
            unit=enterprise,
            list_type="factory",
            data=cycle.registration_data(output_value=Decimal("-5")),
        )
    assert "output_value" in getattr(refused.value, "message_dict", {}), refused.value
    assert not isinstance(refused.value, RuleViolation)


@pytest.mark.parametrize("name", ["😀", "  🌿🌿 ", "！？。", "\u200d"])
def test_a_name_that_is_one_emoji_or_only_symbols_is_refused(name):
    problem = submitted_text_problem(post({"objector_name": name}))
    assert problem is not None and problem[0] == "objector_name"


@pytest.mark.parametrize("name", ["王五", "3M中国有限公司", "ABC Ltd."])
def test_real_names_pass(name):
    assert submitted_text_problem(post({"objector_name": name})) is None


def test_a_units_founding_date_may_be_before_the_platform_but_not_year_31():
    assert submitted_text_problem(post({"established_on": "1985-06-01"})) is None
    assert submitted_text_problem(post({"established_on": "0031-04-08"})) is not None
    assert submitted_text_problem(post({"found_on": "1999-12-31"})) is not None
    assert submitted_text_problem(post({"found_on": "2026-04-08"})) is None


def post(data: dict, *, as_form: bool = False):
    factory = RequestFactory()
    if as_form:
        return factory.post("/x/", data)
    return factory.post("/x/", json.dumps(data), content_type="application/json")


# --- the walk ---------------------------------------------------------------------------------


def _import_all() -> None:
    for info in pkgutil.walk_packages(greenmfg.__path__, "greenmfg."):
        leaf = info.name.rsplit(".", 1)[-1]
        if leaf in ("forms", "serializers", "api", "views", "report_form", "admin"):
            importlib.import_module(info.name)


def _subclasses(base) -> set[type]:
    found, todo = set(), [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return {c for c in found if c.__module__.startswith("greenmfg.")}


def _fields(cls) -> dict:
    if issubclass(cls, forms.BaseForm):
        return dict(cls.base_fields)
    try:
        return dict(cls().fields)
    except Exception:  # noqa: BLE001 - a serializer that needs its context: its declared fields
        return dict(getattr(cls, "_declared_fields", {}))


TEXT = (forms.CharField, serializers.CharField)
NOT_TEXT = (
    forms.ChoiceField,
    forms.URLField,
    serializers.ChoiceField,
    serializers.UUIDField,
    serializers.SlugRelatedField,
)
DATES = (forms.DateField, serializers.DateField, forms.DateTimeField, serializers.DateTimeField)


def text_and_date_fields() -> list[tuple[str, str, str]]:
    _import_all()
    rows = []
    for base in (forms.BaseForm, serializers.BaseSerializer):
        for cls in _subclasses(base):
            for name, field in _fields(cls).items():
                if getattr(field, "read_only", False) or getattr(field, "disabled", False):
                    continue
                if isinstance(field, DATES):
                    rows.append((cls.__qualname__, name, "date"))
                elif isinstance(field, TEXT) and not isinstance(field, NOT_TEXT):
                    rows.append((cls.__qualname__, name, "text"))
    return rows


def test_every_text_field_has_a_cap_and_every_date_field_a_range():
    rows = text_and_date_fields()
    kinds = {kind for _c, _n, kind in rows}
    assert len(rows) > 100 and kinds == {"text", "date"}, len(rows)
    problems = []
    for cls, name, kind in rows:
        value = "0031-04-08" if kind == "date" else "字" * (MAX_TEXT_CHARS + 1)
        for as_form in (False, True):
            found = submitted_text_problem(post({name: value}, as_form=as_form))
            if found is None or found[0] != name or name not in found[1]:
                problems.append(f"{cls}.{name} ({kind}): {value[:12]}… not refused: {found}")
    assert not problems, "\n".join(problems[:40])
