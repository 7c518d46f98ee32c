"""Service functions of jurisdictions: installing ruleset versions."""

from __future__ import annotations

from django.db import transaction

from greenmfg.audit.services import record_event
from greenmfg.jurisdictions.models import InstalledRuleset
from greenmfg.jurisdictions.rulesets import load_registry, registry


@transaction.atomic
def install_rulesets() -> dict[str, tuple[str, bool]]:
    """Validate all ruleset files (raises ``RulesetError`` naming file and key) and
    record each file's SHA-256; a new version writes an audit event.

    Out: {slug: (sha256, newly recorded)}.
    """
    reg = load_registry()
    registry.cache_clear()
    out = {}
    for slug, rf in reg.files.items():
        _obj, created = InstalledRuleset.objects.get_or_create(
            slug=slug, sha256=rf.sha256, defaults={"status": rf.status[:120]}
        )
        if created:
            record_event(
                actor=None,
                action="ruleset.install",
                object_type="jurisdictions.ruleset",
                object_uuid=slug,
                object_label=rf.name,
                payload={"sha256": rf.sha256, "file": rf.path.name, "parent": rf.parent},
            )
        out[slug] = (rf.sha256, created)
    return out
