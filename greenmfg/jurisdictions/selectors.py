"""Read-only views of the rulesets, shared by the ``rules`` commands and the public
rules pages (docs/rulesets.md).

In: a jurisdiction reference — a 6-digit division code (``440100``), a jurisdiction
slug (``guangzhou``) or a ruleset slug — and a date. Out: plain dataclasses
(:class:`RulesTable`, :class:`RulesComparison`, :class:`RulesetSummary`) holding the
parameters in force, their citations, the file that set each one and whether it was
inherited, with the values rendered readably for people (``display``) and kept raw
for JSON (``value``). Nothing here writes; resolving a reference costs one query.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import Level, ListType, ReviewStep
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.parameters import PARAMETERS
from greenmfg.jurisdictions.rulesets import (
    ResolvedParam,
    Rules,
    RulesetFile,
    RulesetRegistry,
    registry,
    ruleset_for_codes,
)

DIVISION_CODE = re.compile(r"^\d{6}$")
CHINESE_NUMERALS = "一二三四五六七八九十"


class UnknownJurisdiction(LookupError):
    """The reference names no jurisdiction and no ruleset; the message says so in
    Chinese and English and repeats the reference."""

    def __init__(self, ref: str):
        self.ref = ref
        super().__init__(
            f"未知的辖区“{ref}”：请填写6位行政区划代码（如 440100）、辖区英文简称或规则集名称。"
            f" / Unknown jurisdiction '{ref}': give a 6-digit division code (e.g. 440100),"
            " a jurisdiction slug or a ruleset name."
        )


# --- readable values ---------------------------------------------------------------

#: first key segment -> group id (the list keys share one group)
_GROUP_OF_SEGMENT = {"list_types": "lists", "levels_published": "lists", "list_title": "lists"}

#: group id -> Chinese title, in the order of docs/rulesets.md
GROUP_TITLES: dict[str, Any] = {
    "lists": _("名单类型与层级"),
    "platform": _("申报平台"),
    "pool": _("培育库"),
    "entry": _("申报条件"),
    "evaluation": _("评价"),
    "priority": _("优先推荐"),
    "selection": _("遴选推荐"),
    "scoring": _("评分"),
    "stars": _("星级"),
    "consultation": _("征求部门意见"),
    "quotas": _("推荐名额"),
    "public_notice": _("公示"),
    "disqualification": _("否决条件"),
    "fraud": _("弄虚作假"),
    "dynamic": _("动态管理"),
    "removal": _("移出名单"),
    "agency": _("第三方评价机构"),
    "complaints": _("投诉举报"),
    "incentives": _("激励措施"),
}

#: enumerated values of the parameters -> Chinese labels
VALUE_LABELS: dict[str, Any] = {
    # list types, list levels and authority levels
    **dict(ListType.choices),
    **dict(Level.choices),
    "district": _("区县级"),
    "city": _("市级"),
    "province": _("省级"),
    # review steps
    **dict(ReviewStep.choices),
    # periods, routes, places
    "working_days": _("工作日"),
    "calendar_days": _("自然日"),
    "self": _("自评价"),
    "third_party": _("第三方评价"),
    "registered_and_production": _("注册地和生产地均在本辖区"),
    "registered": _("依法在本辖区设立"),
    "year": _("每年度"),
    "batch": _("每批次"),
    "promptly": _("及时报送"),
    "with_dynamic_form": _("填报动态管理表时说明"),
    "promptly_and_with_dynamic_form": _("及时报送，并在填报动态管理表时说明"),
    "within_months": _("办理手续后限期报送"),
    "jurisdiction": _("本辖区单位的项目"),
    "everywhere": _("不限单位所在地的项目"),
    "level_above": _("上报上一级主管部门"),
    "list_publisher": _("分别上报各层级名单的发布机关"),
    "unlimited": _("不限"),
    "by_above_scale_enterprises": _("按规模以上工业企业数量等因素确定"),
    # removal causes
    "disqualifying_condition": _("出现否决情形"),
    "not_filing": _("未按要求填报动态管理表"),
    "not_filing_and_refusing_check": _("未填报动态管理表且拒不接受核查"),
    "falsified_data": _("弄虚作假"),
    "no_longer_meets_standard_after_change": _("变更后不再符合要求"),
    "bottom_five_percent_three_years": _("连续三年排名后5%"),
    "major_safety_or_quality_accident": _("重大及以上生产安全和质量事故"),
    "grade_ii_environmental_event": _("Ⅱ级（重大）及以上突发环境污染事件"),
}

#: values that are identifiers rather than words: shown as they are
_VERBATIM_KEYS = ("evaluation.standard.",)


def group_of(key: str) -> str:
    """The group id of a parameter key: its first segment (list keys share ``lists``)."""
    first = key.split(".", 1)[0]
    return _GROUP_OF_SEGMENT.get(first, first)


def _label(key: str, value: Any) -> str:
    if isinstance(value, str) and not key.startswith(_VERBATIM_KEYS) and value in VALUE_LABELS:
        return str(VALUE_LABELS[value])
    return str(value)


def display_value(key: str, value: Any) -> tuple[str, list[str]]:
    """A parameter value for people: ``(text, items)``.

    Booleans are 是/否, lists are joined with 、, a ``{start, end}`` window is
    ``01-01 至 01-31``, enumerated values get their Chinese labels. The disqualifying
    conditions come back as ``items`` (one "（一）title（ref）" line per condition, for a
    numbered list) with ``text`` counting them.
    """
    if key == "disqualification.conditions":
        items = [f"（{_numeral(c['number'])}）{c['title']}（{c['ref']}）" for c in value or []]
        return str(_("共 {n} 项")).format(n=len(items)), items
    if isinstance(value, bool):
        return str(_("是") if value else _("否")), []
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']} {_('至')} {value['end']}", []
    if isinstance(value, list):
        return "、".join(_label(key, v) for v in value) or "—", []
    return _label(key, value), []


def _numeral(n: Any) -> str:
    if isinstance(n, int) and 1 <= n <= len(CHINESE_NUMERALS):
        return CHINESE_NUMERALS[n - 1]
    return str(n)


def jsonable(value: Any) -> Any:
    """``value`` with dates turned into ISO strings (YAML may give dates)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


# --- jurisdictions -----------------------------------------------------------------


@dataclass(frozen=True)
class JurisdictionInfo:
    """The jurisdiction a reference named (from the database, or from the ruleset file
    when the reference data is not loaded: then ``level`` is empty)."""

    code: str
    name: str
    full_name: str
    level: str
    slug: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "full_name": self.full_name,
            "level": self.level,
            "slug": self.slug,
        }


@dataclass(frozen=True)
class Governing:
    """A resolved reference: the jurisdiction, its governing ruleset file and the chain
    of files (nearest first). ``own_file`` is False when the jurisdiction has no file
    of its own and follows the nearest file above it."""

    jurisdiction: JurisdictionInfo
    ruleset: RulesetFile
    chain: list[RulesetFile]

    @property
    def own_file(self) -> bool:
        return self.ruleset.division == self.jurisdiction.code


def resolve(ref: str, reg: RulesetRegistry | None = None) -> Governing:
    """The jurisdiction and governing ruleset for ``ref`` (code, slug or ruleset slug).

    One query. Raises :class:`UnknownJurisdiction` when nothing matches.
    """
    reg = reg or registry()
    ref = (ref or "").strip()
    key = ref.lower()
    if not key:
        raise UnknownJurisdiction(ref)
    named_file = reg.files.get(key)
    query = Q(slug=key)
    if DIVISION_CODE.match(key):
        query |= Q(code=key)
    if named_file is not None:
        query |= Q(code=named_file.division)
    found = list(
        Jurisdiction.objects.filter(query).only(
            "code", "name", "full_name", "level", "path", "slug"
        )
    )
    # priority: the division code, then the jurisdiction slug, then the ruleset's division
    for wanted in (
        lambda j: j.code == key,
        lambda j: j.slug == key,
        lambda j: named_file is not None and j.code == named_file.division,
    ):
        match = next((j for j in found if wanted(j)), None)
        if match is not None:
            rf = ruleset_for_codes(match.ancestor_codes, reg)
            info = JurisdictionInfo(
                match.code, match.name, match.full_name, match.level, match.slug
            )
            return Governing(info, rf, reg.chain(rf.slug))
    if named_file is not None:  # reference data not loaded: describe it from the file
        info = JurisdictionInfo(
            named_file.division, named_file.name, named_file.name, "", named_file.slug
        )
        return Governing(info, named_file, reg.chain(named_file.slug))
    raise UnknownJurisdiction(ref)


# --- one jurisdiction's rules -----------------------------------------------------


@dataclass(frozen=True)
class RuleRow:
    """One parameter in force: raw ``value`` and readable ``display`` (+ ``items`` for
    a numbered list), citation, the file that set it and its name, inherited or not."""

    key: str
    group: str
    meaning: str
    value: Any
    display: str
    items: list[str]
    ref: str
    source: str
    source_name: str
    inherited: bool
    valid_from: dt.date | None
    valid_until: dt.date | None
    note: str
    #: the value binds child rulesets (they may only tighten it)
    binding: bool = False
    #: what a nearer file said and had set aside because it loosened the binding value
    loosened_display: str = ""
    loosened_ref: str = ""
    loosened_source_name: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rules show --json``."""
        out = {
            "key": self.key,
            "value": jsonable(self.value),
            "ref": self.ref,
            "source": self.source,
            "inherited": self.inherited,
            "from": self.valid_from.isoformat() if self.valid_from else None,
            "until": self.valid_until.isoformat() if self.valid_until else None,
            "note": self.note,
            "binding": self.binding,
        }
        if self.loosened_ref:
            out["set_aside"] = {
                "value": self.loosened_display,
                "ref": self.loosened_ref,
                "source": self.loosened_source_name,
            }
        return out


@dataclass(frozen=True)
class RuleGroup:
    """The rows of one group (``pool``, ``public_notice`` …) with its Chinese title."""

    key: str
    title: str
    rows: list[RuleRow]


@dataclass
class RulesTable:
    """The rules in force for one jurisdiction on one date.

    ``rows`` in the order of the parameter list; ``not_set`` the keys no file of the
    chain sets on that date.
    """

    jurisdiction: JurisdictionInfo
    ruleset: RulesetFile
    chain: list[RulesetFile]
    on: dt.date
    rows: list[RuleRow]
    not_set: list[str]
    own_file: bool

    @property
    def chain_slugs(self) -> list[str]:
        return [rf.slug for rf in self.chain]

    @property
    def by_key(self) -> dict[str, RuleRow]:
        return {r.key: r for r in self.rows}

    @property
    def groups(self) -> list[RuleGroup]:
        """The rows grouped by their key's first segment, groups in a fixed order."""
        buckets: dict[str, list[RuleRow]] = {}
        for row in self.rows:
            buckets.setdefault(row.group, []).append(row)
        order = [g for g in GROUP_TITLES if g in buckets] + [
            g for g in buckets if g not in GROUP_TITLES
        ]
        return [RuleGroup(g, str(GROUP_TITLES.get(g, g)), buckets[g]) for g in order]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rules show --json``."""
        return {
            "jurisdiction": self.jurisdiction.as_dict(),
            "ruleset": self.ruleset.slug,
            "own_file": self.own_file,
            "chain": self.chain_slugs,
            "on": self.on.isoformat(),
            "parameters": [r.as_dict() for r in self.rows],
            "not_set": self.not_set,
        }


def _row(param: ResolvedParam, names: dict[str, str]) -> RuleRow:
    text, items = display_value(param.key, param.value)
    loosened = ""
    if param.overrides_a_child:
        loosened = display_value(param.key, param.loosened_value)[0]
    return RuleRow(
        key=param.key,
        group=group_of(param.key),
        meaning=PARAMETERS[param.key].meaning,
        value=param.value,
        display=text,
        items=items,
        ref=param.ref,
        source=param.source,
        source_name=names.get(param.source, param.source),
        inherited=param.inherited,
        valid_from=param.valid_from,
        valid_until=param.valid_until,
        note=param.note,
        binding=param.binding,
        loosened_display=loosened,
        loosened_ref=param.loosened_ref,
        loosened_source_name=names.get(param.loosened_source, param.loosened_source),
    )


def rules_table(ref: str, on: dt.date) -> RulesTable:
    """The rules in force for the jurisdiction ``ref`` on ``on`` (see :func:`resolve`).

    Raises :class:`UnknownJurisdiction`.
    """
    gov = resolve(ref)
    rules = Rules(gov.chain, on)
    names = {rf.slug: rf.name for rf in gov.chain}
    rows = [_row(p, names) for p in rules.all()]
    set_keys = {r.key for r in rows}
    return RulesTable(
        jurisdiction=gov.jurisdiction,
        ruleset=gov.ruleset,
        chain=gov.chain,
        on=on,
        rows=rows,
        not_set=[k for k in PARAMETERS if k not in set_keys],
        own_file=gov.own_file,
    )


# --- two jurisdictions side by side ---------------------------------------------------


@dataclass(frozen=True)
class ComparisonRow:
    """One key with each side's row (``None`` = not set on that side); ``differs``
    when the values differ or only one side sets it."""

    key: str
    group: str
    meaning: str
    a: RuleRow | None
    b: RuleRow | None

    @property
    def differs(self) -> bool:
        if self.a is None or self.b is None:
            return True
        return self.a.value != self.b.value

    def as_dict(self) -> dict[str, Any]:
        def side(row: RuleRow | None) -> dict[str, Any] | None:
            if row is None:
                return None
            return {
                "value": jsonable(row.value),
                "ref": row.ref,
                "source": row.source,
                "inherited": row.inherited,
            }

        return {"key": self.key, "a": side(self.a), "b": side(self.b)}


@dataclass(frozen=True)
class ComparisonGroup:
    """The comparison rows of one group with its Chinese title."""

    key: str
    title: str
    rows: list[ComparisonRow]


@dataclass
class RulesComparison:
    """Two jurisdictions' rules on one date: ``rows`` lists every key set on at least
    one side (in parameter order); ``differences`` those that differ."""

    a: RulesTable
    b: RulesTable
    on: dt.date
    rows: list[ComparisonRow] = field(default_factory=list)

    @property
    def differences(self) -> list[ComparisonRow]:
        return [r for r in self.rows if r.differs]

    def groups(self, only_differences: bool = False) -> list[ComparisonGroup]:
        """The rows (or only the differing ones) grouped like :attr:`RulesTable.groups`."""
        buckets: dict[str, list[ComparisonRow]] = {}
        for row in self.differences if only_differences else self.rows:
            buckets.setdefault(row.group, []).append(row)
        order = [g for g in GROUP_TITLES if g in buckets] + [
            g for g in buckets if g not in GROUP_TITLES
        ]
        return [ComparisonGroup(g, str(GROUP_TITLES.get(g, g)), buckets[g]) for g in order]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``rules diff --json``."""

        def head(t: RulesTable) -> dict[str, Any]:
            return {
                "jurisdiction": t.jurisdiction.as_dict(),
                "ruleset": t.ruleset.slug,
                "chain": t.chain_slugs,
            }

        return {
            "a": head(self.a),
            "b": head(self.b),
            "on": self.on.isoformat(),
            "differences": [r.as_dict() for r in self.differences],
        }


def rules_comparison(a: str, b: str, on: dt.date) -> RulesComparison:
    """The rules of jurisdictions ``a`` and ``b`` side by side on ``on``.

    Raises :class:`UnknownJurisdiction` naming the side that is unknown. Two queries.
    """
    ta, tb = rules_table(a, on), rules_table(b, on)
    amap, bmap = ta.by_key, tb.by_key
    rows = [
        ComparisonRow(key, group_of(key), PARAMETERS[key].meaning, amap.get(key), bmap.get(key))
        for key in PARAMETERS
        if key in amap or key in bmap
    ]
    return RulesComparison(ta, tb, on, rows)


# --- every ruleset file -----------------------------------------------------------------


@dataclass(frozen=True)
class DocumentInfo:
    """One source document of a ruleset file, as the file describes it."""

    key: str
    title: str
    number: str
    note: str


@dataclass(frozen=True)
class RulesetSummary:
    """One ruleset file for the index: its jurisdiction, parent, status, documents and
    how many parameters it sets itself."""

    slug: str
    name: str
    division: str
    full_name: str
    parent_slug: str | None
    parent_name: str
    status: str
    notes: str
    documents: list[DocumentInfo]
    own_parameters: int
    in_force_from: dt.date | None
    in_force_until: dt.date | None

    @property
    def status_kind(self) -> str:
        """``missing`` (not yet encoded), ``partial`` (partly encoded or a draft text)
        or ``encoded``: a CSS class for the status badge."""
        status = self.status.lower()
        if status.startswith("not yet"):
            return "missing"
        if "partial" in status or "draft" in status or "defaults" in status:
            return "partial"
        return "encoded"


def ruleset_index() -> list[RulesetSummary]:
    """Every ruleset file, national first, then by division code. One query (the
    jurisdictions' full names)."""
    reg = registry()
    files = sorted(reg.files.values(), key=lambda rf: (rf.parent is not None, rf.division))
    full_names = dict(
        Jurisdiction.objects.filter(code__in=[rf.division for rf in files]).values_list(
            "code", "full_name"
        )
    )
    out = []
    for rf in files:
        parent = reg.files.get(rf.parent) if rf.parent else None
        docs = [
            DocumentInfo(
                key=str(k),
                title=str(d.get("title", "")),
                number=str(d.get("number", "")),
                note=str(d.get("note", "")),
            )
            for k, d in (rf.documents or {}).items()
            if isinstance(d, dict)
        ]
        out.append(
            RulesetSummary(
                slug=rf.slug,
                name=rf.name,
                division=rf.division,
                full_name=full_names.get(rf.division, rf.name),
                parent_slug=rf.parent,
                parent_name=parent.name if parent else "",
                status=rf.status,
                notes=rf.notes,
                documents=docs,
                own_parameters=len(rf.parameters),
                in_force_from=_as_date(rf.in_force.get("from")),
                in_force_until=_as_date(rf.in_force.get("until")),
            )
        )
    return out


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            return None
    return None


def resolve_jurisdiction(ref: str) -> Jurisdiction:
    """The Jurisdiction row for ``ref`` (division code, slug or ruleset name); raises
    :class:`UnknownJurisdiction`."""
    governing = resolve(ref)
    found = Jurisdiction.objects.filter(code=governing.jurisdiction.code).first()
    if found is None:
        raise UnknownJurisdiction(ref)
    return found
