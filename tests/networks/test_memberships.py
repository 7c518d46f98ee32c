"""Networks as data (issue 14, item 1): a park's members and a lead's suppliers, invited
by the owner and confirmed by the member from its own account (000 第九条(二)、第十条(二))."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.transitions import TransitionConflict
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.networks import services
from greenmfg.networks.models import Membership
from greenmfg.networks.selectors import memberships_for
from greenmfg.parties.uscc import make_uscc
from tests.factories import OrganisationFactory, unit_user

pytestmark = pytest.mark.django_db


def test_park_invites_member_confirms_from_its_own_account_000_9_2(cast):
    member = OrganisationFactory(name="天河园区成员制造有限公司", district="440106")
    m = services.membership_invite(
        actor=cast.park_user, kind="park", uscc=member.uscc, name=member.name
    )
    assert m.state == "invited" and m.member == member
    with pytest.raises(NotPermitted):
        services.membership_accept(actor=cast.enterprise_user, membership=m)
    m = services.membership_accept(actor=unit_user(member), membership=m)
    assert m.state == "accepted"
    actions = list(
        AuditEvent.objects.filter(object_uuid=str(m.uuid)).values_list("action", flat=True)
    )
    assert actions == ["membership.invite", "membership.accept"]


def test_only_a_park_keeps_park_members_and_only_an_enterprise_suppliers(cast):
    code = make_uscc("440106")
    with pytest.raises(NotPermitted):
        services.membership_invite(actor=cast.enterprise_user, kind="park", uscc=code, name="甲")
    with pytest.raises(NotPermitted):
        services.membership_invite(actor=cast.park_user, kind="supply_chain", uscc=code, name="甲")
    with pytest.raises(NotPermitted):
        services.membership_invite(actor=cast.guangzhou, kind="park", uscc=code, name="甲")


def test_supplier_declines_and_lead_ends_history_kept(cast):
    supplier = OrganisationFactory(name="供应商甲有限公司", district="440104")
    lead = cast.enterprise_user
    m = services.membership_invite(
        actor=lead, kind="supply_chain", uscc=supplier.uscc, name=supplier.name, tier=1
    )
    services.membership_decline(actor=unit_user(supplier), membership=m, reason="不是供应商")
    with pytest.raises(TransitionConflict):
        services.membership_accept(actor=supplier.users.first(), membership=m)
    again = services.membership_invite(
        actor=lead,
        kind="supply_chain",
        uscc=supplier.uscc,
        name=supplier.name,
        tier=2,
        since=dt.date(2025, 1, 1),
    )
    again = services.membership_accept(actor=supplier.users.first(), membership=again)
    with pytest.raises(RuleViolation):
        services.membership_end(actor=lead, membership=again, reason="")
    ended = services.membership_end(
        actor=lead, membership=again, until=dt.date(2026, 1, 10), reason="合同终止"
    )
    assert ended.state == "ended" and ended.until == dt.date(2026, 1, 10)
    assert Membership.objects.filter(owner=cast.enterprise, uscc=supplier.uscc).count() == 2


def test_invitation_refuses_bad_code_duplicate_and_other_province(cast):
    member = OrganisationFactory(district="440106")
    services.membership_invite(actor=cast.park_user, kind="park", uscc=member.uscc, name="甲")
    for code, expected in (
        ("91440106ABCDEFGHIJ", "membership.uscc"),
        (member.uscc, "membership.duplicate"),
        (make_uscc("350203"), "membership.other_province"),
    ):
        with pytest.raises(RuleViolation) as exc:
            services.membership_invite(actor=cast.park_user, kind="park", uscc=code, name="乙")
        assert [r.code for r in exc.value.reasons] == [expected]


def test_officials_of_every_jurisdiction_involved_see_the_membership(cast):
    """The park is in Tianhe, the member in Yuexiu: both districts' officials see it,
    the city's too; another city's does not."""
    member = OrganisationFactory(district="440104")
    m = services.membership_invite(
        actor=cast.park_user, kind="park", uscc=member.uscc, name=member.name
    )
    services.membership_accept(actor=unit_user(member), membership=m)
    for user in (cast.tianhe, cast.yuexiu, cast.guangzhou, cast.park_user, member.users.first()):
        assert list(memberships_for(user)) == [m], user
    for user in (cast.shenzhen, cast.enterprise_user, cast.public):
        assert list(memberships_for(user)) == [], user
