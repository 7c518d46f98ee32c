"""Resolve ``--jurisdiction`` (code, slug or ruleset name) to a Jurisdiction row."""

from __future__ import annotations

from django.core.management.base import CommandError

from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.selectors import UnknownJurisdiction, resolve


def jurisdiction_arg(ref: str) -> Jurisdiction:
    try:
        info = resolve(ref).jurisdiction
    except UnknownJurisdiction as exc:
        raise CommandError(str(exc)) from exc
    found = Jurisdiction.objects.filter(code=info.code).first()
    if found is None:
        raise CommandError(
            f"辖区{info.code}未载入，请先运行 greenmfg load-reference / jurisdiction {info.code}"
            " is not loaded: run `greenmfg load-reference` first"
        )
    return found
