"""The 企业绿码 grading method, version ``gc-1``: pure functions over stored inputs, so that
every code can be re-derived (:func:`grade_population` on a run's stored inputs gives
the same grades).

MIIT's own formula is not published (../shared/research/POLICY_RESEARCH.md §7.2: "Not
found"); what is known (工信厅节函〔2023〕384号): the code is computed from the green-
performance data of the yearly dynamic form, shows a unit's position among all graded
factories and within its industry, and grades A+ / A / B for 5 % / 35 % / 60 %. This
method is the research's faithful model [R]:

1. **Indicators** (:data:`INDICATORS`): six green-performance figures of the dynamic form,
   each with its direction (lower is better for intensities, higher for shares and rates).
   A unit needs at least :data:`MIN_INDICATORS` of them, else it gets no code.
2. **Industry normalisation**: each unit is compared with the units of its GB/T 4754
   division (大类, two digits); a division with fewer than ``min_group_units`` graded
   units falls back to its section (门类, one letter), a section still too small to the
   whole scope (``*``). Within the group, each indicator becomes a percentile score in
   [0, 1]: (units strictly worse + ½ × (units equal − 1)) / (units with the value − 1),
   ½ when the unit is alone. The unit's score is the mean of its indicator scores,
   rounded to six decimals (the stored score).
3. **Grades**: units are ranked by score, highest first, with competition ranking
   (equal scores share the best rank: 1, 2, 2, 4). With N graded units, the A+ cut is
   round-half-up(N × A+ share) and the A cut round-half-up(N × (A+ + A share)); a unit
   whose rank is within the A+ cut is A+, within the A cut A, else B.
   **Ties**: units with equal scores share a rank, so a tie group that starts within a
   cut gets the better grade entirely — a grade may then exceed its share by the size
   of the tie group less one; no unit is ever graded below a unit with the same score.
   With fewer than 10 units the A+ cut can be 0 (no A+).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

METHOD_VERSION = "gc-1"

#: (dynamic-form field, direction): +1 higher is better, -1 lower is better
INDICATORS: tuple[tuple[str, int], ...] = (
    ("energy_intensity", -1),
    ("co2_intensity", -1),
    ("water_intensity", -1),
    ("renewable_share", 1),
    ("water_reuse_rate", 1),
    ("solid_waste_utilisation_rate", 1),
)
MIN_INDICATORS = 3
WHOLE_SCOPE = "*"
SIX_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class UnitInput:
    """One unit's stored inputs: a key (the listing's id), its GB/T 4754 division and
    section ("" when unknown) and its indicator values (``None`` = not filed)."""

    key: int
    division: str
    section: str
    values: dict[str, Decimal | None]

    def available(self) -> dict[str, Decimal]:
        return {f: v for f, _d in INDICATORS if (v := self.values.get(f)) is not None}


@dataclass
class Result:
    """A graded unit: grade, score (six decimals), overall rank, its group, the rank in
    the group and the group's size."""

    key: int
    grade: str
    score: Decimal
    rank: int
    group: str
    group_rank: int
    group_size: int
    indicator_scores: dict[str, str] = field(default_factory=dict)


def half_up(x: Decimal) -> int:
    """Round half up to an integer (``round`` in Python rounds half to even)."""
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cuts(n: int, shares: dict[str, float | int]) -> tuple[int, int]:
    """(A+ cut, A cut) as ranks for ``n`` graded units and the shares in per cent
    (``{"A+": 5, "A": 35, "B": 60}``): e.g. 100 units → (5, 40); 20 → (1, 8)."""
    a_plus = Decimal(str(shares["A+"]))
    a = Decimal(str(shares["A"]))
    return half_up(n * a_plus / 100), half_up(n * (a_plus + a) / 100)


def groups_for(units: list[UnitInput], min_group_units: int) -> dict[int, str]:
    """Each unit's comparison group: its division, else its section, else ``*``."""
    by_division = Counter(u.division for u in units if u.division)
    by_section = Counter(u.section for u in units if u.section)
    out = {}
    for u in units:
        if u.division and by_division[u.division] >= min_group_units:
            out[u.key] = u.division
        elif u.section and by_section[u.section] >= min_group_units:
            out[u.key] = u.section
        else:
            out[u.key] = WHOLE_SCOPE
    # a fallback group is only the units that fell back to it: recount, and send a
    # section left with too few units after its divisions stood alone to the scope
    sizes = Counter(out.values())
    for key, g in out.items():
        if g != WHOLE_SCOPE and sizes[g] < min_group_units:
            out[key] = WHOLE_SCOPE
    return out


def percentile_scores(values: list[tuple[int, Decimal]], direction: int) -> dict[int, Decimal]:
    """Percentile score in [0, 1] of each (key, value): (strictly worse + ½ × (equal − 1))
    / (n − 1); ½ for a single value."""
    n = len(values)
    if n == 1:
        return {values[0][0]: Decimal("0.5")}
    counts = Counter(v for _k, v in values)
    ordered = sorted(counts, reverse=direction < 0)  # worst first
    worse_than: dict[Decimal, int] = {}
    running = 0
    for v in ordered:
        worse_than[v] = running
        running += counts[v]
    return {
        k: (Decimal(worse_than[v]) + Decimal(counts[v] - 1) / 2) / Decimal(n - 1) for k, v in values
    }


def competition_ranks(scores: dict[int, Decimal]) -> dict[int, int]:
    """Rank 1 for the highest score; equal scores share the best rank (1, 2, 2, 4)."""
    ordered = sorted(scores.values(), reverse=True)
    first: dict[Decimal, int] = {}
    for i, s in enumerate(ordered, start=1):
        first.setdefault(s, i)
    return {k: first[s] for k, s in scores.items()}


def grade_population(
    units: list[UnitInput], *, shares: dict[str, float | int], min_group_units: int
) -> list[Result]:
    """Grade ``units`` (each with at least :data:`MIN_INDICATORS` indicators; callers
    leave the others out with a reason) by the method above. Returns one
    :class:`Result` per unit, best rank first. Raises ``ValueError`` for a unit with too
    few indicators or shares that do not add up to 100."""
    if sum(Decimal(str(v)) for v in shares.values()) != 100:
        raise ValueError(f"grade shares {shares} do not add up to 100")
    for u in units:
        if len(u.available()) < MIN_INDICATORS:
            raise ValueError(f"unit {u.key} has fewer than {MIN_INDICATORS} indicators")
    group_of = groups_for(units, min_group_units)
    members: dict[str, list[UnitInput]] = defaultdict(list)
    for u in units:
        members[group_of[u.key]].append(u)
    per_unit: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for group_units in members.values():
        for f, direction in INDICATORS:
            vals = [(u.key, u.values[f]) for u in group_units if u.values.get(f) is not None]
            if vals:
                for k, p in percentile_scores(vals, direction).items():
                    per_unit[k][f] = p
    scores = {
        u.key: (sum(per_unit[u.key].values()) / len(per_unit[u.key])).quantize(
            SIX_PLACES, rounding=ROUND_HALF_UP
        )
        for u in units
    }
    ranks = competition_ranks(scores)
    a_plus_cut, a_cut = cuts(len(units), shares)
    group_ranks: dict[int, int] = {}
    for group_units in members.values():
        group_ranks.update(competition_ranks({u.key: scores[u.key] for u in group_units}))
    results = []
    for u in units:
        rank = ranks[u.key]
        grade = "A+" if rank <= a_plus_cut else "A" if rank <= a_cut else "B"
        g = group_of[u.key]
        results.append(
            Result(
                key=u.key,
                grade=grade,
                score=scores[u.key],
                rank=rank,
                group=g,
                group_rank=group_ranks[u.key],
                group_size=len(members[g]),
                indicator_scores={
                    f: str(p.quantize(SIX_PLACES, rounding=ROUND_HALF_UP))
                    for f, p in per_unit[u.key].items()
                },
            )
        )
    results.sort(key=lambda r: (r.rank, r.key))
    return results
