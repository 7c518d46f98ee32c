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
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from greenmfg.core import clock
from greenmfg.jurisdictions.parameters import (  # noqa: F401 - LEVELS, LIST_TYPES read from here
    LEVELS,
    LIST_TYPES,
    PARAMETERS,
    ParamSpec,
    tightens,
)

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets"
logger = logging.getLogger("greenmfg.rulesets")


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
    #: the value binds the children of this file: they may only tighten it
    binding: bool = False
    #: a list value that adds to the parent's value instead of replacing it
    extends: bool = False

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
    """A parameter as it applies: value, citation, which file set it, inherited or not.

    Where a nearer file set a value that loosens a binding value of an ancestor, the
    binding value applies and ``loosened_*`` keep what the nearer file said (its value,
    citation and file), so that pages and commands can show both articles."""

    key: str
    value: Any
    ref: str
    source: str
    inherited: bool
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    note: str = ""
    binding: bool = False
    loosened_value: Any = None
    loosened_ref: str = ""
    loosened_source: str = ""

    @property
    def overrides_a_child(self) -> bool:
        """A binding value of an ancestor replaced what a nearer file said."""
        return bool(self.loosened_source)


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
VALUE_KEYS = {"value", "ref", "from", "until", "note", "binding", "extends"}


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
    return parse_bytes(path.read_bytes(), path)


def parse_bytes(raw_bytes: bytes, path: Path) -> RulesetFile:
    """Validate the content of a ruleset file (named ``path`` in messages)."""
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
            binding = entry.get("binding", False)
            if not isinstance(binding, bool):
                raise RulesetError(f"{w}: 'binding' must be true or false")
            if binding and spec.tighter is None:
                raise RulesetError(
                    f"{w}: '{key}' cannot bind child rulesets (bindable keys are listed in "
                    "docs/rulesets.md)"
                )
            extends = entry.get("extends", False)
            if not isinstance(extends, bool):
                raise RulesetError(f"{w}: 'extends' must be true or false")
            if extends and not isinstance(entry["value"], list):
                raise RulesetError(f"{w}: only a list value can extend its parent's")
            dv = DatedValue(
                value=entry["value"],
                ref=ref.strip(),
                valid_from=_date(entry.get("from"), w) if "from" in entry else default_from,
                valid_until=_date(entry.get("until"), w) if "until" in entry else default_until,
                note=str(entry.get("note", "")),
                binding=binding,
                extends=extends,
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
    """The ruleset files in force, checked for parents and cycles.

    ``errors`` names each file refused and why (file and key); a refused file is left
    out alone, with the files below it, and every other jurisdiction keeps working.
    ``pending`` names files of ``GREENMFG_RULESETS_DIR`` not yet recorded by
    ``greenmfg load-rulesets`` (not in force; a recorded earlier version stays)."""

    files: dict[str, RulesetFile] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

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


def parse_directory(directory: Path) -> tuple[list[RulesetFile], list[str]]:
    """Every ``*.yaml`` file of ``directory`` parsed on its own: (the valid files, one
    error per invalid file naming the file and the key)."""
    files, errors = [], []
    for path in sorted(directory.glob("*.yaml")):
        try:
            rf = parse_file(path)
        except RulesetError as exc:
            errors.append(str(exc))
            continue
        if rf.slug != path.stem:
            errors.append(f"{path.name}: slug '{rf.slug}' must match the file name")
            continue
        files.append(rf)
    return files, errors


def assemble(files: list[RulesetFile], errors: list[str] | None = None) -> RulesetRegistry:
    """A registry of ``files`` (later files of a slug replace earlier ones): a file
    whose division another file has, whose parent is missing or refused, or that is
    in a parent cycle is refused with an error naming it; the rest stay in force."""
    reg = RulesetRegistry(errors=list(errors or []))
    for rf in files:
        reg.files[rf.slug] = rf
    divisions: dict[str, str] = {}
    for rf in list(reg.files.values()):
        if rf.division in divisions:
            reg.errors.append(
                f"{rf.path.name}: division {rf.division} already has ruleset {divisions[rf.division]}"
            )
            del reg.files[rf.slug]
            continue
        divisions[rf.division] = rf.slug
    changed = True
    while changed:  # leave out files whose parent is missing (or was just left out)
        changed = False
        for rf in list(reg.files.values()):
            if rf.parent and rf.parent not in reg.files:
                reg.errors.append(
                    f"{rf.path.name}: parent '{rf.parent}' has no ruleset file in force"
                )
                del reg.files[rf.slug]
                changed = True
    for slug in list(reg.files):
        if slug not in reg.files:
            continue
        try:
            reg.chain(slug)
        except RulesetError as exc:
            reg.errors.append(str(exc))
            del reg.files[slug]
    return reg


def load_registry(directory: Path = RULESET_DIR, *, strict: bool = True) -> RulesetRegistry:
    """Parse and validate every ``*.yaml`` file of ``directory``. ``strict``: raise
    :class:`RulesetError` at the first problem (commands, tests); otherwise refuse the
    bad files alone and list them in ``errors``."""
    files, errors = parse_directory(directory)
    reg = assemble(files, errors)
    if strict and reg.errors:
        raise RulesetError(reg.errors[0])
    return reg


def local_directory() -> Path | None:
    """``GREENMFG_RULESETS_DIR``: a directory of ruleset files beside the shipped ones
    (a new city, a revised file), or ``None``."""
    from django.conf import settings  # noqa: PLC0415 - rulesets are read by commands before settings matter

    raw = getattr(settings, "GREENMFG_RULESETS_DIR", "") or ""
    return Path(raw) if raw else None


def recorded_versions() -> dict[str, list[tuple[str, str]]]:
    """{slug: [(sha256, content), …] newest first} of the local versions recorded by
    ``greenmfg load-rulesets`` (greenmfg.jurisdictions.models.InstalledRuleset)."""
    from greenmfg.jurisdictions.models import InstalledRuleset  # noqa: PLC0415 - models load after this module

    out: dict[str, list[tuple[str, str]]] = {}
    rows = InstalledRuleset.objects.filter(source="local").exclude(content="")
    for slug, sha, content in rows.order_by("slug", "-installed_at", "-id").values_list(
        "slug", "sha256", "content"
    ):
        out.setdefault(slug, []).append((sha, content))
    return out


def _parse_recorded(slug: str, content: str, directory: Path) -> RulesetFile:
    path = directory / f"{slug}.yaml"
    return parse_bytes(content.encode("utf-8"), path)


def in_force_registry() -> RulesetRegistry:
    """The shipped files and, from ``GREENMFG_RULESETS_DIR``, the versions recorded by
    ``greenmfg load-rulesets``: a local file takes force only once it is validated,
    recorded and audited; until then its latest recorded version applies (or none)."""
    files, errors = parse_directory(RULESET_DIR)
    pending: list[str] = []
    local = local_directory()
    if local is not None and local.is_dir():
        recorded = recorded_versions()
        on_disk, local_errors = parse_directory(local)
        disk = {rf.slug: rf for rf in on_disk}
        errors += local_errors
        for slug in sorted(set(disk) | set(recorded)):
            versions = recorded.get(slug, [])
            rf = disk.get(slug)
            if rf is not None and any(sha == rf.sha256 for sha, _c in versions):
                files.append(rf)
                continue
            if rf is not None:
                pending.append(f"{rf.path.name}: not yet loaded (greenmfg load-rulesets)")
            if versions:
                try:
                    files.append(_parse_recorded(slug, versions[0][1], local))
                except RulesetError as exc:  # pragma: no cover - recorded versions were valid
                    errors.append(str(exc))
    reg = assemble(files, errors)
    reg.pending = pending
    return reg


_REGISTRY: dict[str, Any] = {}
#: seconds between checks for a newly recorded local ruleset version
RECHECK_SECONDS = 60


def registry() -> RulesetRegistry:
    """The rulesets in force (:func:`in_force_registry`), parsed once per process; with
    ``GREENMFG_RULESETS_DIR`` set, a newly recorded version is picked up within
    :data:`RECHECK_SECONDS`. Refused files are logged, never fatal."""
    import time  # noqa: PLC0415 - only here

    now = time.monotonic()
    cached = _REGISTRY.get("reg")
    if cached is not None:
        if local_directory() is None or now - _REGISTRY["at"] < RECHECK_SECONDS:
            return cached
        if _REGISTRY.get("version") == _local_version():
            _REGISTRY["at"] = now
            return cached
    reg = in_force_registry()
    for error in reg.errors:
        logger.error("ruleset refused: %s", error)
    _REGISTRY.update(reg=reg, at=now, version=_local_version())
    return reg


def _local_version() -> int | None:
    if local_directory() is None:
        return None
    from greenmfg.jurisdictions.models import InstalledRuleset  # noqa: PLC0415 - models load after this module

    return InstalledRuleset.objects.filter(source="local").count()


def _registry_cache_clear() -> None:
    _REGISTRY.clear()


registry.cache_clear = _registry_cache_clear  # type: ignore[attr-defined]


class Rules:
    """The rules in force for one jurisdiction on one date.

    ``rules.get("public_notice.length")`` returns the value; ``rules.param(key)``
    returns it with its citation. A key no file in the chain sets raises
    :class:`KeyError` naming the key and the chain.
    """

    def __init__(self, chain: list[RulesetFile], on: dt.date):
        self.chain = chain
        self.on = on
        self._resolved: dict[str, ResolvedParam | KeyError] = {}

    @property
    def ruleset(self) -> RulesetFile:
        return self.chain[0]

    def param(self, key: str) -> ResolvedParam:
        """The value of ``key`` in force, with its citation (see :class:`ResolvedParam`).

        The nearest file that sets the key wins, except that (1) a value marked
        ``extends`` adds its items to what the ancestors say, and (2) a value an ancestor
        marks ``binding`` applies where the nearer value loosens it (a later deadline, a
        shorter look-back …: 000 第十三条 binds Guangzhou's 004 第十一条). Raises
        :class:`KeyError` naming the key and the chain when no file sets it."""
        found = self._resolved.get(key)
        if found is None:
            found = self._resolve(key)
            self._resolved[key] = found
        if isinstance(found, KeyError):
            raise found
        return found

    def _resolve(self, key: str) -> ResolvedParam | KeyError:
        spec = PARAMETERS.get(key)
        if spec is None:
            return KeyError(f"unknown ruleset parameter {key!r}")
        for depth, rf in enumerate(self.chain):
            dv = next((v for v in rf.parameters.get(key, ()) if v.in_force(self.on)), None)
            if dv is None:
                continue
            value, ref = dv.value, dv.ref
            if dv.extends and depth + 1 < len(self.chain):
                parent = Rules(self.chain[depth + 1 :], self.on)
                if parent.has(key):
                    above = parent.param(key)
                    value = [*above.value, *(x for x in dv.value if x not in above.value)]
                    ref = f"{above.ref}; {dv.ref}"
            resolved = ResolvedParam(
                key,
                value,
                ref,
                rf.slug,
                depth > 0,
                dv.valid_from,
                dv.valid_until,
                dv.note,
                dv.binding,
            )
            return self._apply_binding(spec, resolved, depth)
        names = " → ".join(rf.slug for rf in self.chain)
        return KeyError(f"parameter {key!r} is not set for {self.on} in {names}")

    def _apply_binding(self, spec: ParamSpec, resolved: ResolvedParam, depth: int) -> ResolvedParam:
        """``resolved`` (set at ``depth``), or the nearest binding ancestor value it loosens."""
        if spec.tighter is None:
            return resolved
        for rf in self.chain[depth + 1 :]:
            dv = next((v for v in rf.parameters.get(spec.key, ()) if v.in_force(self.on)), None)
            if dv is None or not dv.binding:
                continue
            if not tightens(spec, resolved.value, dv.value):
                return ResolvedParam(
                    spec.key,
                    dv.value,
                    dv.ref,
                    rf.slug,
                    True,
                    dv.valid_from,
                    dv.valid_until,
                    dv.note,
                    True,
                    loosened_value=resolved.value,
                    loosened_ref=resolved.ref,
                    loosened_source=resolved.source,
                )
        return resolved

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
    reg = registry()
    rf = ruleset_for_codes(jurisdiction.ancestor_codes, reg)
    return Rules(reg.chain(rf.slug), on or clock.today())


def rules_for_slug(slug: str, on: dt.date | None = None) -> Rules:
    """The :class:`Rules` of the ruleset ``slug`` (e.g. ``guangzhou``) on ``on``."""
    reg = registry()
    if slug not in reg.files:
        raise RulesetError(f"no ruleset named '{slug}'")
    return Rules(reg.chain(slug), on or clock.today())


@dataclass(frozen=True)
class BindingConflict:
    """A file whose value of ``key`` loosens a binding value of an ancestor: the
    binding value applies (``binding_*``), the file's own is set aside (``child_*``)."""

    slug: str
    key: str
    child_value: Any
    child_ref: str
    child_source: str
    binding_value: Any
    binding_ref: str
    binding_source: str

    def __str__(self) -> str:
        return (
            f"{self.child_source}.yaml: {self.key} {self.child_value!r} ({self.child_ref}) "
            f"loosens the binding {self.binding_value!r} of {self.binding_source}.yaml "
            f"({self.binding_ref}); {self.binding_value!r} applies"
        )


def binding_conflicts(
    reg: RulesetRegistry | None = None, on: dt.date | None = None
) -> list[BindingConflict]:
    """Every (file, key) on ``on`` where the file's own value loosens an ancestor's
    binding value, the file's own conflicts only (a district inherits its city's)."""
    reg = reg or registry()
    on = on or clock.today()
    out = []
    for slug, rf in sorted(reg.files.items()):
        rules = Rules(reg.chain(slug), on)
        for key in rf.parameters:
            try:
                param = rules.param(key)
            except KeyError:
                continue
            if param.overrides_a_child and param.loosened_source == slug:
                out.append(
                    BindingConflict(
                        slug,
                        key,
                        param.loosened_value,
                        param.loosened_ref,
                        param.loosened_source,
                        param.value,
                        param.ref,
                        param.source,
                    )
                )
    return out


@dataclass
class CandidateCheck:
    """The outcome of checking a ruleset file before it goes live: the parsed file, the
    SHA-256 of the version in force it would replace (empty for a new jurisdiction) and
    the values that loosen a binding value of its parents."""

    file: RulesetFile
    replaces: str
    conflicts: list[BindingConflict]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": True,
            "slug": self.file.slug,
            "division": self.file.division,
            "parent": self.file.parent,
            "sha256": self.file.sha256,
            "parameters": len(self.file.parameters),
            "replaces": self.replaces,
            "binding_conflicts": [str(c) for c in self.conflicts],
        }


def check_candidate(path: Path, on: dt.date) -> CandidateCheck:
    """Validate the ruleset file at ``path`` against the rulesets in force: its own
    format, keys and citations, its file name, a parent in force, a division no other
    jurisdiction's file has, no parent cycle. Raises :class:`RulesetError` naming the
    file and the key; returns the binding conflicts it would bring (not errors: the
    binding values apply)."""
    rf = parse_file(path)
    if rf.slug != path.stem:
        raise RulesetError(f"{path.name}: slug '{rf.slug}' must match the file name")
    current = registry()
    files = [f for f in current.files.values() if f.slug != rf.slug] + [rf]
    trial = assemble(files)
    if trial.errors:
        raise RulesetError(trial.errors[0])
    replaces = current.files[rf.slug].sha256 if rf.slug in current.files else ""
    conflicts = [c for c in binding_conflicts(trial, on) if c.slug == rf.slug]
    return CandidateCheck(rf, replaces, conflicts)
