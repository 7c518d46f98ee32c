"""Who may act on training, guidance and disclosures: one predicate per action
(greenmfg.parties.rules), used by the services (``require``) and the pages."""

from __future__ import annotations

import rules

from greenmfg.parties.rules import (
    define,
    is_official,
    is_own_unit,
    is_signed_in,
    is_unit_user,
    unit_in_scope,
)


@rules.predicate
def has_authority(user) -> bool:
    return bool(is_signed_in(user) and user.authority_id)


@rules.predicate
def holds_the_course(user, course) -> bool:
    """An official of the authority that holds ``course``."""
    return bool(
        course is not None and is_signed_in(user) and user.authority_id == course.authority_id
    )


#: 开展绿色制造培训: every level's authority holds courses (000 第二十六条; 004 第十七条)
define("duties.hold_course", is_official & has_authority)
#: attendance is recorded by the course's authority (004 第十三条)
define("duties.record_attendance", is_official & holds_the_course)
#: 现场指导培育 of a candidate within the official's jurisdiction (004 第九条)
define("duties.record_guidance", is_official & has_authority & unit_in_scope)
#: a listed unit publishes and withdraws its disclosures (000 第二十九条; 004 第二十条)
define("duties.publish_disclosure", is_unit_user)
define("duties.withdraw_disclosure", is_unit_user & is_own_unit)
#: the officials' training and guidance pages
define("duties.oversee", is_official & has_authority)
