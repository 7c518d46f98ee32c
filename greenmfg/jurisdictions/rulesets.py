"""Rulesets: each jurisdiction's rules as data (DESIGN.md decision 1).

One YAML file per jurisdiction in ``greenmfg/rulesets/``. Each file names its
division code, its parent ruleset and its source documents, and gives parameters.
Every parameter value carries its citation (``ref``, e.g. ``004 第九条``) and may
carry an effective-date range (``from`` / ``until``, inclusive ISO dates); a key may
hold a list of such dated values. A child file overrides its parent key by key;
what a child does not say is inherited (city → province → national), like
OpenFisca's dated parameters and Catala's local exceptions.

Code asks :func:`rules_for` for the ruleset in force for a jurisdiction on a date
and reads parameters by key; it never tests a jurisdiction's name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from greenmfg.jurisdictions.parameters import LEVELS, LIST_TYPES, PARAMETERS, ParamSpec  # noqa: F401

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets"


class RulesetError(ValueError):
    """A ruleset file is invalid; the message names the file and the key."""


# --- files -----------------------------------------------------------------------


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter with its citation and effective range (inclusive)."""

    value: Any
    ref: str
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str = ""

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on <= self.valid_until
        )


@dataclass
class RulesetFile:
    """One jurisdiction's ruleset file, validated."""

    slug: str
    division: str
    name: str
    parent: str | None
    documents: dict[str, dict[str, Any]]
    parameters: dict[str, list[DatedValue]]
    path: Path
    sha256: str
    status: str = "encoded"
    notes: str = ""
    in_force: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ResolvedParam:
    """A parameter as it applies: value, citation, which file set it, inherited or not."""

    key: str
    value: Any
    ref: str
    source: str
    inherited: bool
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str = ""


TOP_KEYS = {
    "slug",
    "division",
    "name",
    "parent",
    "documents",
    "parameters",
    "status",
    "notes",
    "in_force",
}
VALUE_KEYS = {"value", "ref", "from", "until", "note"}


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise RulesetError(f"{where}: '{value}' is not an ISO date (YYYY-MM-DD)") from exc


def parse_file(path: Path) -> RulesetFile:
    """Read and validate one ruleset file; raises :class:`RulesetError` naming file and key."""
    raw_bytes = path.read_bytes()
    try:
        data = yaml.safe_load(raw_bytes)
    except yaml.YAMLError as exc:
        raise RulesetError(f"{path.name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise RulesetError(f"{path.name}: the file must be a mapping")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise RulesetError(f"{path.name}: unknown top-level key(s) {sorted(unknown)}")
    for required in ("slug", "division", "name", "parameters"):
        if required not in data:
            raise RulesetError(f"{path.name}: missing top-level key '{required}'")
    division = str(data["division"])
    if not re.fullmatch(r"\d{6}", division):
        raise RulesetError(f"{path.name}: division '{division}' must be a 6-digit division code")
    in_force = data.get("in_force") or {}
    if not isinstance(in_force, dict) or set(in_force) - {"from", "until", "ref"}:
        raise RulesetError(f"{path.name}: 'in_force' must be a mapping with from/until/ref")
    default_from = _date(in_force.get("from"), f"{path.name}: in_force")
    default_until = _date(in_force.get("until"), f"{path.name}: in_force")
    params: dict[str, list[DatedValue]] = {}
    raw_params = data["parameters"] or {}
    if not isinstance(raw_params, dict):
        raise RulesetError(f"{path.name}: 'parameters' must be a mapping")
    for key, entries in raw_params.items():
        where = f"{path.name}: parameter '{key}'"
        spec = PARAMETERS.get(key)
        if spec is None:
            raise RulesetError(f"{where}: unknown key (known keys are listed in docs/rulesets.md)")
        if isinstance(entries, dict):
            entries = [entries]
        if not isinstance(entries, list) or not entries:
            raise RulesetError(f"{where}: give a mapping {{value, ref}} or a list of them")
        values = []
        for i, entry in enumerate(entries):
            w = f"{where} (value {i + 1})"
            if not isinstance(entry, dict):
                raise RulesetError(f"{w}: must be a mapping with 'value' and 'ref'")
            extra = set(entry) - VALUE_KEYS
            if extra:
                raise RulesetError(f"{w}: unknown field(s) {sorted(extra)}")
            if "value" not in entry:
                raise RulesetError(f"{w}: missing 'value'")
            ref = entry.get("ref")
            if not isinstance(ref, str) or not ref.strip():
                raise RulesetError(f"{w}: missing citation 'ref' (document number and article)")
            if not spec.check(entry["value"]):
                raise RulesetError(
                    f"{w}: wrong type, expected {spec.type_name}, got {entry['value']!r}"
                )
            dv = DatedValue(
                value=entry["value"],
                ref=ref.strip(),
                valid_from=_date(entry.get("from"), w) if "from" in entry else default_from,
                valid_until=_date(entry.get("until"), w) if "until" in entry else default_until,
                note=str(entry.get("note", "")),
            )
            if dv.valid_from and dv.valid_until and dv.valid_from > dv.valid_until:
                raise RulesetError(f"{w}: 'from' is after 'until'")
            values.append(dv)
        _check_no_overlap(values, where)
        params[key] = values
    return RulesetFile(
        slug=str(data["slug"]),
        division=division,
        name=str(data["name"]),
        parent=data.get("parent"),
        documents=data.get("documents") or {},
        parameters=params,
        path=path,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        status=str(data.get("status", "encoded")),
        notes=str(data.get("notes", "")),
        in_force=in_force,
    )


def _check_no_overlap(values: list[DatedValue], where: str) -> None:
    lo = dt.date.min
    hi = dt.date.max
    spans = sorted((v.valid_from or lo, v.valid_until or hi) for v in values)
    for (_a_from, a_until), (b_from, _b_until) in zip(spans, spans[1:], strict=False):
        if b_from <= a_until:
            raise RulesetError(f"{where}: two values are in force on the same day ({b_from})")


@dataclass
class RulesetRegistry:
    """All ruleset files of a directory, checked for parents and cycles."""

    files: dict[str, RulesetFile] = field(default_factory=dict)

    @property
    def by_division(self) -> dict[str, RulesetFile]:
        """{division code: file}, rebuilt only when ``files`` has changed (it is read
        once per unit in the overdue sweep)."""
        key = tuple(self.files)
        cached = self.__dict__.get("_by_division")
        if cached is None or cached[0] != key:
            cached = (key, {f.division: f for f in self.files.values()})
            self.__dict__["_by_division"] = cached
        return cached[1]

    def chain(self, slug: str) -> list[RulesetFile]:
        """The file and its ancestors, nearest first."""
        out = []
        seen = set()
        current: str | None = slug
        while current:
            if current in seen:
                raise RulesetError(f"{current}.yaml: parent cycle")
            seen.add(current)
            out.append(self.files[current])
            current = self.files[current].parent
        return out


def load_registry(directory: Path = RULESET_DIR) -> RulesetRegistry:
    """Parse and validate every ``*.yaml`` file of ``directory``."""
    reg = RulesetRegistry()
    for path in sorted(directory.glob("*.yaml")):
        rf = parse_file(path)
        if rf.slug in reg.files:
            raise RulesetError(
                f"{path.name}: slug '{rf.slug}' is used by {reg.files[rf.slug].path.name} too"
            )
        if rf.slug != path.stem:
            raise RulesetError(f"{path.name}: slug '{rf.slug}' must match the file name")
        reg.files[rf.slug] = rf
    divisions: dict[str, str] = {}
    for rf in reg.files.values():
        if rf.division in divisions:
            raise RulesetError(
                f"{rf.path.name}: division {rf.division} already has ruleset {divisions[rf.division]}"
            )
        divisions[rf.division] = rf.slug
        if rf.parent and rf.parent not in reg.files:
            raise RulesetError(f"{rf.path.name}: parent '{rf.parent}' has no ruleset file")
    for slug in reg.files:
        reg.chain(slug)
    return reg


@lru_cache(maxsize=1)
def registry() -> RulesetRegistry:
    """The shipped rulesets, parsed once per process."""
    return load_registry()


class Rules:
    """The rules in force for one jurisdiction on one date.

    ``rules.get("public_notice.length")`` returns the value; ``rules.param(key)``
    returns it with its citation. A key no file in the chain sets raises
    :class:`KeyError` naming the key and the chain.
    """

    def __init__(self, chain: list[RulesetFile], on: dt.date):
        self.chain = chain
        self.on = on

    @property
    def ruleset(self) -> RulesetFile:
        return self.chain[0]

    def param(self, key: str) -> ResolvedParam:
        if key not in PARAMETERS:
            raise KeyError(f"unknown ruleset parameter {key!r}")
        for depth, rf in enumerate(self.chain):
            for dv in rf.parameters.get(key, ()):
                if dv.in_force(self.on):
                    return ResolvedParam(
                        key,
                        dv.value,
                        dv.ref,
                        rf.slug,
                        depth > 0,
                        dv.valid_from,
                        dv.valid_until,
                        dv.note,
                    )
        names = " → ".join(rf.slug for rf in self.chain)
        raise KeyError(f"parameter {key!r} is not set for {self.on} in {names}")

    def get(self, key: str, default: Any = ...) -> Any:
        try:
            return self.param(key).value
        except KeyError:
            if default is ...:
                raise
            return default

    def ref(self, key: str) -> str:
        return self.param(key).ref

    def has(self, key: str) -> bool:
        try:
            self.param(key)
        except KeyError:
            return False
        return True

    def all(self) -> list[ResolvedParam]:
        """Every known parameter in force, with its citation (unset ones left out)."""
        out = []
        for key in PARAMETERS:
            try:
                out.append(self.param(key))
            except KeyError:
                continue
        return out

    def month_day(self, key: str, year: int) -> dt.date:
        """A ``MM-DD`` parameter as a date of ``year``."""
        month, day = (int(x) for x in self.get(key).split("-"))
        return dt.date(year, month, day)

    def window(self, key: str, year: int) -> tuple[dt.date, dt.date]:
        """A ``{start, end}`` window parameter as dates of ``year``."""
        w = self.get(key)
        s_m, s_d = (int(x) for x in w["start"].split("-"))
        e_m, e_d = (int(x) for x in w["end"].split("-"))
        return dt.date(year, s_m, s_d), dt.date(year, e_m, e_d)


def ruleset_for_codes(ancestor_codes: list[str], reg: RulesetRegistry | None = None) -> RulesetFile:
    """The nearest ruleset for a jurisdiction given its codes from the root down."""
    reg = reg or registry()
    by_div = reg.by_division
    for code in reversed(ancestor_codes):
        if code in by_div:
            return by_div[code]
    raise RulesetError("no national ruleset (division 000000) is installed")


def rules_for(jurisdiction, on: dt.date | None = None) -> Rules:
    """The :class:`Rules` in force for ``jurisdiction`` (a Jurisdiction) on ``on``.

    The governing file is the nearest one at or above the jurisdiction (a district
    without its own file follows its city, then province, then national).
    """
    from greenmfg.core import clock

    reg = registry()
    rf = ruleset_for_codes(jurisdiction.ancestor_codes, reg)
    return Rules(reg.chain(rf.slug), on or clock.today())


def rules_for_slug(slug: str, on: dt.date | None = None) -> Rules:
    """The :class:`Rules` of the ruleset ``slug`` (e.g. ``guangzhou``) on ``on``."""
    from greenmfg.core import clock

    reg = registry()
    if slug not in reg.files:
        raise RulesetError(f"no ruleset named '{slug}'")
    return Rules(reg.chain(slug), on or clock.today())
