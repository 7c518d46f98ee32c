"""Agencies from history count in caps and three-year distrust (issue 13 item 5):
listings of imported lists whose agency is a confirmed agency record are the agency's
past projects (greenmfg/agencies/services.py ``counted_past_listings``, ``worked_in``)."""

from __future__ import annotations

import pytest

from greenmfg.agencies import services as ag
from greenmfg.agencies.models import ProjectState
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.register.models import GreenList, Listing, ListSource
from tests.agencies.test_agencies import commission, make_agency
from tests.cycle import APRIL, YEAR
from tests.factories import jurisdiction, official

pytestmark = pytest.mark.django_db


def past_listing(agency, *, level="provincial", year=YEAR, region="440106", **kw) -> Listing:
    """A listing of an imported list evaluated by ``agency`` (its agency record
    confirmed: ``Listing.agency`` set)."""
    green_list, _ = GreenList.objects.get_or_create(
        source=kw.get("source", ListSource.IMPORTED),
        source_key=f"{level}-{year}",
        defaults={
            "jurisdiction": jurisdiction("440000"),
            "level": level,
            "year": year,
            "title": f"{year}年绿色制造名单",
        },
    )
    return Listing.objects.create(
        green_list=green_list,
        unit_name=f"历史企业{Listing.objects.count()}有限公司",
        list_type=kw.get("list_type", "factory"),
        level=level,
        year=year,
        region=jurisdiction(region) if region else None,
        agency=agency,
        agency_name=agency.name if agency else "某评价机构",
        source=kw.get("source", ListSource.IMPORTED),
    )


def test_past_listings_count_in_the_guangdong_cap_per_legal_representative_000_24():
    """7 provincial listings of this year published before the platform + 3 projects
    on it = 10: the 11th is refused; other years, levels, provinces, unconfirmed agency
    names and the platform's own listings do not count."""
    a1 = make_agency("粤评一号评价有限公司", rep="李评")
    a2 = make_agency("粤评二号检测有限公司", rep="李评", district="440304")
    for i in range(7):
        past_listing(a1[0] if i % 2 else a2[0], list_type=["factory", "park"][i % 2])
    past_listing(a1[0], year=YEAR - 1)
    past_listing(a1[0], level="national")
    past_listing(a1[0], region="350203")  # a Xiamen unit: outside Guangdong's cap
    past_listing(None)  # the agency name is still text
    past_listing(a1[0], source=ListSource.PLATFORM)  # counted as its project already
    for _ in range(2):
        commission(a1, level="provincial")
    tenth = commission(a2, level="provincial")
    assert tenth.state == ProjectState.ACCEPTED
    eleventh = commission(a1, level="provincial", accept=False)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        ag.project_accept(actor=a1[1], project=eleventh)
    assert [r.code for r in exc.value.reasons] == ["agency.project_cap"]
    assert [r.citation for r in exc.value.reasons] == ["000 第二十四条"]
    text = exc.value.reasons[0].message_in("zh-hans")
    assert "李评" in text and "10项" in text and "已承接省级评价项目10项" in text


def test_2023_national_cap_counts_past_listings_of_the_batch_001_2_4():
    agency = make_agency("闽评机构", rep="陈评", district="350203")
    on = APRIL.replace(year=2023, month=6, day=1)
    for _ in range(14):
        past_listing(agency[0], level="national", year=2023, region="350203")
    past_listing(agency[0], level="national", year=2024, region="350203")
    commission(agency, district="350203", level="national", year=2023, on=on)
    extra = commission(agency, district="350203", level="national", year=2023, on=on, accept=False)
    with clock.frozen(on), pytest.raises(RuleViolation) as exc:
        ag.project_accept(actor=agency[1], project=extra)
    assert [r.code for r in exc.value.reasons] == ["agency.project_cap"]
    assert "2023年批次" in exc.value.reasons[0].message_in("zh-hans")


def test_cap_usage_shows_past_listings_with_the_projects(django_assert_max_num_queries):
    a1 = make_agency("粤评一号评价有限公司", rep="李评")
    a2 = make_agency("粤评二号检测有限公司", rep="李评")
    lone = make_agency("无代表人机构", rep="")
    past_listing(a1[0])
    past_listing(a2[0])
    past_listing(lone[0])
    commission(a1, level="provincial")
    city = official("city", "440100")
    with clock.frozen(APRIL), django_assert_max_num_queries(12):
        usage = ag.cap_usage(city.authority.jurisdiction, APRIL)
    assert usage.for_agency(a1[0]) == usage.for_agency(a2[0]) == 3
    assert usage.for_agency(lone[0]) == 1


def test_a_finding_may_be_recorded_where_the_agencys_past_listings_are_000_24():
    """An agency registered in Guangzhou with past work only in Luoyang's published
    lists: Luoyang's city official records the finding (three years' distrust), which
    then bars its reports."""
    agency = make_agency("穗评机构", district="440106")
    ly_city = official("city", "410300")
    kw = {
        "agency": agency[0],
        "decided_on": APRIL,
        "description": "故意隐瞒评价对象问题，情节严重。",
    }
    with clock.frozen(APRIL), pytest.raises(NotPermitted):
        ag.fraud_finding_record(actor=ly_city, **kw)
    past_listing(agency[0], level="municipal", region="410305")
    with clock.frozen(APRIL):
        finding = ag.fraud_finding_record(actor=ly_city, **kw)
    assert finding.article == "003 第二十条"
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        commission(agency, district="410305", level="municipal")
    assert [r.code for r in exc.value.reasons] == ["agency.distrusted"]
