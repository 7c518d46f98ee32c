"""What the networks app reads: scoped memberships and plans, each member's gradient
status as of a day (from the pool and the register), a network's progress against its
plan, the green factories among a network's members (ranking, 000 第十六条, 001 二(二)(三)).

Scope (greenmfg.parties.scoping): the owner sees its own networks; an enterprise sees
the invitations naming its code; officials see every network whose owner **or** member
is registered within their jurisdiction (every jurisdiction involved). What a park or a
lead sees of a member is its gradient status, never its applications or forms.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import ListType, Role
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.networks.models import (
    CultivationPlan,
    LeadProfile,
    Membership,
    NetworkKind,
    PlanState,
    TargetLevel,
    running_on,
)
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.scoping import official_path, sees_everything
from greenmfg.register.models import Listing


class GradientStatus:
    """A member's place in the gradient on a day, lowest to highest, and removed."""

    NOT_IN_POOL = "not_in_pool"
    CANDIDATE = "candidate"
    MUNICIPAL = "municipal"
    PROVINCIAL = "provincial"
    NATIONAL = "national"
    REMOVED = "removed"

    ORDER = (NOT_IN_POOL, CANDIDATE, MUNICIPAL, PROVINCIAL, NATIONAL, REMOVED)
    LABELS = {
        NOT_IN_POOL: _("未入库"),
        CANDIDATE: _("培育对象（入库）"),
        MUNICIPAL: _("市级绿色工厂"),
        PROVINCIAL: _("省级绿色工厂"),
        NATIONAL: _("国家级绿色工厂"),
        REMOVED: _("已移出名单"),
    }
    #: the statuses that are green factories (listed, active)
    GREEN = (MUNICIPAL, PROVINCIAL, NATIONAL)
    #: how high each status reaches, for plan targets ("at this level or above")
    RANK = {NOT_IN_POOL: 0, REMOVED: 0, CANDIDATE: 1, MUNICIPAL: 2, PROVINCIAL: 3, NATIONAL: 4}
    TARGET_RANK = {
        TargetLevel.POOL: 1,
        TargetLevel.MUNICIPAL: 2,
        TargetLevel.PROVINCIAL: 3,
        TargetLevel.NATIONAL: 4,
    }


G = GradientStatus
LEVEL_RANK = {"municipal": 2, "provincial": 3, "national": 4}


# --- scope --------------------------------------------------------------------------------


def memberships_for(user) -> QuerySet[Membership]:
    """The memberships ``user`` may see (module docstring)."""
    qs = Membership.objects.select_related("owner", "owner__registered_division", "member")
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    if user.role in (Role.ENTERPRISE, Role.PARK):
        if not user.organisation_id:
            return qs.none()
        mine = Q(owner_id=user.organisation_id)
        code = user.organisation.uscc
        return qs.filter(mine | Q(uscc=code)) if code else qs.filter(mine)
    path = official_path(user)
    if path:
        return qs.filter(
            Q(owner__registered_division__path__startswith=path)
            | Q(member__registered_division__path__startswith=path)
        )
    return qs.none()


def plans_for(user) -> QuerySet[CultivationPlan]:
    """The plans ``user`` may see: the owner's own; officials' over the owner's
    jurisdiction; published plans of a network the user's enterprise belongs to."""
    qs = CultivationPlan.objects.select_related("owner").prefetch_related("targets")
    if not user.is_authenticated:
        return qs.none()
    if sees_everything(user):
        return qs
    if user.role in (Role.ENTERPRISE, Role.PARK):
        if not user.organisation_id:
            return qs.none()
        code = user.organisation.uscc
        member_of = Q(
            state=PlanState.PUBLISHED,
            owner__network_memberships__uscc=code,
            owner__network_memberships__state="accepted",
        )
        return qs.filter(Q(owner_id=user.organisation_id) | member_of).distinct()
    path = official_path(user)
    if path:
        return qs.filter(owner__registered_division__path__startswith=path)
    return qs.none()


def owners_for(user) -> QuerySet[Organisation]:
    """The parks and leads (owners of at least one membership) ``user`` may see progress of."""
    qs = Organisation.objects.filter(network_memberships__isnull=False).distinct()
    if sees_everything(user):
        return qs.select_related("registered_division")
    if user.role in (Role.ENTERPRISE, Role.PARK):
        return qs.filter(pk=user.organisation_id)
    path = official_path(user)
    if path:
        return qs.filter(registered_division__path__startswith=path)
    return qs.none()


# --- gradient status ----------------------------------------------------------------------


def _active_on(day: dt.date) -> Q:
    listed = Q(listed_on__lte=day) | Q(listed_on__isnull=True, year__lte=day.year)
    return listed & (Q(removed_on__isnull=True) | Q(removed_on__gt=day))


def gradient_statuses(usccs, on: dt.date) -> dict[str, str]:
    """{uscc: status of :class:`GradientStatus`} on ``on`` for every code of ``usccs``:
    the highest level of a green-factory listing active that day; else ``removed`` if a
    green-factory listing was removed by then; else ``candidate`` while an accepted
    registration (green factory) is valid; else ``not_in_pool``. Two queries."""
    codes = list(dict.fromkeys(u for u in usccs if u))
    status = dict.fromkeys(codes, G.NOT_IN_POOL)
    if not codes:
        return status
    best: dict[str, int] = {}
    removed = set()
    rows = Listing.objects.filter(uscc__in=codes, list_type=ListType.FACTORY).values_list(
        "uscc", "level", "listed_on", "year", "removed_on"
    )
    for uscc, level, listed_on, year, removed_on in rows:
        started = listed_on <= on if listed_on else year <= on.year
        if not started:
            continue
        if removed_on is None or removed_on > on:
            best[uscc] = max(best.get(uscc, 0), LEVEL_RANK.get(level, 0))
        else:
            removed.add(uscc)
    candidates = set(
        Registration.objects.filter(
            unit__uscc__in=codes,
            list_type=ListType.FACTORY,
            state=RegistrationState.ACCEPTED,
            valid_from__lte=on,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .values_list("unit__uscc", flat=True)
    )
    by_rank = {2: G.MUNICIPAL, 3: G.PROVINCIAL, 4: G.NATIONAL}
    for uscc in codes:
        if best.get(uscc):
            status[uscc] = by_rank[best[uscc]]
        elif uscc in removed:
            status[uscc] = G.REMOVED
        elif uscc in candidates:
            status[uscc] = G.CANDIDATE
    return status


def running_members(owner_ids, kind: str, on: dt.date) -> QuerySet[Membership]:
    """The memberships of ``owner_ids`` of ``kind`` that count on ``on``."""
    return Membership.objects.filter(running_on(on), owner_id__in=list(owner_ids), kind=kind)


def green_factory_counts(owner_ids, kind: str, on: dt.date) -> dict[int, int]:
    """{owner id: how many of its running members of ``kind`` are green factories
    (any level, active) on ``on``} — the priority of 000 第十六条, 001 二(二)(三).
    Three queries whatever the number of owners."""
    rows = list(running_members(owner_ids, kind, on).values_list("owner_id", "uscc"))
    status = gradient_statuses([u for _o, u in rows], on)
    counts = dict.fromkeys(owner_ids, 0)
    for owner_id, uscc in rows:
        if status.get(uscc) in G.GREEN:
            counts[owner_id] = counts.get(owner_id, 0) + 1
    return counts


def epr_pilots(owner_ids) -> set[int]:
    """The owners recorded as 汽车产品生产者责任延伸试点企业 (001 二(三))."""
    return set(
        LeadProfile.objects.filter(organisation_id__in=list(owner_ids), epr_pilot=True).values_list(
            "organisation_id", flat=True
        )
    )


# --- progress -----------------------------------------------------------------------------


@dataclass
class MemberRow:
    membership: Membership
    status: str

    @property
    def status_label(self) -> str:
        return str(G.LABELS[self.status])


@dataclass
class YearRow:
    """One year of a plan: per target level the target and the members at that level
    or above at the year's end (or on ``on`` for the running year)."""

    year: int
    cells: list[tuple[str, int | None, int]] = field(default_factory=list)


@dataclass
class Progress:
    owner: Organisation
    kind: str
    on: dt.date
    members: list[MemberRow]
    counts: dict[str, int]
    plan: CultivationPlan | None
    years: list[YearRow]

    @property
    def kind_label(self) -> str:
        return str(NetworkKind(self.kind).label)

    @property
    def count_rows(self) -> list[tuple[str, str, int]]:
        return [(s, str(G.LABELS[s]), self.counts.get(s, 0)) for s in G.ORDER]

    @property
    def green(self) -> int:
        return sum(self.counts.get(s, 0) for s in G.GREEN)

    def chart(self) -> dict:
        """The data of the ECharts chart: statuses (bar) and plan target vs actual."""
        levels = [str(label) for _v, label in TargetLevel.choices]
        return {
            "statuses": [str(G.LABELS[s]) for s in G.ORDER],
            "counts": [self.counts.get(s, 0) for s in G.ORDER],
            "years": [str(y.year) for y in self.years],
            "levels": levels,
            "targets": [[c[1] for c in y.cells] for y in self.years],
            "actual": [[c[2] for c in y.cells] for y in self.years],
            "status_label": str(_("企业数")),
            "target_label": str(_("（目标）")),
            "actual_label": str(_("（实际）")),
        }


def current_plan(owner_id: int, kind: str, on: dt.date) -> CultivationPlan | None:
    """The latest plan of ``owner_id`` and ``kind`` current on ``on`` (published, its
    years covering ``on``), or None. One query."""
    return (
        CultivationPlan.objects.filter(
            owner_id=owner_id,
            kind=kind,
            state=PlanState.PUBLISHED,
            published_on__lte=on,
            year_from__lte=on.year,
            year_to__gte=on.year,
        )
        .order_by("-published_on", "-id")
        .first()
    )


def progress(owner: Organisation, kind: str, on: dt.date) -> Progress:
    """A network's progress on ``on``: each member running that day with its gradient
    status, the count per status, and for each year of the current plan (or the latest
    published one) its targets against the members at that level or above at the
    year's end (``on`` for the running year; later years are not shown)."""
    members = list(running_members([owner.pk], kind, on).order_by("name", "id"))
    status = gradient_statuses([m.uscc for m in members], on)
    rows = [MemberRow(m, status[m.uscc]) for m in members]
    counts = Counter(r.status for r in rows)
    plan = current_plan(owner.pk, kind, on) or (
        CultivationPlan.objects.filter(owner=owner, kind=kind, state=PlanState.PUBLISHED)
        .order_by("-year_to", "-id")
        .first()
    )
    years: list[YearRow] = []
    if plan is not None:
        targets = {(t.year, t.level): t.count for t in plan.targets.all()}
        for year in range(plan.year_from, min(plan.year_to, on.year) + 1):
            day = min(dt.date(year, 12, 31), on)
            ms = list(running_members([owner.pk], kind, day).values_list("uscc", flat=True))
            st = gradient_statuses(ms, day)
            cells = []
            for level, _label in TargetLevel.choices:
                need = G.TARGET_RANK[level]
                actual = sum(1 for u in ms if G.RANK[st[u]] >= need)
                cells.append((level, targets.get((year, level)), actual))
            years.append(YearRow(year, cells))
    return Progress(owner, kind, on, rows, dict(counts), plan, years)


def kinds_of(owner: Organisation) -> list[str]:
    """The kinds of network ``owner`` can keep: a park its members, an enterprise its
    suppliers."""
    return [NetworkKind.PARK] if owner.kind == OrganisationKind.PARK else [NetworkKind.SUPPLY_CHAIN]


@dataclass
class OverviewRow:
    owner: Organisation
    kind: str
    counts: dict[str, int]
    has_plan: bool

    @property
    def green(self) -> int:
        return sum(self.counts.get(s, 0) for s in G.GREEN)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def overview(user, on: dt.date, limit: int = 500) -> list[OverviewRow]:
    """Officials over their jurisdiction (and owners over their own): every network in
    scope with its members by gradient status on ``on``. Four queries."""
    owners = {o.pk: o for o in owners_for(user).select_related("registered_division")[:limit]}
    rows = list(
        Membership.objects.filter(running_on(on), owner_id__in=list(owners)).values_list(
            "owner_id", "kind", "uscc"
        )
    )
    status = gradient_statuses([u for _o, _k, u in rows], on)
    planned = set(
        CultivationPlan.objects.filter(
            owner_id__in=list(owners),
            state=PlanState.PUBLISHED,
            year_from__lte=on.year,
            year_to__gte=on.year,
            published_on__lte=on,
        ).values_list("owner_id", "kind")
    )
    table: dict[tuple[int, str], Counter] = {}
    for owner_id, kind, uscc in rows:
        table.setdefault((owner_id, kind), Counter())[status[uscc]] += 1
    return [
        OverviewRow(owners[o], k, dict(c), (o, k) in planned)
        for (o, k), c in sorted(table.items(), key=lambda i: (owners[i[0][0]].name, i[0][1]))
    ]


def green_members_public(owner: Organisation, on: dt.date) -> list[tuple[Membership, str]]:
    """The park's or lead's public page: its running members that are green factories
    on ``on``, with their level (names are public, as on the published lists)."""
    ms = list(running_members([owner.pk], kind=kinds_of(owner)[0], on=on).order_by("name"))
    status = gradient_statuses([m.uscc for m in ms], on)
    return [(m, str(G.LABELS[status[m.uscc]])) for m in ms if status[m.uscc] in G.GREEN]
