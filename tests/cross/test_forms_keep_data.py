"""Issue 18 item 1: no form loses data — in the Chinese UI (the default), every date field
renders ISO (``<input type="date">`` rejects ``2026/04/08``) and round-trips unchanged; the
registration form keeps its 清洁生产企业 expiry through edit → save, marks what the ruleset
requires, is not offered outside its window or to a candidate; the self-evaluation report saves
every section at once and keeps what was typed when a save is refused."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

import greenmfg
from greenmfg.core import clock
from greenmfg.cultivation import services as pool
from greenmfg.cultivation.models import Registration
from tests.cycle import JANUARY, candidate, registration_data

D = dt.date
DAY = D(2026, 4, 8)


def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the package (each app's forms modules and views)."""
    found: dict[str, type] = {}
    for mod in pkgutil.walk_packages(greenmfg.__path__, "greenmfg."):
        if not (mod.name.endswith(".forms") or mod.name.endswith(".views")):
            continue
        module = importlib.import_module(mod.name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, forms.BaseForm) and obj.__module__.startswith("greenmfg."):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return list(found.values())


def _date_fields():
    out = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                out.append((f"{cls.__module__}.{cls.__qualname__}.{name}", field))
    return out


def test_the_walk_finds_the_date_fields_of_the_forms():
    names = [n for n, _f in _date_fields()]
    assert "greenmfg.cultivation.forms.RegistrationForm.clean_production_valid_until" in names
    assert any(n.endswith(".start") for n in names)  # the notice's start date (selection)
    assert len(names) >= 10


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_field_renders_iso_and_round_trips_unchanged(language):
    failures = []
    with translation.override(language):
        for name, field in _date_fields():
            value = DAY if isinstance(field, forms.DateField) else dt.datetime(2026, 4, 8, 9, 30)
            html = field.widget.render("x", value)
            rendered = re.search(r'value="([^"]*)"', html).group(1)
            if not rendered.startswith("2026-04-08"):
                failures.append((name, rendered))
                continue
            if field.clean(rendered) != value:
                failures.append((name, rendered, field.clean(rendered)))
    assert failures == []


def _inputs(html: str) -> dict[str, str]:
    """The values a browser would post back from the page's form (inputs, checked boxes,
    selected options, textareas)."""
    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or "csrfmiddlewaretoken" in tag:
            continue
        kind = (re.search(r'type="([^"]+)"', tag) or [None, "text"])[1]
        if kind in ("checkbox", "radio") and " checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data.setdefault(name[1], []).append(value[1] if value else "on")
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data.setdefault(name, []).append(body.strip())
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen or [""]
    return data


def test_registration_draft_keeps_its_clean_production_expiry_through_edit_and_save_in_chinese(
    client, enterprise_user, enterprise
):
    with clock.frozen(JANUARY):
        reg = pool.registration_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", data=registration_data()
        )
    expiry = reg.clean_production_valid_until
    client.force_login(enterprise_user)
    url = reverse("registration_edit", args=[reg.uuid])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh-hans"' in html
    assert f'value="{expiry.isoformat()}"' in html
    posted = _inputs(html)
    with clock.frozen(JANUARY):
        resp = client.post(url, posted, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert resp.status_code == 302
    reg.refresh_from_db()
    assert reg.clean_production_valid_until == expiry
    assert reg.management_systems == registration_data()["management_systems"]


def test_guangzhou_marks_the_clean_production_certificate_required_for_factories_004_7(
    client, enterprise_user, enterprise
):
    client.force_login(enterprise_user)
    with clock.frozen(JANUARY):
        html = client.get(reverse("registration_new")).content.decode()
    # the certificate's expiry carries the article of Guangzhou's entry condition
    field = re.search(
        r'<div class="field[^"]*">\s*<label for="id_clean_production_valid_until".*?</div>',
        html,
        re.S,
    )
    assert field and "required" in field[0].split(">")[0]
    assert "004 第七条(一)2" in field[0]
    assert 'aria-required="true"' in field[0]


def test_registration_form_is_not_offered_outside_guangzhous_january_window_004_9(
    client, enterprise_user
):
    client.force_login(enterprise_user)
    with clock.frozen(D(2026, 3, 2)):
        html = client.get(reverse("registration_new")).content.decode()
        listing = client.get(reverse("registration_list")).content.decode()
    assert 'data-testid="registration-form"' not in html
    assert 'data-testid="registration-closed"' in html and "004 第九条" in html
    assert 'data-testid="registration-new"' not in listing
    with clock.frozen(JANUARY):
        assert (
            'data-testid="registration-form"'
            in client.get(reverse("registration_new")).content.decode()
        )


def test_registration_form_is_not_offered_to_a_unit_already_a_candidate(
    client, enterprise_user, enterprise, tianhe_official, city_official
):
    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    client.force_login(enterprise_user)
    with clock.frozen(JANUARY):
        html = client.get(reverse("registration_new")).content.decode()
        types, reasons = pool.offered_list_types(enterprise, JANUARY)
    # the factory is taken; only the types still open are offered
    assert "factory" not in types
    assert 'value="factory"' not in html


def test_registration_edit_shows_only_the_sections_of_its_list_type(
    client, enterprise_user, enterprise
):
    with clock.frozen(JANUARY):
        reg = pool.registration_create(
            actor=enterprise_user, unit=enterprise, list_type="factory", data=registration_data()
        )
    client.force_login(enterprise_user)
    html = client.get(reverse("registration_edit", args=[reg.uuid])).content.decode()
    assert "仅绿色工业园区填写" not in html and "仅绿色设计产品填写" not in html
    assert "清洁生产与管理体系" in html
    new = client.get(reverse("registration_new")).content.decode()
    # the new form carries every section, each marked with its list types for the page to show
    assert 'data-list-types="park"' in new or "仅绿色工业园区填写" not in new
    assert 'data-list-types="design_product"' in new
    assert Registration.objects.count() == 1


def _report(enterprise_user, enterprise):
    from greenmfg.selection import reports

    with clock.frozen(DAY):
        return reports.report_create(actor=enterprise_user, unit=enterprise, list_type="factory")


def test_saving_one_report_section_saves_what_was_typed_in_the_others(
    client, enterprise_user, enterprise
):
    rep = _report(enterprise_user, enterprise)
    client.force_login(enterprise_user)
    url = reverse("report_detail", args=[rep.uuid])
    html = client.get(url).content.decode()
    # one form: every section's inputs belong to it, every save button submits it
    assert html.count('form="report-form"') > 20
    assert "data-unsaved-warning" in html
    with clock.frozen(DAY):
        resp = client.post(
            reverse("report_save", args=[rep.uuid]),
            {"section": "2", "v_B25-BR-1": "true", "n_B25-BR-1": "见附件", "v_C-12": "true"},
        )
    assert resp.status_code == 302 and resp["Location"].endswith("#s2")
    saved = {i.indicator_code: i for i in rep.items.all()}
    assert set(saved) >= {"B25-BR-1", "C-12"}
    assert saved["B25-BR-1"].note == "见附件"


def test_a_refused_report_save_shows_everything_as_typed(client, enterprise_user, enterprise):
    rep = _report(enterprise_user, enterprise)
    client.force_login(enterprise_user)
    with clock.frozen(DAY):
        resp = client.post(
            reverse("report_save", args=[rep.uuid]),
            {
                "section": "1",
                "v_C-04": "13",
                "v_B25-BR-1": "",
                "n_B25-BR-1": "在别的小节里写的说明",
            },
        )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert 'class="msg error' in html
    assert "在别的小节里写的说明" in html
    assert not rep.items.exists()


def test_an_evidence_upload_in_place_returns_only_the_indicators_list(
    client, enterprise_user, enterprise
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    rep = _report(enterprise_user, enterprise)
    client.force_login(enterprise_user)
    pdf = SimpleUploadedFile("证明.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n")
    url = reverse("report_evidence", args=[rep.uuid])
    with clock.frozen(DAY):
        resp = client.post(url, {"indicator_code": "C-04", "file": pdf}, HTTP_HX_REQUEST="true")
    html = resp.content.decode()
    assert html.startswith('<div id="evidence-C-04"') and "证明.pdf" in html
    pdf.seek(0)
    with clock.frozen(DAY):
        resp = client.post(url, {"indicator_code": "C-04", "file": pdf})
    assert resp["Location"].endswith("#ind-C-04")
