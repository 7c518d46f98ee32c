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
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULESET_DIR = Path(__file__).resolve().parent.parent / "rulesets"

LIST_TYPES = ("factory", "park", "supply_chain", "design_product")
LEVELS = ("municipal", "provincial", "national")
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class RulesetError(ValueError):
    """A ruleset file is invalid; the message names the file and the key."""


# --- parameter types -------------------------------------------------------------


def _is_month_day(v: Any) -> bool:
    return isinstance(v, str) and bool(MONTH_DAY.match(v))


def _check_window(v: Any) -> bool:
    return (
        isinstance(v, dict)
        and set(v) == {"start", "end"}
        and all(_is_month_day(x) for x in v.values())
    )


def _check_list_of(choices: tuple[str, ...] | None) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        return isinstance(v, list) and all(
            isinstance(x, str) and (choices is None or x in choices) for x in v
        )

    return check


def _check_enum(choices: tuple[str, ...]) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in choices


def _check_conditions(v: Any) -> bool:
    if not isinstance(v, list) or not v:
        return False
    for item in v:
        if not isinstance(item, dict) or set(item) - {
            "number",
            "kinds",
            "ongoing_kinds",
            "title",
            "ref",
        }:
            return False
        if not isinstance(item.get("number"), int) or not isinstance(item.get("title"), str):
            return False
        if not _check_list_of(CREDIT_RECORD_KINDS)(item.get("kinds")):
            return False
        if not _check_list_of(CREDIT_RECORD_KINDS)(item.get("ongoing_kinds", [])):
            return False
        if not isinstance(item.get("ref"), str):
            return False
    return True


def _check_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


CREDIT_RECORD_KINDS = (
    "deregistered",
    "production_stopped",
    "abnormal_operation_list",
    "safety_accident",
    "quality_accident",
    "environmental_accident",
    "cyber_data_security_incident",
    "tax_evasion",
    "other_violation",
    "green_list_removal",
    "inspection_serious_problem",
    "energy_supervision_rectification",
    "dishonest_judgment_debtor",
)

REVIEW_STEPS = ("district_preliminary_review", "city_conformity_review", "city_review")
PERIOD_UNITS = ("working_days", "calendar_days")
ROUTES = ("self", "third_party")


@dataclass(frozen=True)
class ParamSpec:
    """A known parameter: its key, a type check with a readable type name, meaning."""

    key: str
    type_name: str
    check: Callable[[Any], bool]
    meaning: str


def _spec(key: str, type_name: str, check: Callable[[Any], bool], meaning: str) -> ParamSpec:
    return ParamSpec(key, type_name, check, meaning)


PARAMETERS: dict[str, ParamSpec] = {
    s.key: s
    for s in [
        _spec(
            "list_types",
            "list of list types",
            _check_list_of(LIST_TYPES),
            "名单类型 the jurisdiction runs",
        ),
        _spec(
            "levels_published",
            "list of levels",
            _check_list_of(LEVELS),
            "list levels this jurisdiction publishes",
        ),
        _spec(
            "list_title",
            "str with {year}",
            lambda v: isinstance(v, str) and "{year}" in v,
            "title of the published list",
        ),
        _spec(
            "pool.keeper",
            "enum city|district|province",
            _check_enum(("city", "district", "province")),
            "who keeps the cultivation pool",
        ),
        _spec(
            "pool.registration_window",
            "{start: MM-DD, end: MM-DD}",
            _check_window,
            "when units may register for the pool",
        ),
        _spec(
            "pool.review_steps",
            "list of review steps",
            _check_list_of(REVIEW_STEPS),
            "reviews of a registration, in order",
        ),
        _spec("pool.validity_years", "int", _check_int, "years a pool candidate stays valid"),
        _spec(
            "pool.required_for_application",
            "bool",
            lambda v: isinstance(v, bool),
            "only candidates may apply",
        ),
        _spec(
            "entry.located_in_jurisdiction",
            "bool",
            lambda v: isinstance(v, bool),
            "registered address and production site inside the jurisdiction",
        ),
        _spec(
            "entry.manufacturing_enterprise",
            "bool",
            lambda v: isinstance(v, bool),
            "independent legal entity doing real manufacturing",
        ),
        _spec(
            "entry.clean_production_certified",
            "bool",
            lambda v: isinstance(v, bool),
            "valid 清洁生产企业 status",
        ),
        _spec(
            "entry.park.industrial_value_added_share_min",
            "number (%)",
            _check_number,
            "park: industrial value added share above this",
        ),
        _spec(
            "entry.park.cultivation_plan",
            "bool",
            lambda v: isinstance(v, bool),
            "park publishes a factory cultivation plan",
        ),
        _spec(
            "entry.park.min_park_level_for_upper_lists",
            "enum",
            _check_enum(("provincial", "national")),
            "park level needed for provincial/national lists",
        ),
        _spec(
            "entry.supply_chain.supplier_plan",
            "bool",
            lambda v: isinstance(v, bool),
            "supplier green-factory cultivation plan",
        ),
        _spec(
            "evaluation.routes",
            "list self|third_party",
            _check_list_of(ROUTES),
            "how an evaluation report may be produced",
        ),
        _spec(
            "evaluation.standard.factory",
            "str",
            lambda v: isinstance(v, str),
            "indicator system for factories",
        ),
        _spec(
            "evaluation.standard.park",
            "str",
            lambda v: isinstance(v, str),
            "indicator system for parks",
        ),
        _spec(
            "evaluation.standard.supply_chain",
            "str",
            lambda v: isinstance(v, str),
            "indicator system for supply chains",
        ),
        _spec(
            "selection.application_window",
            "{start: MM-DD, end: MM-DD}",
            _check_window,
            "when candidates may submit applications",
        ),
        _spec(
            "selection.review_steps",
            "list of review steps",
            _check_list_of(REVIEW_STEPS),
            "reviews of an application, in order",
        ),
        _spec(
            "selection.deadline.district_to_city",
            "MM-DD",
            _is_month_day,
            "district recommends to the city by this day",
        ),
        _spec(
            "selection.deadline.city_to_province",
            "MM-DD",
            _is_month_day,
            "city recommends to the province by this day",
        ),
        _spec(
            "selection.deadline.province_to_nation",
            "MM-DD",
            _is_month_day,
            "province recommends to MIIT by this day",
        ),
        _spec("scoring.pass_mark", "number", _check_number, "minimum score for the municipal list"),
        _spec(
            "scoring.star_for_pass",
            "int 1-3",
            lambda v: _check_int(v) and 1 <= v <= 3,
            "star given on passing (Guangzhou 1 star)",
        ),
        _spec(
            "scoring.star_for_provincial_listing",
            "int 1-3",
            lambda v: _check_int(v) and 1 <= v <= 3,
            "star raised on provincial listing",
        ),
        _spec(
            "scoring.star_for_national_listing",
            "int 1-3",
            lambda v: _check_int(v) and 1 <= v <= 3,
            "star raised on national listing",
        ),
        _spec(
            "scoring.grades",
            "list of A|B|C",
            _check_list_of(("A", "B", "C")),
            "provincial special-review grades",
        ),
        _spec(
            "scoring.min_grade_for_national",
            "enum A|B|C",
            _check_enum(("A", "B", "C")),
            "grade needed for national recommendation",
        ),
        _spec("public_notice.length", "int", _check_int, "length of the public notice"),
        _spec(
            "public_notice.unit",
            "working_days|calendar_days",
            _check_enum(PERIOD_UNITS),
            "unit of the notice length",
        ),
        _spec(
            "public_notice.count_start_day",
            "bool",
            lambda v: isinstance(v, bool),
            "the publication day is day 1",
        ),
        _spec(
            "public_notice.extend_past_holiday",
            "bool",
            lambda v: isinstance(v, bool),
            "a calendar-day period ending on a rest day ends on the next working day",
        ),
        _spec(
            "public_notice.where",
            "str",
            lambda v: isinstance(v, str),
            "where the notice is published",
        ),
        _spec(
            "disqualification.lookback_years",
            "int",
            _check_int,
            "years looked back for disqualifying conditions",
        ),
        _spec(
            "disqualification.conditions",
            "list of conditions",
            _check_conditions,
            "the disqualifying conditions",
        ),
        _spec(
            "consultation.departments",
            "list of str",
            _check_list_of(None),
            "departments consulted before recommending",
        ),
        _spec(
            "dynamic.annual_report_deadline",
            "MM-DD",
            _is_month_day,
            "annual dynamic form due by this day",
        ),
        _spec(
            "dynamic.filing_officer_training_required",
            "bool",
            lambda v: isinstance(v, bool),
            "filing officer must have attended training",
        ),
        _spec(
            "dynamic.incident_report_days",
            "int (0 = real time)",
            _check_int,
            "days to report a major incident upward",
        ),
        _spec(
            "agency.project_cap", "int", _check_int, "projects per legal representative per year"
        ),
        _spec(
            "agency.cap_counts_level",
            "enum",
            _check_enum(LEVELS),
            "level of the projects the cap counts",
        ),
        _spec(
            "agency.distrust_years",
            "int",
            _check_int,
            "years an agency's reports are not accepted after fraud",
        ),
        _spec(
            "complaints.to",
            "list of levels",
            _check_list_of(("district", "city", "province", "national")),
            "where real-name complaints go",
        ),
        _spec("incentives.green_code", "bool", lambda v: isinstance(v, bool), "企业绿码 promoted"),
    ]
}


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
        return {f.division: f for f in self.files.values()}

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
