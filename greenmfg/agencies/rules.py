"""Who may act on third-party evaluation: one predicate per action (greenmfg.parties.rules),
used by the services (``require``), the pages (``{% test_rule %}``) and, through the
services, the API. A predicate says who may act on the object; what the project's state
allows is the service's rule (a refusal with its reason, or a transition conflict), and
a page offers an action when both hold."""

from __future__ import annotations

import rules

from greenmfg.core.vocabulary import Role
from greenmfg.parties.models import OrganisationKind
from greenmfg.parties.rules import (
    define,
    has_role,
    is_official,
    is_own_unit,
    is_signed_in,
    is_unit_user,
)

#: the officials who record that an agency falsified (000 第二十四条)
FINDING_ROLES = (Role.CITY, Role.PROVINCE, Role.NATIONAL)


@rules.predicate
def acts_for_an_agency(user) -> bool:
    """An agency's user (the account belongs to an organisation of kind agency)."""
    if not is_signed_in(user) or user.role != Role.AGENCY or user.organisation_id is None:
        return False
    return user.organisation.kind == OrganisationKind.AGENCY


@rules.predicate
def is_the_projects_agency(user, project) -> bool:
    """A user of the agency commissioned by ``project``."""
    return bool(
        project is not None
        and is_signed_in(user)
        and user.role == Role.AGENCY
        and user.organisation_id is not None
        and user.organisation_id == project.agency_id
    )


@rules.predicate
def has_authority(user) -> bool:
    return bool(is_signed_in(user) and user.authority_id)


#: the unit's own users (a project's unit, or the unit itself)
unit_of_its_own = is_unit_user & is_own_unit

#: 委托: a unit commissions an agency (000 第十一条; 004 第十条)
define("agencies.propose_project", unit_of_its_own)
define("agencies.withdraw_project", unit_of_its_own)
define("agencies.confirm_project", unit_of_its_own)
#: the commissioned agency takes the project on, declines it, fills and submits its report
define("agencies.accept_project", is_the_projects_agency)
define("agencies.decline_project", is_the_projects_agency)
define("agencies.upload_signed_report", is_the_projects_agency)
define("agencies.submit_project", is_the_projects_agency)
#: an agency keeps its registry entry and files its annual work report (001 三)
define("agencies.update_profile", acts_for_an_agency)
define("agencies.submit_work_report", acts_for_an_agency)
#: 不予采信: city, province and national officials record a falsification (000 第二十四条)
define("agencies.record_fraud_finding", has_role(*FINDING_ROLES) & has_authority)
#: the officials' oversight pages (agencies of the jurisdiction, caps used, findings)
define("agencies.oversee", is_official & has_authority)
#: the work reports filed within the jurisdiction and the overdue ones
define("agencies.oversee_work_reports", is_official | rules.is_superuser)

#: a national or provincial official confirms the spellings of a historical agency name
#: as one agency record, or leaves them as text (greenmfg/agencies/history.py)
define("agencies.confirm_history", has_role(Role.PROVINCE, Role.NATIONAL))
