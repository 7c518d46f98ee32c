"""One engine, many jurisdictions: the Xiamen (002), Luoyang (003) and Guangdong
provincial (000) cycles run from their rulesets, and a sixth city is a data file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.cultivation import services as pool
from greenmfg.jurisdictions import rulesets
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.recommendation import services as rec
from greenmfg.register.models import GreenList, Listing
from greenmfg.selection import publication, reports, services
from greenmfg.selection.models import ApplicationState
from tests.cycle import consult_without_objection, full_values, registration_data
from tests.factories import OrganisationFactory, official, unit_user

D = dt.date
A = ApplicationState
pytestmark = pytest.mark.django_db


def _reasons(exc) -> list[tuple[str, str]]:
    """(code, citation) of each reason of a refusal (LAYOUT.md E8)."""
    return [(r.code, r.citation) for r in exc.value.reasons]


def _report(user, unit, on, list_type="factory", route="self", fraction=0.9):
    with clock.frozen(on):
        rep = reports.report_create(actor=user, unit=unit, list_type=list_type, route=route)
        rep = reports.report_save_items(
            actor=user, report=rep, values=full_values(rep.standard_code, scored_fraction=fraction)
        )
        return reports.report_submit(actor=user, report=rep)


# --- Xiamen (002) -------------------------------------------------------------------


@pytest.fixture
def xiamen():
    org = OrganisationFactory(name="厦门海湾电子有限公司", district="350206")
    return {
        "org": org,
        "user": unit_user(org),
        "city": official("city", "350200"),
        "huli": official("district", "350206"),
    }


def test_xiamen_registration_until_march_30_002_13(xiamen):
    with clock.frozen(D(2026, 3, 31)):
        reg = pool.registration_create(
            actor=xiamen["user"],
            unit=xiamen["org"],
            list_type="factory",
            data=registration_data(clean_production_certified=False),
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=xiamen["user"], registration=reg)
    assert _reasons(exc) == [("pool.registration_window", "002 第十三条（每年3月30日前）")]
    with clock.frozen(D(2026, 3, 30)):
        reg = pool.registration_submit(actor=xiamen["user"], registration=reg)
    assert reg.state == "submitted"


def test_xiamen_conformity_review_by_the_city_only_002_13(xiamen):
    with clock.frozen(D(2026, 3, 2)):
        reg = pool.registration_create(
            actor=xiamen["user"], unit=xiamen["org"], list_type="factory", data=registration_data()
        )
        reg = pool.registration_submit(actor=xiamen["user"], registration=reg)
        assert reg.pending_role == "city"
        with pytest.raises(NotPermitted):
            pool.registration_review(actor=xiamen["huli"], registration=reg, decision="approve")
        reg = pool.registration_review(
            actor=xiamen["city"], registration=reg, decision="approve", reason="符合"
        )
    assert reg.state == "accepted"
    assert reg.valid_until is None  # 002 sets no validity period


def test_xiamen_requires_establishment_in_xiamen_not_production_002_8(xiamen):
    org = xiamen["org"]
    org.production_division = Jurisdiction.objects.get(code="350505")  # 泉州市石狮市
    org.save()
    with clock.frozen(D(2026, 3, 2)):
        reg = pool.registration_create(
            actor=xiamen["user"], unit=org, list_type="factory", data=registration_data()
        )
        reg = pool.registration_submit(actor=xiamen["user"], registration=reg)
    assert reg.state == "submitted"


def test_xiamen_city_review_and_5_working_day_notice_over_may_day_002_15(xiamen):
    with clock.frozen(D(2026, 4, 1)):
        services.campaign_open(actor=xiamen["city"])
    rep = _report(xiamen["user"], xiamen["org"], D(2026, 4, 2))
    with clock.frozen(D(2026, 4, 2)):
        app = services.application_create(
            actor=xiamen["user"], unit=xiamen["org"], list_type="factory", report=rep
        )
        app = services.application_submit(actor=xiamen["user"], application=app)
        assert app.pending_role == "city"
        app = services.application_review(
            actor=xiamen["city"], application=app, decision="approve", score="72", reason="择优"
        )
    assert app.state == A.APPROVED and app.star is None
    with clock.frozen(D(2026, 4, 30)):
        notice = publication.notice_open(actor=xiamen["city"], campaign=app.campaign)
    # 4/30 is day 1; 5/1–5/5 劳动节; 5/6, 5/7, 5/8 and the make-up Saturday 5/9
    assert (notice.first_day, notice.last_day) == (D(2026, 4, 30), D(2026, 5, 9))
    assert notice.citation == "002 第十五条" and notice.unit == "working_days"


# --- Luoyang (003) -------------------------------------------------------------------


@pytest.fixture
def luoyang():
    org = OrganisationFactory(name="洛阳中原轴承有限公司", district="410323")
    return {
        "org": org,
        "user": unit_user(org),
        "city": official("city", "410300"),
        "county": official("district", "410323"),
        "other_county": official("district", "410324"),
    }


def _luoyang_candidate(ly, *, list_type="factory", **data):
    with clock.frozen(D(2026, 6, 1)):
        reg = pool.registration_create(
            actor=ly["user"], unit=ly["org"], list_type=list_type, data=registration_data(**data)
        )
        reg = pool.registration_submit(actor=ly["user"], registration=reg)
        return pool.registration_review(
            actor=ly["county"], registration=reg, decision="approve", reason="列为培育对象"
        )


def test_luoyang_counties_keep_the_pools_003_4(luoyang):
    reg = _luoyang_candidate(luoyang, energy_efficiency_level="benchmark")
    assert reg.jurisdiction.code == "410323"
    assert reg.state == "accepted"


def test_luoyang_other_county_cannot_review(luoyang):
    with clock.frozen(D(2026, 6, 1)):
        reg = pool.registration_create(
            actor=luoyang["user"],
            unit=luoyang["org"],
            list_type="factory",
            data=registration_data(energy_efficiency_level="quota_level_1"),
        )
        reg = pool.registration_submit(actor=luoyang["user"], registration=reg)
        with pytest.raises(NotPermitted):
            pool.registration_review(
                actor=luoyang["other_county"], registration=reg, decision="approve"
            )


def test_luoyang_factory_must_meet_energy_benchmark_003_7_2(luoyang):
    with clock.frozen(D(2026, 6, 1)):
        reg = pool.registration_create(
            actor=luoyang["user"],
            unit=luoyang["org"],
            list_type="factory",
            data=registration_data(energy_efficiency_level="none"),
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=luoyang["user"], registration=reg)
    assert _reasons(exc) == [("entry.energy_benchmark", "003 第七条(二)")]


def test_luoyang_design_product_needs_a_product_standard_003_10_3(luoyang):
    with clock.frozen(D(2026, 6, 1)):
        reg = pool.registration_create(
            actor=luoyang["user"],
            unit=luoyang["org"],
            list_type="design_product",
            data=registration_data(product_name="高效节能轴承 6205"),
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=luoyang["user"], registration=reg)
        assert _reasons(exc) == [("entry.design_product.product_standard", "003 第十条(三)")]
        reg = pool.registration_update(
            actor=luoyang["user"],
            registration=reg,
            data={"product_standard": "T/CMIF 绿色设计产品评价技术规范 滚动轴承"},
        )
        reg = pool.registration_submit(actor=luoyang["user"], registration=reg)
    assert reg.state == "submitted"


def test_luoyang_each_design_product_is_registered_on_its_own(luoyang):
    with clock.frozen(D(2026, 6, 1)):
        for name in ("轴承 6205", "轴承 6206"):
            pool.registration_create(
                actor=luoyang["user"],
                unit=luoyang["org"],
                list_type="design_product",
                data=registration_data(product_name=name, product_standard="团体标准"),
            )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_create(
                actor=luoyang["user"],
                unit=luoyang["org"],
                list_type="design_product",
                data=registration_data(product_name="轴承 6205"),
            )
        assert _reasons(exc) == [("registration.duplicate", "")]


def test_luoyang_design_products_are_self_evaluated_only_003_11(luoyang):
    with clock.frozen(D(2026, 6, 1)):
        rep = reports.report_create(
            actor=luoyang["user"], unit=luoyang["org"], list_type="design_product", route="self"
        )
        assert rep.standard_code == "design_product_template"
        with pytest.raises(RuleViolation) as exc:
            reports.report_create(
                actor=luoyang["user"],
                unit=luoyang["org"],
                list_type="design_product",
                route="third_party",
            )
    assert _reasons(exc) == [("evaluation.routes", "003 第十一条（绿色设计产品…开展自评价）")]


def _luoyang_application(ly, fraction=0.9):
    _luoyang_candidate(ly, energy_efficiency_level="benchmark")
    with clock.frozen(D(2026, 6, 2)):
        services.campaign_open(actor=ly["city"])
    rep = _report(ly["user"], ly["org"], D(2026, 6, 3), fraction=fraction)
    with clock.frozen(D(2026, 6, 3)):
        app = services.application_create(
            actor=ly["user"], unit=ly["org"], list_type="factory", report=rep
        )
        return services.application_submit(actor=ly["user"], application=app)


def test_luoyang_county_recommends_only_after_the_paper_copy_003_11_003_12(luoyang):
    app = _luoyang_application(luoyang)
    assert app.campaign.jurisdiction.code == "410300" and app.pending_role == "district"
    with clock.frozen(D(2026, 6, 4)):
        with pytest.raises(RuleViolation) as exc:
            services.application_review(
                actor=luoyang["county"], application=app, decision="approve"
            )
        assert _reasons(exc) == [
            ("evaluation.paper_copy_to", "003 第十一条（纸质材料送交所在县区工业和信息化主管部门）")
        ]
        app = services.application_review(
            actor=luoyang["county"], application=app, decision="approve", paper_copy_received=True
        )
    assert app.state == A.RECOMMENDED and app.paper_copy_received_on == D(2026, 6, 4)
    assert app.pending_role == "city"


def test_luoyang_city_list_needs_80_points_003_14(luoyang):
    app = _luoyang_application(luoyang)
    with clock.frozen(D(2026, 6, 4)):
        app = services.application_review(
            actor=luoyang["county"], application=app, decision="approve", paper_copy_received=True
        )
        with pytest.raises(RuleViolation) as exc:
            services.application_review(
                actor=luoyang["city"], application=app, decision="approve", score="79"
            )
        assert _reasons(exc) == [
            ("scoring.pass_mark", "003 第十四条（在满足基本要求的前提下，得分80分（含）以上）")
        ]
        app = services.application_review(
            actor=luoyang["city"], application=app, decision="approve", score="80"
        )
    assert app.state == A.APPROVED and app.star is None


def test_luoyang_notice_length_is_set_by_the_city_when_the_rules_are_silent_003_12(luoyang):
    app = _luoyang_application(luoyang)
    with clock.frozen(D(2026, 6, 4)):
        app = services.application_review(
            actor=luoyang["county"], application=app, decision="approve", paper_copy_received=True
        )
        services.application_review(
            actor=luoyang["city"], application=app, decision="approve", score="88"
        )
    with clock.frozen(D(2026, 6, 8)):
        with pytest.raises(RuleViolation) as exc:
            publication.notice_open(actor=luoyang["city"], campaign=app.campaign)
        assert _reasons(exc) == [("notice.length_required", "")]
        notice = publication.notice_open(
            actor=luoyang["city"], campaign=app.campaign, length=7, unit="calendar_days"
        )
    # 7 calendar days from 6/8 end on Sunday 6/14; extended to Monday 6/15 (《民法典》第二百零三条)
    assert (notice.first_day, notice.last_day) == (D(2026, 6, 8), D(2026, 6, 15))
    assert "规则未规定" in notice.citation
    with clock.frozen(notice.last_day + dt.timedelta(days=1)):
        green_list = publication.list_publish(actor=luoyang["city"], campaign=app.campaign)
    assert green_list.title == "2026年度洛阳市绿色制造名单和绿色设计产品目录"


# --- Guangdong provincial step (000) ------------------------------------------------


def _municipal_listing(org, city_code, *, grade=""):
    city = Jurisdiction.objects.get(code=city_code)
    gl = GreenList.objects.create(
        jurisdiction=city, level="municipal", year=2025, title=f"2025年度{city.name}绿色制造名单"
    )
    return Listing.objects.create(
        green_list=gl,
        unit=org,
        unit_name=org.name,
        uscc=org.uscc,
        list_type="factory",
        level="municipal",
        year=2025,
        region=org.registered_division,
        star=1 if city_code == "440100" else None,
        grade=grade,
    )


@pytest.fixture
def guangdong():
    gz_org = OrganisationFactory(name="广州华南新能源装备有限公司", district="440106")
    sz_org = OrganisationFactory(name="深圳南山智能制造有限公司", district="440305")
    return {
        "gz_org": gz_org,
        "sz_org": sz_org,
        "gz_listing": _municipal_listing(gz_org, "440100"),
        "sz_listing": _municipal_listing(sz_org, "440300"),
        "province": official("province", "440000"),
        "gz_city": official("city", "440100"),
        "sz_city": official("city", "440300"),
    }


def _provincial_campaign(gd):
    """Guangdong opens its provincial round; both cities consult their departments
    first (000 第十三条; 004 第十一条), who raise no objection."""
    with clock.frozen(D(2026, 5, 6)):
        campaign = services.campaign_open(actor=gd["province"])
    consult_without_objection(gd["gz_city"], campaign, [gd["gz_listing"]], on=D(2026, 5, 7))
    consult_without_objection(gd["sz_city"], campaign, [gd["sz_listing"]], on=D(2026, 5, 7))
    return campaign


def test_city_recommends_municipal_listing_to_the_province_000_12(guangdong):
    campaign = _provincial_campaign(guangdong)
    assert campaign.level == "provincial" and campaign.title == "2026年度广东省绿色制造名单遴选"
    with clock.frozen(D(2026, 5, 20)):
        app = rec.application_recommend(actor=guangdong["gz_city"], listing=guangdong["gz_listing"])
    assert (app.level, app.state, app.pending_role) == ("provincial", A.SUBMITTED, "province")
    assert app.source_listing_id == guangdong["gz_listing"].id
    assert AuditEvent.objects.filter(
        object_uuid=str(app.uuid), action="application.recommend"
    ).exists()


def test_shenzhen_recommends_by_may_31_000_13(guangdong):
    _provincial_campaign(guangdong)
    with clock.frozen(D(2026, 6, 1)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=guangdong["sz_city"], listing=guangdong["sz_listing"])
    assert _reasons(exc) == [("selection.recommendation_deadline", "000 第十三条")]


def test_guangzhou_recommends_by_the_provinces_may_31_000_13(guangdong):
    """Guangzhou's draft says 06-30 (004 第十一条), but the province receives and its
    deadline binds (000 第十三条: 5月31日前): Guangzhou's value is set aside (issue 15,
    item 2; docs/rulesets.md, binding parameters)."""
    _provincial_campaign(guangdong)
    with clock.frozen(D(2026, 6, 1)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=guangdong["gz_city"], listing=guangdong["gz_listing"])
    assert _reasons(exc) == [("selection.recommendation_deadline", "000 第十三条")]
    with clock.frozen(D(2026, 5, 31)):
        app = rec.application_recommend(actor=guangdong["gz_city"], listing=guangdong["gz_listing"])
    assert app.state == A.SUBMITTED


def test_a_city_cannot_recommend_another_citys_listing(guangdong):
    _provincial_campaign(guangdong)
    with clock.frozen(D(2026, 5, 20)), pytest.raises(NotPermitted):
        rec.application_recommend(actor=guangdong["gz_city"], listing=guangdong["sz_listing"])


def test_removed_listing_cannot_be_recommended(guangdong):
    _provincial_campaign(guangdong)
    Listing.objects.filter(pk=guangdong["gz_listing"].pk).update(status="removed")
    with clock.frozen(D(2026, 5, 20)), pytest.raises(RuleViolation) as exc:
        rec.application_recommend(actor=guangdong["gz_city"], listing=guangdong["gz_listing"])
    assert _reasons(exc) == [("recommend.listing_inactive", "")]


def test_province_grades_a_b_c_then_10_working_day_notice_and_stars_rise_000_13_000_14_004_3(
    guangdong,
):
    campaign = _provincial_campaign(guangdong)
    with clock.frozen(D(2026, 5, 20)):
        gz_app = rec.application_recommend(
            actor=guangdong["gz_city"], listing=guangdong["gz_listing"]
        )
        sz_app = rec.application_recommend(
            actor=guangdong["sz_city"], listing=guangdong["sz_listing"]
        )
    with clock.frozen(D(2026, 7, 1)):
        with pytest.raises(RuleViolation) as exc:
            services.application_review(
                actor=guangdong["province"], application=gz_app, decision="approve", score="90"
            )
        assert _reasons(exc) == [("scoring.grades", "000 第十四条")]
        gz_app = services.application_review(
            actor=guangdong["province"],
            application=gz_app,
            decision="approve",
            grade="B",
            score="88",
        )
        services.application_review(
            actor=guangdong["province"],
            application=sz_app,
            decision="approve",
            grade="A",
            score="93",
        )
    assert gz_app.grade == "B" and gz_app.star is None
    with clock.frozen(D(2026, 9, 28)):
        notice = publication.notice_open(actor=guangdong["province"], campaign=campaign)
    # 9/28, 9/29, 9/30, then 国庆 10/1–7 off, 10/8, 10/9, 10/10 (Sat, make-up), 10/12, 10/13, 10/14, 10/15
    assert (notice.first_day, notice.last_day) == (D(2026, 9, 28), D(2026, 10, 15))
    assert notice.citation == "000 第十三条"
    with clock.frozen(D(2026, 10, 16)):
        green_list = publication.list_publish(actor=guangdong["province"], campaign=campaign)
    assert green_list.title == "2026年度广东省绿色制造名单"
    provincial = {lst.unit_id: lst for lst in green_list.listings.all()}
    assert provincial[guangdong["gz_org"].id].grade == "B"
    guangdong["gz_listing"].refresh_from_db()
    guangdong["sz_listing"].refresh_from_db()
    assert guangdong["gz_listing"].star == 2  # Guangzhou: 省级 → 2星 automatically
    assert guangdong["sz_listing"].star is None  # Shenzhen has no stars
    raise_event = AuditEvent.objects.get(
        action="listing.star_raise", object_uuid=str(guangdong["gz_listing"].uuid)
    )
    assert raise_event.citations == ["004 第三条、第十一条"]


def test_national_recommendation_needs_grade_b_000_14(guangdong):
    province = Jurisdiction.objects.get(code="440000")
    gl = GreenList.objects.create(
        jurisdiction=province, level="provincial", year=2025, title="2025年度广东省绿色制造名单"
    )
    listing_c = Listing.objects.create(
        green_list=gl,
        unit=guangdong["sz_org"],
        unit_name="x",
        list_type="factory",
        level="provincial",
        year=2025,
        grade="C",
    )
    miit = official("national", "000000")
    with clock.frozen(D(2026, 7, 1)):
        services.campaign_open(actor=miit)
        with pytest.raises(RuleViolation) as exc:
            rec.application_recommend(actor=guangdong["province"], listing=listing_c)
    assert _reasons(exc) == [
        ("selection.min_grade", "000 第十四条（推荐国家级绿色制造名单评分须达到B级以上）"),
        (
            "quota.not_allocated",
            "001 三（按照规模以上工业企业数量和梯度培育体系建设情况等因素综合确定）",
        ),
        ("consultation.missing", "000 第十五条"),
        ("consultation.missing", "000 第十五条"),
        ("consultation.missing", "000 第十五条"),
    ]


# --- a sixth city is one data file -------------------------------------------------------

FOSHAN = """slug: foshan
division: "440600"
name: 佛山市
parent: guangdong
status: test city
parameters:
  list_title.municipal:
    value: "{year}年度佛山市绿色制造名单"
    ref: 佛山 第一条
  pool.registration_window:
    value: {start: "02-01", end: "02-28"}
    ref: 佛山 第五条
  selection.municipal.review_steps:
    value: [city_review]
    ref: 佛山 第六条
  scoring.municipal.pass_mark:
    value: 85
    ref: 佛山 第七条
  public_notice.municipal.length:
    value: 5
    ref: 佛山 第八条
  public_notice.municipal.unit:
    value: calendar_days
    ref: 佛山 第八条
"""


def test_a_sixth_city_runs_its_cycle_from_a_data_file_only(tmp_path, monkeypatch):
    for f in rulesets.RULESET_DIR.glob("*.yaml"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "foshan.yaml").write_text(FOSHAN, encoding="utf-8")
    reg_with_foshan = rulesets.load_registry(tmp_path)
    monkeypatch.setattr(rulesets, "registry", lambda: reg_with_foshan)
    org = OrganisationFactory(name="佛山陶瓷新材料有限公司", district="440604")
    user, city = unit_user(org), official("city", "440600")
    with clock.frozen(D(2026, 1, 20)):
        reg = pool.registration_create(
            actor=user, unit=org, list_type="factory", data=registration_data()
        )
        with pytest.raises(RuleViolation) as exc:
            pool.registration_submit(actor=user, registration=reg)
        assert _reasons(exc) == [("pool.registration_window", "佛山 第五条")]
    with clock.frozen(D(2026, 2, 2)):
        reg = pool.registration_submit(actor=user, registration=reg)
        reg = pool.registration_review(
            actor=city, registration=reg, decision="approve"
        )  # Guangdong: city conformity review
        services.campaign_open(actor=city)
    rep = _report(user, org, D(2026, 3, 2))
    with clock.frozen(D(2026, 3, 2)):
        app = services.application_create(actor=user, unit=org, list_type="factory", report=rep)
        app = services.application_submit(actor=user, application=app)
        with pytest.raises(RuleViolation) as exc:
            services.application_review(actor=city, application=app, decision="approve", score="84")
        assert _reasons(exc) == [("scoring.pass_mark", "佛山 第七条")]
        app = services.application_review(
            actor=city, application=app, decision="approve", score="86"
        )
        notice = publication.notice_open(actor=city, campaign=app.campaign)
    assert (notice.last_day, notice.citation) == (D(2026, 3, 6), "佛山 第八条")
    with clock.frozen(D(2026, 3, 7)):
        green_list = publication.list_publish(actor=city, campaign=app.campaign)
    assert green_list.title == "2026年度佛山市绿色制造名单"
    assert green_list.listings.get().unit_id == org.id
    assert app.score == Decimal("86")
