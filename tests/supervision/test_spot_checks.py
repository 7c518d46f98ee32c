"""Random spot checks (双随机、一公开): who draws (dynamic.spot_checks_by: 004 第十四条
district, 002 第十九条 and 003 第十六条 city, 000 第二十条 province), reproducible draws
(same seed, same draw), uniform selection (chi-square with a fixed seed), anomaly
weighting, published results without inspectors' names."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from greenmfg.core import clock
from greenmfg.core.decisions import RuleViolation
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.supervision.models import AnomalyFlag, DynamicForm, SpotResult
from greenmfg.supervision.spot_checks import services as spot_checks
from tests.oversight import city_official, district_official, expert, listed_unit

pytestmark = pytest.mark.django_db


def population(district: str, n: int):
    return [listed_unit(district)[0] for _ in range(n)]


def pool(official, n: int):
    people = [
        expert(username=f"insp_{official.username}_{i}", real_name=f"检查专家{i}") for i in range(n)
    ]
    with clock.frozen("2026-06-01"):
        for p in people:
            spot_checks.inspector_add(actor=official, user=p)
    return people


def draw(official, *, seed=20260601, count=3, **kw):
    with clock.frozen("2026-06-02"):
        return spot_checks.spot_check_draw(
            actor=official,
            authority=official.authority.jurisdiction,
            year=2026,
            count=count,
            seed=seed,
            **kw,
        )


def drawn(d):
    return [it.unit_id for it in d.items.order_by("position")]


def test_same_seed_same_draw_and_different_seed_different_draw():
    population("350203", 12)
    city = city_official("350203")
    pool(city, 4)
    a = draw(city, seed=7)
    b = draw(city, seed=7)
    c = draw(city, seed=8)
    assert drawn(a) == drawn(b)
    assert drawn(a) != drawn(c)
    assert [sorted(u.pk for u in it.inspectors.all()) for it in a.items.order_by("position")] == [
        sorted(u.pk for u in it.inspectors.all()) for it in b.items.order_by("position")
    ]
    keys = {row["key"]: row for row in a.population}
    assert [keys[k]["uscc"] for k in spot_checks.replay(a)] == [
        it.unit.uscc for it in a.items.order_by("position")
    ]


def test_population_is_sorted_by_uscc_and_limited_to_active_listed_units_in_the_jurisdiction():
    units = population("350203", 4)
    listed_unit("440106")  # another city
    removed = units[0].listings.get()
    removed.status = "removed"
    removed.save()
    rows = spot_checks.population(Jurisdiction.objects.get(code="350200"))
    assert [r.uscc for r in rows] == sorted(u.uscc for u in units[1:])


def test_uniform_selection_chi_square():
    """Over 4,000 draws of 5 out of 20 (seeds 0..3999, fixed: cannot flake) every unit is
    drawn about 1,000 times; the chi-square statistic stays below the 0.1 % critical
    value for 19 degrees of freedom (43.82)."""
    n, k, draws = 20, 5, 4000
    counts = [0] * n
    for seed in range(draws):
        idx, _rng = spot_checks.draw_indices([1.0] * n, k, seed)
        assert len(set(idx)) == k
        for i in idx:
            counts[i] += 1
    expected = draws * k / n
    chi2 = sum((c - expected) ** 2 / expected for c in counts)
    assert chi2 < 43.82, (chi2, counts)


def test_anomaly_weight_raises_the_chance_and_is_stated_in_the_method():
    n, k, draws = 10, 2, 3000
    weights = [3.0] + [1.0] * (n - 1)
    hits = sum(0 in spot_checks.draw_indices(weights, k, s)[0] for s in range(draws))
    plain = sum(0 in spot_checks.draw_indices([1.0] * n, k, s)[0] for s in range(draws))
    assert hits > plain * 1.5
    assert "1+加权值" in str(spot_checks.METHOD)


def test_flagged_unit_gets_the_weight_in_the_recorded_population():
    from tests.oversight import filed_form

    units = population("350203", 3)
    flagged, user = listed_unit("350203")
    form = filed_form(user, flagged, on=dt.date(2026, 3, 1))
    AnomalyFlag.objects.create(
        form=form, kind="yoy", field="energy_total", message="x", created_on=form.submitted_on
    )
    city = city_official("350203")
    pool(city, 2)
    d = draw(city, count=2, anomaly_weight=2.0)
    weights = {row["uscc"]: row["weight"] for row in d.population}
    assert weights[flagged.uscc] == 3.0
    assert {weights[u.uscc] for u in units} == {1.0}
    assert DynamicForm.objects.count() == 1


@pytest.mark.parametrize(
    "role,code,allowed",
    [
        ("district", "440106", True),  # 004 第十四条: 区 不定期进行现场抽查
        ("city", "440100", False),
        ("city", "350200", True),  # 002 第十九条
        ("city", "410300", True),  # 003 第十六条
        ("province", "440000", True),  # 000 第二十条
    ],
)
def test_who_may_draw_follows_the_rules(role, code, allowed):
    from tests.factories import official

    district = {
        "440106": "440106",
        "440100": "440106",
        "350200": "350203",
        "410300": "410305",
        "440000": "440304",
    }[code]
    population(district, 3)
    user = official(role, code)
    pool(user, 2)
    if allowed:
        assert draw(user, count=2).items.count() == 2
    else:
        with pytest.raises(RuleViolation) as exc:
            draw(user, count=2)
        # Guangzhou's checkers extend Guangdong's: the province and the districts, not the city
        assert [(r.code, r.citation) for r in exc.value.reasons] == [
            ("spot_check.by", "000 第二十条; 004 第十四条（不定期进行现场抽查）")
        ]


def test_count_larger_than_the_population_or_too_few_inspectors_is_refused():
    population("350203", 2)
    city = city_official("350203")
    pool(city, 1)
    with pytest.raises(RuleViolation) as exc:
        draw(city, count=3, inspectors_per_unit=2)
    assert {r.code for r in exc.value.reasons} == {
        "spot_check.population",
        "spot_check.inspectors",
    }


def test_only_experts_join_the_inspector_pool():
    from greenmfg.core.decisions import RuleViolation as RV
    from tests.factories import UserFactory

    city = city_official("350203")
    with clock.frozen("2026-06-01"), pytest.raises(RV):
        spot_checks.inspector_add(actor=city, user=UserFactory(role="enterprise"))


def test_command_draw_is_reproducible_and_names_the_article():
    population("350203", 8)
    city = city_official("350203")
    pool(city, 3)
    outs = []
    for _ in range(2):
        out = StringIO()
        call_command(
            "spot_check_draw",
            "--jurisdiction",
            "xiamen",
            "--year",
            "2026",
            "--count",
            "3",
            "--seed",
            "42",
            "--inspectors",
            "1",
            "--today",
            "2026-06-02",
            "--json",
            stdout=out,
        )
        outs.append(json.loads(out.getvalue()))
    assert [u["uscc"] for u in outs[0]["units"]] == [u["uscc"] for u in outs[1]["units"]]
    assert outs[0]["seed"] == 42 and outs[0]["citation"] == "002 第十九条"
    with pytest.raises(CommandError, match="《广州市绿色工厂梯度培育及管理暂行办法》第十四条"):
        call_command(
            "spot_check_draw",
            "--jurisdiction",
            "440100",
            "--year",
            "2026",
            "--count",
            "1",
            "--seed",
            "1",
            "--today",
            "2026-06-02",
        )


def test_results_are_published_without_the_inspectors_names():
    population("350203", 4)
    city = city_official("350203")
    people = pool(city, 2)
    d = draw(city, count=2, inspectors_per_unit=1)
    item = d.items.order_by("position").first()
    with clock.frozen("2026-06-20"):
        spot_checks.spot_check_result(
            actor=city, item=item, result=SpotResult.NONCONFORMING, finding="能源计量器具配备不足"
        )
    client = Client()
    page = client.get(reverse("spot_check_public_detail", args=[d.uuid])).content.decode()
    assert "能源计量器具配备不足" in page
    assert str(d.seed) in page
    assert not any(p.real_name in page for p in people)
    api = client.get(f"/api/v1/spot-checks/{d.uuid}/").json()
    assert api["seed"] == d.seed
    assert all(isinstance(it["inspectors"], int) for it in api["items"])
    client.force_login(city)
    own = client.get(f"/api/v1/spot-checks/{d.uuid}/").json()
    assert all(isinstance(it["inspectors"], list) for it in own["items"])
    method = Client().get(reverse("spot_check_method")).content.decode()
    assert "random.Random" in method


def test_another_authority_cannot_record_results():
    from greenmfg.core.decisions import NotPermitted

    population("350203", 2)
    city = city_official("350203")
    pool(city, 1)
    d = draw(city, count=1, inspectors_per_unit=1)
    with clock.frozen("2026-06-20"), pytest.raises(NotPermitted):
        spot_checks.spot_check_result(
            actor=district_official("350203"),
            item=d.items.get(),
            result="conforming",
            finding="符合",
        )
