"""Small helpers shared by the supervision packages: the rules of a unit, the
authority at a level above a unit, the acting official's jurisdiction, active
listings, month arithmetic, the Chinese text of a message, the label of a cause."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from greenmfg.core.decisions import NotPermitted
from greenmfg.core.vocabulary import CreditRecordKind, ListType, Role
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import Rules, rules_for
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.register.models import Listing, ListingStatus

OFFICIALS = (Role.DISTRICT, Role.CITY, Role.PROVINCE, Role.NATIONAL)
#: the officials of an authority that publishes lists (city and above) remove from them
PUBLISHING_ROLES = (Role.CITY, Role.PROVINCE, Role.NATIONAL)
#: list types that file a dynamic form (Fujian publishes three versions of the table)
FORM_LIST_TYPES = ListType.dynamic_form_types()


def unit_rules(unit, on: dt.date) -> Rules:
    """The rules of the unit's own jurisdiction (its district follows its city's file)."""
    return rules_for(unit.registered_division, on)


def acting_rules(authority: Jurisdiction, unit, on: dt.date) -> Rules:
    """The rules under which ``authority`` acts on ``unit`` (removal for an incident,
    annual adjustment, a fraud finding): a province or the ministry applies and cites its
    own file (000 第二十一条 when Guangdong removes a Guangzhou unit, not 004 第十六条); a
    city or a district applies the unit's city file (:func:`unit_rules`)."""
    if authority.level in ("province", "national"):
        return rules_for(authority, on)
    return unit_rules(unit, on)


def ancestor_at(jurisdiction: Jurisdiction, level: str) -> Jurisdiction | None:
    """The jurisdiction at ``level`` (district, city, province, national) at or above
    ``jurisdiction``; one query at most."""
    return jurisdiction.ancestor_at(level)


def ancestors_by_code(jurisdictions) -> dict[str, Jurisdiction]:
    """Every ancestor (and self) of the given jurisdictions, by code, in one query."""
    codes = {c for j in jurisdictions for c in j.ancestor_codes}
    return {j.code: j for j in Jurisdiction.objects.filter(code__in=codes)}


def ancestor_from(cache: dict[str, Jurisdiction], jurisdiction, level: str):
    for code in reversed(jurisdiction.ancestor_codes):
        j = cache.get(code)
        if j is not None and j.level == level:
            return j
    return None


def actor_jurisdiction(actor) -> Jurisdiction | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor.authority.jurisdiction if actor.authority_id else None


def require_official(actor, *roles: str) -> Jurisdiction:
    """The acting official's jurisdiction; NotPermitted for other roles."""
    roles = roles or OFFICIALS
    if (
        actor is None
        or not getattr(actor, "is_authenticated", False)
        or actor.role not in roles
        or not actor.authority_id
    ):
        raise NotPermitted(_("当前角色不能执行此操作"))
    return actor.authority.jurisdiction


def active_listings(unit) -> QuerySet:
    """The unit's active listings, with their lists and the lists' jurisdictions."""
    return Listing.objects.filter(unit=unit, status=ListingStatus.ACTIVE).select_related(
        "green_list", "green_list__jurisdiction"
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def zh(text) -> str:
    """``text`` (a lazy message) in the platform's language, Chinese: what the audit
    record and the published documents keep."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def cause_label(cause: str) -> str:
    """The label of a removal cause code (``removal.annual_causes``, or the incident kind of
    an immediate removal, e.g. ``safety_accident`` → 安全事故); never the code itself when a
    label exists (issue 18 item 4)."""
    if cause in VALUE_LABELS:
        return str(VALUE_LABELS[cause])
    if cause in CreditRecordKind.values:
        return str(CreditRecordKind(cause).label)
    return cause
