"""Listings of imported lists linked to their enterprises (issue 13 item 2;
greenmfg/register/links.py): matching by code and normalised name, the claim an
official confirms or refuses, and dynamic management of the linked unit."""

from __future__ import annotations

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.core.decisions import NotPermitted, RuleViolation, TransitionConflict
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.parties.names import normalise_name
from greenmfg.register import links
from greenmfg.register.models import GreenList, LinkState, Listing, ListingLink, ListSource
from greenmfg.supervision.dynamic import obligations
from greenmfg.supervision.spot_checks.services import population
from tests.factories import OrganisationFactory, jurisdiction

pytestmark = pytest.mark.django_db


def national_listing(name: str, *, region: str = "440000", uscc: str = "", year: int = 2021):
    """A listing of MIIT's national list (as imported: no unit)."""
    green_list, _ = GreenList.objects.get_or_create(
        source=ListSource.MIIT_2017_2021,
        source_key=f"batch-{year}",
        defaults={
            "jurisdiction": jurisdiction("000000"),
            "level": Level.NATIONAL,
            "year": year,
            "title": f"{year}年度绿色制造名单",
        },
    )
    return Listing.objects.create(
        green_list=green_list,
        unit_name=name,
        uscc=uscc,
        list_type=ListType.FACTORY,
        level=Level.NATIONAL,
        year=year,
        region=jurisdiction(region) if region else None,
        region_text="广东",
        source=ListSource.MIIT_2017_2021,
    )


def test_normalised_name_ignores_width_spaces_brackets_and_company_form():
    assert normalise_name("广州绿源（精密）制造有限责任公司") == normalise_name(
        "广州绿源(精密)制造 有限公司"
    )
    assert normalise_name("ＡＢＣ新材料股份有限公司") == normalise_name("abc新材料")
    assert normalise_name("广州绿源制造有限公司") != normalise_name("广州绿源精密制造有限公司")


def test_match_by_code_first_then_one_name_in_region():
    index = links.NameIndex(
        [
            links.OrgRow(
                1, "甲制造有限公司", "91440101MA00000001", "/000000/440000/440100/440106/"
            ),
            links.OrgRow(2, "乙制造有限公司", "", "/000000/440000/440100/440106/"),
            links.OrgRow(3, "乙制造有限公司", "", "/000000/350000/350200/350203/"),
            links.OrgRow(4, "丙制造有限公司", "", "/000000/440000/440100/440106/"),
            links.OrgRow(5, "丙制造有限责任公司", "", "/000000/440000/440300/440305/"),
            links.OrgRow(6, "丁科技有限公司", "", "/000000/440000/440100/440104/", ("丁制造",)),
        ]
    )
    result = links.match(
        [
            links.ListingRow(10, "别的名字", "91440101MA00000001", "/000000/440000/"),
            links.ListingRow(11, "乙制造有限责任公司", "", "/000000/440000/"),
            links.ListingRow(12, "丙制造（有限公司）", "", "/000000/440000/"),
            links.ListingRow(13, "乙制造有限公司", "", ""),
            links.ListingRow(14, "丁制造有限公司", "", "/000000/440000/"),
            links.ListingRow(15, "戊制造有限公司", "", "/000000/440000/"),
        ],
        index,
    )
    assert result.linked == [(10, 1, "uscc"), (11, 2, "name"), (14, 6, "name")]
    # two of the name in Guangdong, or a listing without a region: proposed, not linked
    assert result.proposed == [(12, [4, 5]), (13, [2, 3])]
    assert result.unmatched == [15]


def test_link_listings_links_certain_proposes_ambiguous_and_audits_the_run(cast):
    certain = national_listing(cast.enterprise.name.replace("有限公司", "有限责任公司"))
    OrganisationFactory(name="佛山双名制造有限公司", district="440604")
    OrganisationFactory(name="佛山双名制造有限公司", district="440106", uscc=None)
    ambiguous = national_listing("佛山双名制造有限公司")
    dry = links.link_listings(dry_run=True)
    assert (dry.linked_name, dry.proposed, dry.proposals) == (1, 1, 2)
    assert not ListingLink.objects.exists()
    report = links.link_listings(jurisdiction=jurisdiction("440000"))
    assert (report.linked_name, report.proposed) == (1, 1)
    certain.refresh_from_db()
    ambiguous.refresh_from_db()
    assert certain.unit == cast.enterprise
    assert ambiguous.unit is None
    assert ambiguous.links.filter(state=LinkState.PROPOSED).count() == 2
    event = AuditEvent.objects.get(action="listing_link.run")
    assert event.payload["linked_name"] == 1
    # a second run finds nothing new
    assert links.link_listings().considered == 0


def test_enterprise_sees_only_its_own_candidates(cast):
    own = national_listing("广州绿源精密制造有限责任公司")
    national_listing(cast.other_enterprise.name)
    national_listing("广州绿源精密制造有限公司", region="350000")  # another province
    assert list(links.candidate_listings(cast.enterprise)) == [own]


def test_claim_confirmed_by_the_district_puts_the_listing_under_this_years_dynamic_form(cast):
    listing = national_listing("广州绿源精密制造有限公司", year=2021)
    assert obligations.obligations(2026, unit=cast.enterprise) == []
    link = links.listing_claim(actor=cast.enterprise_user, listing=listing)
    assert link.state == LinkState.CLAIMED
    links.link_confirm(actor=cast.tianhe, link=link)
    listing.refresh_from_db()
    assert listing.unit == cast.enterprise
    [ob] = obligations.obligations(2026, unit=cast.enterprise)
    assert [d.pk for d in ob.listings] == [listing.pk]
    assert list(
        AuditEvent.objects.filter(object_uuid=str(link.uuid)).values_list("action", "to_state")
    ) == [("listing_link.claim", "claimed"), ("listing_link.confirm", "linked")]


def test_confirmed_link_puts_the_unit_in_the_spot_check_population_a_refused_one_not(cast):
    mine = national_listing(cast.enterprise.name)
    theirs = national_listing(cast.other_enterprise.name)
    guangzhou = jurisdiction("440100")
    assert [c.unit_id for c in population(guangzhou)] == []
    links.link_confirm(
        actor=cast.tianhe, link=links.listing_claim(actor=cast.enterprise_user, listing=mine)
    )
    links.link_refuse(
        actor=cast.yuexiu,
        link=links.listing_claim(actor=cast.other_enterprise_user, listing=theirs),
        reason="并非该单位",
    )
    assert [c.unit_id for c in population(guangzhou)] == [cast.enterprise.pk]


def test_refused_claim_leaves_the_listing_out_of_dynamic_management(cast):
    listing = national_listing("广州绿源精密制造有限公司")
    link = links.listing_claim(actor=cast.enterprise_user, listing=listing)
    with pytest.raises(RuleViolation) as refused:
        links.link_refuse(actor=cast.guangzhou, link=link, reason="")
    assert [r.code for r in refused.value.reasons] == ["link.reason_required"]
    links.link_refuse(actor=cast.guangzhou, link=link, reason="该企业并非名单所列单位")
    listing.refresh_from_db()
    assert listing.unit is None
    assert obligations.obligations(2026, unit=cast.enterprise) == []
    # refused: not offered again, and the run does not propose the pair again
    assert listing not in links.candidate_listings(cast.enterprise)
    assert links.link_listings().linked_name == 0


def test_claim_of_a_listing_naming_another_unit_is_refused(cast):
    listing = national_listing(cast.other_enterprise.name)
    with pytest.raises(RuleViolation) as refused:
        links.listing_claim(actor=cast.enterprise_user, listing=listing)
    assert [r.code for r in refused.value.reasons] == ["link.not_candidate"]


def test_only_the_units_district_or_city_official_decides(cast):
    listing = national_listing("广州绿源精密制造有限公司")
    link = links.listing_claim(actor=cast.enterprise_user, listing=listing)
    for outsider in (cast.yuexiu, cast.shenzhen, cast.enterprise_user, cast.guangdong):
        with pytest.raises(NotPermitted):
            links.link_confirm(actor=outsider, link=link)
    assert list(links.pending_links(cast.guangzhou)) == [link]
    assert list(links.pending_links(cast.yuexiu)) == []
    assert list(links.pending_links(cast.shenzhen)) == []


def test_unlink_clears_the_unit_and_a_decided_link_cannot_be_confirmed_twice(cast):
    listing = national_listing("广州绿源精密制造有限公司")
    link = links.listing_claim(actor=cast.enterprise_user, listing=listing)
    links.link_confirm(actor=cast.tianhe, link=link)
    with pytest.raises(TransitionConflict):
        links.link_confirm(actor=cast.tianhe, link=link)
    links.link_unlink(actor=cast.tianhe, link=link, reason="关联有误")
    listing.refresh_from_db()
    assert listing.unit is None
    assert AuditEvent.objects.filter(action="listing_link.unlink").count() == 1


def test_link_listings_command_prints_counts_as_json_and_dry_run_writes_nothing(cast):
    import json
    from io import StringIO

    from django.core.management import call_command

    national_listing(cast.enterprise.name)
    out = StringIO()
    call_command("link_listings", "--dry-run", "--json", "--jurisdiction", "440000", stdout=out)
    report = json.loads(out.getvalue())
    assert (report["considered"], report["linked_name"], report["dry_run"]) == (1, 1, True)
    assert not ListingLink.objects.exists()
    out = StringIO()
    call_command("link_listings", stdout=out)
    assert "按名称关联 1" in out.getvalue()
    assert ListingLink.objects.get().state == LinkState.LINKED


def test_sql_join_on_stored_keys_finds_what_matching_every_organisation_finds(cast):
    """The organisations link-listings reads (joined on name_key and code) give the same
    links, proposals and unmatched listings as an index of every organisation."""
    from greenmfg.parties.services import organisation_rename

    twin_a = OrganisationFactory(name="佛山双名制造有限公司", district="440604")
    OrganisationFactory(name="佛山双名制造有限公司", district="440106", uscc=None)
    coded = OrganisationFactory(name="深圳有码科技有限公司", district="440305")
    renamed = OrganisationFactory(name="广州旧名制造有限公司", district="440104")
    organisation_rename(actor=cast.guangzhou, organisation=renamed, name="广州新名科技有限公司")
    lower = OrganisationFactory(name="代码小写制造有限公司", district="440106", uscc=None)
    type(lower).objects.filter(pk=lower.pk).update(uscc="91440106abcdefgh1x")  # written in bulk
    national_listing(cast.enterprise.name.replace("有限公司", "（有限责任）公司"))
    national_listing("佛山双名制造有限公司")
    national_listing("别的名字", uscc=coded.uscc.lower())
    national_listing("广州旧名制造有限责任公司")
    national_listing("另一个名字", uscc="91440106ABCDEFGH1X")
    national_listing("无此企业有限公司")
    national_listing("佛山双名制造有限公司", region="")
    rows = [
        links.ListingRow(lid, name, uscc, path or "")
        for lid, name, uscc, path in links.unlinked_listings().values_list(
            "id", "unit_name", "uscc", "region__path"
        )
    ]
    everyone = links.match(rows, links.NameIndex(links.organisation_rows()))
    joined = links.match(rows, links.NameIndex(links.candidate_organisation_rows(rows)))
    assert joined == everyone
    linked_to = {oid for _lid, oid, _m in joined.linked}
    assert linked_to == {cast.enterprise.pk, coded.pk, renamed.pk, lower.pk}
    assert len(joined.proposed) == 2 and len(joined.unmatched) == 1
    assert any(oid == twin_a.pk for _lid, ids in joined.proposed for oid in ids)


def test_link_listings_matches_organisations_written_in_bulk_and_dry_run_stores_no_key(cast):
    Organisation = type(cast.enterprise)
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind="enterprise",
                name="批量写入制造有限公司",
                registered_division=jurisdiction("440106"),
            )
        ]
    )
    listing = national_listing("批量写入制造有限责任公司")
    dry = links.link_listings(dry_run=True)
    assert dry.linked_name == 1
    assert Organisation.objects.get(name="批量写入制造有限公司").name_key == ""
    assert links.link_listings().linked_name == 1
    listing.refresh_from_db()
    assert listing.unit.name == "批量写入制造有限公司"
    assert listing.unit.name_key == "批量写入制造"
