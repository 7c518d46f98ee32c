"""Fidelity, round two (issue 15, items 12 and 13): reporting lines and citations of
the dynamic management articles (002 第十七条—第二十条, 004 第十五条)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core import clock
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.supervision.changes import services as changes
from greenmfg.supervision.dynamic import services as dynamic
from tests.oversight import listed_unit, officer

pytestmark = pytest.mark.django_db


def test_xiamen_dynamic_forms_reviewed_by_the_city_cites_supervision_not_changes_002_19():
    rules = rules_for(Jurisdiction.objects.get(code="350200"), dt.date(2026, 5, 1))
    ref = rules.ref("dynamic.reviewed_by")
    assert rules.get("dynamic.reviewed_by") == "city"
    assert "第十七条" not in ref  # 第十七条 is about changes (复核确认 of a change)
    assert ref.startswith("002 第十九条")


def test_guangzhou_change_is_reported_promptly_and_explained_in_the_form_004_15():
    unit, user = listed_unit("440106", "municipal")
    officer(user, unit)
    with clock.frozen("2026-05-20"):
        form = dynamic.form_create(actor=user, unit=unit, list_type="factory", data_year=2026)
        change = changes.change_report(
            actor=user,
            unit=unit,
            kind="name",
            new_value="新名称有限公司",
            formalities_completed_on=dt.date(2026, 5, 10),
        )
    # 及时报所在区: no fixed day, not deferred to the next form's deadline …
    assert change.due_on is None and not change.late
    assert change.due_ref.startswith("004 第十五条")
    assert "及时报所在区" in change.due_ref
    # … and 在填报动态管理表时予以说明: attached to the unit's open form
    assert change.form == form
