"""Random spot checks (双随机、一公开): an authority draws units from its active listed
population and inspectors from its pool, with a recorded seed, and publishes the
results (000 第二十条 不定期进行现场抽查复核; 002 第十九条; 003 第十六条; 004 第十四条).
Who may draw is ``dynamic.spot_checks_by`` of the authority's own rules.

The method (published with every draw, :data:`METHOD`), so anyone can repeat it:

1. population: every unit registered within the authority's jurisdiction with at least
   one active listing, sorted by unified social credit code (then platform id);
2. weights: 1, or 1 + ``anomaly_weight`` for a unit whose latest dynamic form carries
   an anomaly flag;
3. ``rng = random.Random(seed)``; for each unit in that order ``u = rng.random()`` and
   ``key = u ** (1 / weight)``; the ``count`` units with the largest keys are drawn
   (Efraimidis–Spirakis weighted sampling without replacement; with every weight 1
   this is a simple random sample: every set of ``count`` units equally likely);
4. inspectors: the pool sorted by platform id; for each drawn unit, in draw order,
   ``rng.sample(pool, inspectors_per_unit)``.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from greenmfg.audit.services import record_event
from greenmfg.audit.transitions import apply_transition, lock
from greenmfg.core import clock
from greenmfg.core.decisions import Decision, Reason
from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import rules_for
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.parties.models import Organisation, User
from greenmfg.parties.permissions import require
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.supervision.common import zh
from greenmfg.supervision.dynamic.models import AnomalyFlag, DynamicForm
from greenmfg.supervision.spot_checks.models import (
    SPOT_RESULT_CORRECTIONS,
    SPOT_RESULT_TRANSITIONS,
    InspectorPool,
    SpotCheckDraw,
    SpotCheckItem,
    SpotResult,
)

METHOD_VERSION = "greenmfg-spot-check-1"
METHOD = _(
    "抽取范围：本机关辖区内在有效绿色制造名单上的全部单位，按统一社会信用代码（无代码的按平台标识）"
    "升序排列；权重：无异常提示的单位为1，最近一期动态管理表有异常提示的单位为1+加权值。"
    "以公布的随机种子初始化 Python 的 random.Random(种子)，对排列后的每家单位依次取 u=random()，"
    "计算 key=u^(1/权重)，取 key 最大的N家（加权不放回抽样；权重全为1时为等概率简单随机抽样）。"
    "检查人员范围：本机关检查人员库中的专家，按平台标识升序排列；按抽中顺序为每家单位用"
    " random.sample 抽取规定人数的检查人员。任何人可用公布的种子和名录重复本次抽取。"
)


@dataclass(frozen=True)
class Candidate:
    unit_id: int
    key: str
    name: str
    uscc: str
    weight: float


def population(authority: Jurisdiction, anomaly_weight: float = 0.0) -> list[Candidate]:
    """The sorted population of an authority's draw (two queries)."""
    listed = Listing.objects.filter(unit=OuterRef("pk"), status=ListingStatus.ACTIVE)
    units = Organisation.objects.filter(
        Exists(listed), registered_division__path__startswith=authority.path
    ).only("id", "uuid", "uscc", "name")
    flagged: set[int] = set()
    if anomaly_weight:
        latest: dict[int, tuple[int, int]] = {}
        for unit_id, year, form_id in DynamicForm.objects.filter(
            unit__registered_division__path__startswith=authority.path
        ).values_list("unit_id", "filing_year", "id"):
            if unit_id not in latest or year > latest[unit_id][0]:
                latest[unit_id] = (year, form_id)
        with_flags = set(
            AnomalyFlag.objects.filter(form_id__in=[f for _y, f in latest.values()]).values_list(
                "form_id", flat=True
            )
        )
        flagged = {u for u, (_y, f) in latest.items() if f in with_flags}
    rows = [
        Candidate(
            unit_id=u.id,
            key=f"{u.uscc or ''}|{u.uuid}",
            name=u.name,
            uscc=u.uscc or "",
            weight=1.0 + (anomaly_weight if u.id in flagged else 0.0),
        )
        for u in units
    ]
    return sorted(rows, key=lambda c: c.key)


def inspector_population(authority: Jurisdiction) -> list[User]:
    return sorted(
        (
            p.user
            for p in InspectorPool.objects.filter(
                authority__jurisdiction=authority, user__role=Role.EXPERT, user__is_active=True
            ).select_related("user")
        ),
        key=lambda u: str(u.uuid),
    )


def draw_indices(weights: list[float], count: int, seed: int) -> tuple[list[int], random.Random]:
    """The indices drawn (in draw order) and the generator, for the inspector draw."""
    rng = random.Random(seed)
    keys = [(rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)]
    keys.sort(key=lambda k: (-k[0], k[1]))
    return [i for _k, i in keys[:count]], rng


def spot_check_citation(rules) -> str:
    return rules.ref("dynamic.spot_checks_by") if rules.has("dynamic.spot_checks_by") else ""


@transaction.atomic
def spot_check_draw(
    *,
    actor,
    authority: Jurisdiction,
    year: int,
    count: int,
    seed: int | None = None,
    inspectors_per_unit: int = 2,
    anomaly_weight: float = 0.0,
) -> SpotCheckDraw:
    """Draw ``count`` units and their inspectors for ``authority``'s spot check of
    ``year`` (000 第二十条; who may draw: ``dynamic.spot_checks_by``). ``actor`` is an
    official of that authority, or None for a command run by the platform operator on
    its behalf. Returns the draw; raises NotPermitted (another authority's official),
    RuleViolation (an authority the rules do not name, counts out of range)."""
    if actor is not None:
        require(actor, "supervision.draw_spot_check", authority, _("只能由本机关组织抽查"))
    today = clock.today()
    rules = rules_for(authority, today)
    d = Decision()
    by = rules.get("dynamic.spot_checks_by", [])
    if authority.level not in by:
        d.refuse(
            "spot_check.by",
            _("本辖区规则规定的现场抽查机关为：{by}"),
            spot_check_citation(rules),
            by="、".join(str(VALUE_LABELS.get(x, x)) for x in by) or "—",
        )
    if count < 1:
        d.refuse("spot_check.count", _("抽取数量至少为1"))
    if inspectors_per_unit < 0 or anomaly_weight < 0:
        d.refuse("spot_check.args", _("检查人员数和加权值不能为负数"))
    d.raise_if_refused()
    pop = population(authority, anomaly_weight)
    pool = inspector_population(authority)
    if count > len(pop):
        d.refuse(
            "spot_check.population",
            _("抽取范围只有{n}家单位，少于抽取数量{count}"),
            n=len(pop),
            count=count,
        )
    if inspectors_per_unit > len(pool):
        d.refuse(
            "spot_check.inspectors",
            _("检查人员库只有{n}人，少于每家所需的{k}人"),
            n=len(pool),
            k=inspectors_per_unit,
        )
    d.raise_if_refused()
    if seed is None:
        seed = secrets.randbelow(2**53)
    indices, rng = draw_indices([c.weight for c in pop], count, seed)
    draw = SpotCheckDraw.objects.create(
        authority=authority,
        year=year,
        seed=seed,
        count=count,
        inspectors_per_unit=inspectors_per_unit,
        anomaly_weight=Decimal(str(anomaly_weight)),
        method=f"{METHOD_VERSION}: {zh(METHOD)}",
        citation=spot_check_citation(rules),
        population=[
            {"uscc": c.uscc, "key": c.key, "name": c.name, "weight": c.weight} for c in pop
        ],
        inspector_population=[str(u.uuid) for u in pool],
        drawn_on=today,
    )
    items = SpotCheckItem.objects.bulk_create(
        SpotCheckItem(
            draw=draw, position=position, unit_id=pop[i].unit_id, weight=Decimal(str(pop[i].weight))
        )
        for position, i in enumerate(indices, start=1)
    )
    if inspectors_per_unit:
        # the inspectors of each item in drawing order: the same sequence of the seeded
        # generator as the items, so a replay draws the same people
        through = SpotCheckItem.inspectors.through
        through.objects.bulk_create(
            through(spotcheckitem_id=item.pk, user_id=person.pk)
            for item in items
            for person in rng.sample(pool, inspectors_per_unit)
        )
    record_event(
        actor=actor,
        action="spot_check.draw",
        obj=draw,
        citations=[draw.citation],
        payload={
            "seed": seed,
            "count": count,
            "population": len(pop),
            "drawn": [pop[i].key for i in indices],
        },
    )
    return draw


def replay(draw: SpotCheckDraw) -> list[str]:
    """Repeat a recorded draw from its published population and seed: the keys drawn."""
    weights = [float(row["weight"]) for row in draw.population]
    indices, _rng = draw_indices(weights, draw.count, draw.seed)
    return [draw.population[i]["key"] for i in indices]


def _result_checks(actor, item: SpotCheckItem, result: str, finding: str) -> None:
    require(
        actor,
        "supervision.record_spot_check_result",
        item,
        _("只能由组织抽查的机关登记结果"),
    )
    if result not in SpotResult.values or result == SpotResult.PENDING:
        raise ValueError(f"unknown result {result!r}")
    if not finding.strip():
        Decision([Reason("spot_check.finding", _("请填写检查情况"))]).raise_if_refused()


@transaction.atomic
def spot_check_result(*, actor, item: SpotCheckItem, result: str, finding: str) -> SpotCheckItem:
    """Record the result of one drawn unit's check, published with the draw (000 第二十条
    不定期进行现场抽查复核; 双随机、一公开). Only a pending item takes a result: a recorded
    one is corrected by :func:`spot_check_result_correct`, with a reason. Returns the
    item; raises NotPermitted (not the drawing authority), RuleViolation (no finding, a
    result recorded already), TransitionConflict, ValueError (unknown result)."""
    item = lock(item)
    draw = item.draw
    _result_checks(actor, item, result, finding)
    if not item.pending:
        Decision(
            [
                Reason(
                    "spot_check.recorded",
                    _("该单位的抽查结果已经登记并公开，更正须说明理由"),
                    draw.citation,
                )
            ]
        ).raise_if_refused()
    return apply_transition(
        item,
        field="result",
        to=result,
        actor=actor,
        action="spot_check.result",
        allowed=SPOT_RESULT_TRANSITIONS,
        updates={"finding": finding.strip(), "checked_on": clock.today()},
        reason=finding.strip(),
        citations=[draw.citation],
    )


@transaction.atomic
def spot_check_result_correct(
    *, actor, item: SpotCheckItem, result: str, finding: str, reason: str
) -> SpotCheckItem:
    """Correct a recorded (and published) result of one drawn unit, with the written
    reason of the correction, audited as ``spot_check.correct`` (000 第二十条: the
    published result changes only visibly). Returns the item; raises NotPermitted (not
    the drawing authority), RuleViolation (no finding, no reason, an item still
    pending), TransitionConflict (the same result, or changed since read), ValueError
    (unknown result)."""
    item = lock(item)
    draw = item.draw
    _result_checks(actor, item, result, finding)
    d = Decision()
    if item.pending:
        d.refuse("spot_check.pending", _("该单位尚未登记抽查结果，无需更正"))
    if not reason.strip():
        d.refuse("spot_check.correction_reason", _("更正抽查结果须填写理由"))
    d.raise_if_refused()
    return apply_transition(
        item,
        field="result",
        to=result,
        actor=actor,
        action="spot_check.correct",
        allowed=SPOT_RESULT_CORRECTIONS,
        updates={"finding": finding.strip(), "checked_on": clock.today()},
        reason=reason.strip(),
        citations=[draw.citation],
        payload={"finding": finding.strip()},
    )


@transaction.atomic
def inspector_add(*, actor, user: User) -> InspectorPool:
    """Add an expert to the official's authority's inspector pool (执法检查人员名录库 of
    the 双随机、一公开 checks, 000 第二十条). Returns the pool entry; raises NotPermitted
    (not an official), RuleViolation (not an expert)."""
    require(actor, "supervision.add_inspector")
    d = Decision()
    if user.role != Role.EXPERT:
        d.refuse("inspector.role", _("只有专家可以加入检查人员库"))
    d.raise_if_refused()
    entry, _created = InspectorPool.objects.get_or_create(
        authority=actor.authority, user=user, defaults={"added_on": clock.today()}
    )
    record_event(
        actor=actor,
        action="spot_check.inspector_add",
        object_type="supervision.inspectorpool",
        object_uuid=str(user.uuid),
        object_label=user.real_name or user.username,
        jurisdiction_path=actor.authority.jurisdiction.path,
    )
    return entry
