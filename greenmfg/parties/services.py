"""Service functions of parties that other apps call: an organisation's change of name,
and the stored normalised names (``Organisation.name_key``) of rows written in bulk."""

from __future__ import annotations

from django.db import connection, transaction

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import lock
from greenmfg.parties.models import Organisation
from greenmfg.parties.names import normalise_name


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
    key = normalise_name(name)
    Organisation.objects.filter(pk=organisation.pk).update(name=name, name_key=key)
    organisation.name, organisation.name_key = name, key
    record_event(
        actor=actor,
        action="organisation.rename",
        obj=organisation,
        reason=reason,
        citations=citations,
        payload={"from": former, "to": name},
    )
    return organisation


def refresh_name_keys(*, write: bool = True) -> dict[int, str]:
    """The normalised names of organisations whose ``name_key`` is empty while their
    name is not: rows written in bulk (``bulk_create``, ``COPY``) skip
    :meth:`Organisation.save`, which keeps the key.

    In: ``write`` (False: compute only, for a dry run). Out: {organisation id: key}
    (empty when every key is in place: one indexed query). With ``write`` the keys are
    stored with one ``executemany`` (derived data: no audit event). Raises what the
    database raises.
    """
    rows = Organisation.objects.filter(name_key="").exclude(name="").values_list("id", "name")
    keys = {oid: normalise_name(name) for oid, name in rows}
    todo = [(key, oid) for oid, key in keys.items() if key]
    if write and todo:
        table = connection.ops.quote_name(Organisation._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET name_key = %s WHERE id = %s",  # noqa: S608 (table name)
                todo,
            )
    return keys
