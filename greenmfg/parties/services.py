"""Service functions of parties that other apps call: an organisation's change of name."""

from __future__ import annotations

from django.db import transaction

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import lock
from greenmfg.parties.models import Organisation


@transaction.atomic
def organisation_rename(
    *,
    actor,
    organisation: Organisation,
    name: str,
    reason: str = "",
    citations: list[str] | None = None,
) -> Organisation:
    """Write an organisation's new name once an authority accepted the change (名称变更:
    000 第二十三条, 004 第十五条; the caller checks who accepts it). Audited as
    ``organisation.rename`` with the former and the new name. Returns the organisation;
    raises ValueError for an empty name."""
    name = (name or "").strip()
    if not name:
        raise ValueError("an organisation's new name may not be empty")
    organisation = lock(organisation)
    former = organisation.name
    Organisation.objects.filter(pk=organisation.pk).update(name=name)
    organisation.name = name
    record_event(
        actor=actor,
        action="organisation.rename",
        obj=organisation,
        reason=reason,
        citations=citations,
        payload={"from": former, "to": name},
    )
    return organisation
