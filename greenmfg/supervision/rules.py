"""Who may act in dynamic management and oversight: one predicate per action
(:mod:`greenmfg.parties.rules`), used by the service guards
(:func:`greenmfg.parties.permissions.require`), by the pages (``{% load rules %}``
``{% test_rule "supervision.review_dynamic_form" user form as can_review %}``) and, through
the services, by the API.

A predicate says who may act on the object; whether the object's state still allows the
action is the service's check (a refusal with its reasons, or a transition conflict) and,
on the pages, the object's state group (``form.awaiting_review``, ``check.is_open`` …).
"""

from __future__ import annotations

import rules
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import Role
from greenmfg.parties.rules import define, has_role, is_official, is_own_unit, unit_in_scope

#: the message of a refusal to act for another unit (pages and API show it)
OWN_UNIT_ONLY = _("只能为本单位办理")

#: officials of an authority that publishes lists (city and above: 000 第二十一条)
is_publishing_official = has_role(Role.CITY, Role.PROVINCE, Role.NATIONAL)


@rules.predicate
def acts_for_authority(user) -> bool:
    """An official acting for an authority (the account names one)."""
    return bool(is_official(user) and user.authority_id)


@rules.predicate
def acts_for_publishing_authority(user) -> bool:
    """An official of a city, province or the ministry acting for its authority."""
    return bool(is_publishing_official(user) and user.authority_id)


def official_of(field: str) -> rules.Predicate:
    """A predicate: the user is an official of the authority whose jurisdiction is the
    object's ``field`` (``reviewer``, ``authority``, ``handler`` …)."""

    @rules.predicate(name=f"official_of({field})")
    def _official_of(user, obj) -> bool:
        if obj is None or not acts_for_authority(user):
            return False
        return user.authority.jurisdiction_id == getattr(obj, f"{field}_id", None)

    return _official_of


@rules.predicate
def drawing_authority(user, obj) -> bool:
    """An official of the authority that drew the spot check (``obj``: the draw, one of
    its items, or the authority's jurisdiction)."""
    if obj is None or not acts_for_authority(user):
        return False
    draw = getattr(obj, "draw", obj)
    authority_id = getattr(draw, "authority_id", None) or getattr(draw, "pk", None)
    return user.authority.jurisdiction_id == authority_id


def authority_only(jurisdiction) -> str:
    """The message of a refusal to act for another authority."""
    return _("只能由{name}办理").format(name=jurisdiction.full_name)


# --- the annual dynamic form (000 第十八条、第十九条; 004 第十三条) ------------------------
define("supervision.set_filing_officer", is_own_unit)
define("supervision.file_dynamic_form", is_own_unit)
define("supervision.review_dynamic_form", official_of("reviewer"))
define("supervision.see_anomaly_flags", is_official | rules.is_superuser)
define("supervision.list_overdue", acts_for_authority)
# --- on-site checks (003 第十六条、第十八条(二)) ----------------------------------------------
define("supervision.request_on_site_check", acts_for_authority & unit_in_scope)
define("supervision.record_check_outcome", official_of("authority"))
# --- changes (000 第二十三条; 004 第十五条) -------------------------------------------------
define("supervision.report_change", is_own_unit)
define("supervision.review_change", official_of("reviewer"))
# --- incidents (000 第十九条、第二十一条; 004 第十四条、第十六条) ------------------------------
define("supervision.record_incident", acts_for_authority & unit_in_scope)
define("supervision.report_incident", official_of("recorded_by"))
#: a city (or province) forwards an incident another authority recorded (002 第十九条);
#: object: the unit
define("supervision.forward_incident", acts_for_publishing_authority & unit_in_scope)
define("supervision.remove_at_once", acts_for_publishing_authority & unit_in_scope)
# --- removals and announcements (000 第二十一条、第二十二条; 004 第十六条) ----------------------
define("supervision.propose_removal", acts_for_authority & unit_in_scope)
define("supervision.propose_removals", acts_for_publishing_authority)
define("supervision.decide_proposal", official_of("authority"))
define("supervision.publish_annual_adjustment", acts_for_publishing_authority)
define("supervision.submit_upward_reports", acts_for_authority)
define("supervision.record_fraud", acts_for_publishing_authority & unit_in_scope)
# --- spot checks (000 第二十条; 004 第十四条) -----------------------------------------------
define("supervision.draw_spot_check", drawing_authority)
define("supervision.record_spot_check_result", drawing_authority)
define("supervision.see_inspectors", drawing_authority)
define("supervision.add_inspector", acts_for_authority)
# --- complaints (000 第二十五条) -------------------------------------------------------------
define("supervision.handle_complaint", official_of("handler"))
define("supervision.see_complainant", official_of("handler"))
