"""Agencies from history (issue 13 item 5): the free-text agency names of imported
listings (``Listing.agency_name``: 345 spellings in MIIT's 2016–2021 lists) become
agency records, so that caps and three-year distrust (000 第二十四条; 004 第十九条) can
count the projects an agency did before the platform.

- :func:`agency_names_propose` groups the spellings by normalised name
  (``parties.names.normalise_name``: width, spaces, brackets, company form) into
  :class:`HistoricalAgencyName` proposals, with the agency record of that name when the
  platform has one.
- :func:`agency_name_confirm`: a national or provincial official confirms a group as one
  agency (the proposed record, another, or a new one registered in its area); the
  group's listings then refer to it (``Listing.agency``).
- :func:`agency_name_reject`: the names stay text (listed for review).
- :func:`past_listings`: an agency's listings (its past projects) since a day. The
  cap and the distrust checks count them: ``agencies.services.counted_past_listings``
  (in ``cap_reasons`` and ``cap_usage``) and ``agencies.services.worked_in``.
Every move is an audited compare-and-set transition.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.models import (
    AGENCY_NAME_TRANSITIONS,
    AgencyNameState,
    HistoricalAgencyName,
)
from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core.decisions import Decision
from greenmfg.core.vocabulary import Level, ListType, Role
from greenmfg.parties.models import Organisation, OrganisationKind
from greenmfg.parties.names import normalise_name
from greenmfg.parties.permissions import require
from greenmfg.parties.scoping import official_path, sees_everything
from greenmfg.register.models import Listing

#: the rule an agency record serves: reports of an agency found to have falsified are
#: not accepted for years (000 第二十四条), which must see its past projects
HISTORY_ARTICLE = "000 第二十四条"


@dataclass
class ProposeReport:
    """What :func:`agency_names_propose` did: counts as numbers."""

    names: int = 0
    groups: int = 0
    created: int = 0
    updated: int = 0
    with_agency: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


@transaction.atomic
def agency_names_propose(*, actor=None) -> ProposeReport:
    """Group the agency names of listings without an agency record by normalised name
    and record each group as a proposal (new groups ``proposed``; an open group gets
    its spellings and count refreshed; decided groups are left alone). The proposed
    agency is the one agency organisation of that normalised name, if exactly one.
    Set-based: three reads, bulk writes, one audit event ``agency_history.propose``.
    Returns a :class:`ProposeReport`."""
    counts = Counter(
        Listing.objects.filter(agency__isnull=True)
        .exclude(agency_name="")
        .values_list("agency_name", flat=True)
    )
    groups: dict[str, Counter] = defaultdict(Counter)
    for name, n in counts.items():
        key = normalise_name(name)
        if key:
            groups[key][name.strip()] += n
    agencies: dict[str, list[int]] = defaultdict(list)
    for oid, name in Organisation.objects.filter(kind=OrganisationKind.AGENCY).values_list(
        "id", "name"
    ):
        agencies[normalise_name(name)].append(oid)
    existing = {g.key: g for g in HistoricalAgencyName.objects.filter(key__in=list(groups))}
    new, changed = [], []
    for key, spellings in groups.items():
        names = [n for n, _c in spellings.most_common()]
        total = sum(spellings.values())
        match = agencies.get(key, [])
        agency_id = match[0] if len(match) == 1 else None
        group = existing.get(key)
        if group is None:
            new.append(
                HistoricalAgencyName(
                    key=key, spellings=names, listing_count=total, agency_id=agency_id
                )
            )
        elif group.state == AgencyNameState.PROPOSED:
            group.spellings, group.listing_count = names, total
            group.agency_id = group.agency_id or agency_id
            changed.append(group)
    HistoricalAgencyName.objects.bulk_create(new, batch_size=1000)
    HistoricalAgencyName.objects.bulk_update(
        changed, ["spellings", "listing_count", "agency"], batch_size=1000
    )
    report = ProposeReport(
        names=len(counts),
        groups=len(groups),
        created=len(new),
        updated=len(changed),
        with_agency=sum(1 for g in [*new, *changed] if g.agency_id),
    )
    record_event(
        actor=actor,
        action="agency_history.propose",
        object_type="agencies.historicalagencyname",
        object_label=str(_("历史评价机构名称")),
        citations=[HISTORY_ARTICLE],
        payload=report.as_dict(),
    )
    return report


def agency_names_for(user) -> QuerySet[HistoricalAgencyName]:
    """The groups a national or provincial official reviews (all of them: the names
    are public, as the lists are); none for anyone else."""
    if sees_everything(user) or (user.is_authenticated and user.role == Role.PROVINCE):
        return HistoricalAgencyName.objects.select_related("agency")
    return HistoricalAgencyName.objects.none()


def _in_area(actor, division) -> bool:
    """Whether ``division`` (a Jurisdiction) lies within the official's area (everywhere
    for a national official)."""
    if sees_everything(actor):
        return True
    path = official_path(actor)
    return bool(path and division.path.startswith(path))


@transaction.atomic(durable=True)
def agency_name_confirm(
    *, actor, group: HistoricalAgencyName, agency: Organisation | None = None, division=None
) -> HistoricalAgencyName:
    """确认: the spellings of ``group`` are one agency — ``agency`` (an organisation of
    kind agency), else the proposed one, else a new agency record named by the most
    common spelling and registered in ``division`` (a district). A provincial official
    confirms only agencies registered in its province. The group's listings without an
    agency record then refer to it. Audited ``agency_history.confirm`` (with the number
    of listings). Raises NotPermitted (not a national or provincial official),
    RuleViolation (``agency_history.no_agency``, ``agency_history.not_agency``,
    ``agency_history.out_of_area``), TransitionConflict."""
    require(actor, "agencies.confirm_history", group)
    group = lock(group)
    agency = agency or group.agency
    d = Decision()
    if agency is None and division is None:
        d.refuse(
            "agency_history.no_agency",
            _("请选择评价机构，或指定新建机构的注册地"),
            HISTORY_ARTICLE,
        )
    elif agency is not None and agency.kind != OrganisationKind.AGENCY:
        d.refuse("agency_history.not_agency", _("所选主体不是第三方评价机构"), HISTORY_ARTICLE)
    elif not _in_area(actor, agency.registered_division if agency else division):
        d.refuse("agency_history.out_of_area", _("该评价机构不在本辖区注册"), HISTORY_ARTICLE)
    d.raise_if_refused()
    created = agency is None
    if created:
        agency = Organisation.objects.create(
            kind=OrganisationKind.AGENCY,
            name=group.spellings[0] if group.spellings else group.key,
            registered_division=division,
        )
    linked = Listing.objects.filter(agency__isnull=True, agency_name__in=group.spellings).update(
        agency=agency
    )
    return apply_transition(
        group,
        to=AgencyNameState.CONFIRMED,
        actor=actor,
        action="agency_history.confirm",
        allowed=AGENCY_NAME_TRANSITIONS,
        updates={"agency": agency},
        citations=[HISTORY_ARTICLE],
        payload={
            "agency": str(agency.uuid),
            "agency_created": created,
            "spellings": group.spellings,
            "listings": linked,
        },
    )


@transaction.atomic(durable=True)
def agency_name_reject(*, actor, group: HistoricalAgencyName, reason: str) -> HistoricalAgencyName:
    """不予合并: the names of ``group`` stay text (listed for review; a later confirm is
    still possible). Audited ``agency_history.reject``. Raises NotPermitted,
    RuleViolation (``agency_history.reason_required``), TransitionConflict."""
    require(actor, "agencies.confirm_history", group)
    group = lock(group)
    d = Decision()
    if not (reason or "").strip():
        d.refuse("agency_history.reason_required", _("请写明理由"), HISTORY_ARTICLE)
    d.raise_if_refused()
    return apply_transition(
        group,
        to=AgencyNameState.REJECTED,
        actor=actor,
        action="agency_history.reject",
        allowed=AGENCY_NAME_TRANSITIONS,
        reason=reason.strip(),
        updates={"note": reason.strip()[:300]},
        citations=[HISTORY_ARTICLE],
    )


def past_listings(agency: Organisation, since: dt.date | None = None) -> QuerySet[Listing]:
    """The listings ``agency`` evaluated (its past projects, from imported lists and
    the platform's own), of list years from ``since``'s year on when given: what caps
    and distrust count beside the platform's evaluation projects."""
    qs = Listing.objects.filter(agency=agency)
    if since is not None:
        qs = qs.filter(year__gte=since.year)
    return qs


def past_counts(agency: Organisation) -> list[dict]:
    """The agency's listings by year, level and list type (public, as the lists are):
    ``[{"year", "level", "list_type", "n", "level_label", "list_type_label"}]``,
    newest first; one query."""
    rows = list(
        past_listings(agency)
        .values("year", "level", "list_type")
        .annotate(n=Count("id"))
        .order_by("-year", "level", "list_type")
    )
    for r in rows:
        r["level_label"] = Level(r["level"]).label
        r["list_type_label"] = ListType(r["list_type"]).label
    return rows
