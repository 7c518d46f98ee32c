"""Read side of expert review, scoped and blind.

Blind scoring: until every assigned expert has submitted, an expert sees only their
own assignment and score, and the organising officials see who was assigned and who
has submitted, never a score or comment. After completion officials see each
expert's score and the aggregate; experts see the aggregate and the other scores
without the other experts' names. Pages and the API read only these selectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from greenmfg.core import clock
from greenmfg.core.decisions import Reason
from greenmfg.core.inbox import InboxItem
from greenmfg.core.vocabulary import ListType, Role
from greenmfg.expert_review.models import (
    AssignmentState,
    ExpertAssignment,
    ExpertProfile,
    ExpertReview,
    ReviewState,
)
from greenmfg.expert_review.scoring import grade_for
from greenmfg.expert_review.services import conflict_reasons, expert_name, scoring_step
from greenmfg.networks.models import NetworkKind
from greenmfg.networks.selectors import epr_pilots, green_factory_counts
from greenmfg.parties.models import User
from greenmfg.parties.permissions import require
from greenmfg.parties.roles import step_role
from greenmfg.parties.scoping import can_see_unit, sees_everything
from greenmfg.selection.models import Campaign
from greenmfg.selection.services import campaign_rules

METHOD_LABELS = {
    "mean": _("算术平均"),
    "trimmed_mean": _("去掉一个最高分和一个最低分后平均"),
}


def expert_users() -> QuerySet[User]:
    """Active expert users with a profile: the pool officials choose from."""
    return (
        User.objects.filter(role=Role.EXPERT, is_active=True, expert_profile__isnull=False)
        .select_related("expert_profile", "expert_profile__home_jurisdiction")
        .order_by("real_name", "username")
    )


def organises(user, app, rules=None) -> bool:
    """Whether ``user`` is an official of the scoring step's role with ``app`` in scope
    (the body of the ``expert_review.assign_experts`` predicate; ``rules`` default to the
    campaign's)."""
    if not user.is_authenticated:
        return False
    rules = rules or campaign_rules(app.campaign)
    return user.role == step_role(scoring_step(app, rules)) and can_see_unit(user, app.unit)


@dataclass
class AssignmentRow:
    """One assignment as the viewer may see it (``score``/``comments`` None or "" when hidden)."""

    uuid: str
    expert: str
    state: str
    state_label: str
    assigned_on: object
    submitted_on: object
    score: Decimal | None
    comments: str
    own: bool
    withdrawn_reason: str = ""


@dataclass
class ReviewView:
    """An application's expert review as one viewer may see it."""

    review: ExpertReview | None
    required: int
    required_ref: str
    active: int = 0
    submitted: int = 0
    completed: bool = False
    aggregate: Decimal | None = None
    method: str = ""
    method_label: str = ""
    method_ref: str = ""
    grade: str = ""
    grade_ref: str = ""
    scores_visible: bool = False
    rows: list[AssignmentRow] = field(default_factory=list)
    #: the actively assigned experts (officials' view only)
    expert_ids: set[int] = field(default_factory=set)

    @property
    def missing(self) -> int:
        """Experts still to assign."""
        return max(0, self.required - self.active)


def _row(a: ExpertAssignment, *, name: str, show_score: bool, own: bool) -> AssignmentRow:
    return AssignmentRow(
        uuid=str(a.uuid),
        expert=name,
        state=a.state,
        state_label=str(a.get_state_display()),
        assigned_on=a.assigned_on,
        submitted_on=a.submitted_on,
        score=a.score if show_score else None,
        comments=a.comments if show_score else "",
        own=own,
        withdrawn_reason=a.withdrawn_reason,
    )


def _view(review: ExpertReview | None, app, rules, *, viewer, official: bool) -> ReviewView:
    level = app.level
    n_key = f"expert_review.{level}.experts"
    view = ReviewView(
        review=review,
        required=review.experts_required if review else rules.get(n_key, 0),
        required_ref=review.experts_ref
        if review
        else (rules.ref(n_key) if rules.has(n_key) else ""),
    )
    if review is None:
        return view
    assignments = list(review.assignments.select_related("expert").order_by("assigned_on", "id"))
    active = [a for a in assignments if a.state != AssignmentState.WITHDRAWN]
    view.active = len(active)
    view.submitted = sum(1 for a in active if a.state == AssignmentState.SUBMITTED)
    view.completed = review.state == ReviewState.COMPLETED
    view.scores_visible = view.completed
    if view.completed:
        view.aggregate = review.aggregate
        view.method = review.method
        view.method_label = str(METHOD_LABELS.get(review.method, review.method))
        view.method_ref = review.method_ref
        view.grade = grade_for(review.aggregate, rules, level)
        key = f"scoring.{level}.grade_bands"
        view.grade_ref = rules.ref(key) if view.grade else ""
    if official:
        view.expert_ids = {a.expert_id for a in active}
        view.rows = [
            _row(a, name=expert_name(a.expert), show_score=view.completed, own=False)
            for a in assignments
        ]
        return view
    # an expert: their own row; the others (unnamed) only once the review is completed
    others = 0
    for a in active:
        if a.expert_id == viewer.pk:
            view.rows.append(_row(a, name=expert_name(a.expert), show_score=True, own=True))
        elif view.completed:
            others += 1
            row = _row(a, name=str(_("其他专家 #{n}")).format(n=others), show_score=True, own=False)
            row.comments = ""
            view.rows.append(row)
    return view


def review_view(user, app, rules=None) -> ReviewView | None:
    """The expert review of ``app`` for an organising official (or a national
    official / administrator, read-only) or an expert assigned to it; None for anyone
    else. The caller has fetched ``app`` through a scoped selector."""
    if not user.is_authenticated:
        return None
    rules = rules or campaign_rules(app.campaign)
    review = ExpertReview.objects.filter(application_id=app.pk).first()
    if organises(user, app, rules) or sees_everything(user):
        return _view(review, app, rules, viewer=user, official=True)
    if user.role == Role.EXPERT and review is not None:
        mine = review.assignments.filter(expert=user).exclude(state=AssignmentState.WITHDRAWN)
        if mine.exists():
            return _view(review, app, rules, viewer=user, official=False)
    return None


def my_assignments(user) -> QuerySet[ExpertAssignment]:
    """An expert's active (not withdrawn) assignments, newest first."""
    if not user.is_authenticated or user.role != Role.EXPERT:
        return ExpertAssignment.objects.none()
    return (
        ExpertAssignment.objects.filter(expert=user)
        .exclude(state=AssignmentState.WITHDRAWN)
        .select_related(
            "review",
            "application",
            "application__unit",
            "application__campaign",
            "application__report",
        )
        .order_by("-assigned_on", "-id")
    )


def assignment_view(user, assignment: ExpertAssignment) -> ReviewView:
    """The review of an assignment from ``my_assignments`` as its expert sees it."""
    app = assignment.application
    return _view(assignment.review, app, campaign_rules(app.campaign), viewer=user, official=False)


@dataclass
class Candidate:
    """An expert an official may (or, with ``reasons``, may not) assign."""

    user: User
    profile: ExpertProfile
    reasons: list[Reason]
    assigned: bool

    @property
    def selectable(self) -> bool:
        return not self.reasons and not self.assigned


def expert_candidates(app, rules, assigned_ids: set[int] | None = None) -> list[Candidate]:
    """Every expert of the pool with the conflicts that bar them from ``app``."""
    assigned_ids = assigned_ids or set()
    profiles = (
        ExpertProfile.objects.select_related("user", "home_jurisdiction")
        .prefetch_related("affiliations", "evaluated_in")
        .filter(user__is_active=True, user__role=Role.EXPERT)
        .order_by("user__real_name", "user__username")
    )
    return [
        Candidate(p.user, p, conflict_reasons(p, app, rules), p.user_id in assigned_ids)
        for p in profiles
    ]


@dataclass
class RankingRow:
    rank: int
    application: object
    aggregate: Decimal
    method: str
    grade: str
    completed_on: object
    #: green factories among the unit's members/suppliers on the ranking date (parks and
    #: supply-chain leads; None for other list types), and the pilot status of a lead
    network_green: int | None = None
    epr_pilot: bool = False


def may_see_ranking(user, campaign: Campaign) -> bool:
    """Officials of the campaign's own jurisdiction; national officials, administrators."""
    return bool(
        user.is_authenticated
        and (
            sees_everything(user)
            or (
                user.role in (Role.CITY, Role.PROVINCE, Role.NATIONAL)
                and user.authority_id
                and user.authority.jurisdiction_id == campaign.jurisdiction_id
            )
        )
    )


def campaign_ranking(campaign: Campaign, user) -> list[RankingRow]:
    """优中选优: the campaign's applications whose expert review is completed, by
    aggregate score (highest first; ties: the earlier submission first)."""
    require(
        user,
        "expert_review.see_ranking",
        campaign,
        _("只有本批次所在辖区的主管部门可以查看专家评审排名"),
    )
    rules = campaign_rules(campaign)
    reviews = list(
        ExpertReview.objects.filter(application__campaign=campaign, state=ReviewState.COMPLETED)
        .select_related("application", "application__unit")
        .order_by("-aggregate", "application__submitted_on", "application_id")
    )
    priorities = ranking_priorities(campaign, rules, [r.application for r in reviews])
    rows = [
        RankingRow(
            rank=0,
            application=r.application,
            aggregate=r.aggregate,
            method=str(METHOD_LABELS.get(r.method, r.method)),
            grade=grade_for(r.aggregate, rules, campaign.level),
            completed_on=r.completed_on,
            network_green=priorities.green.get(r.application.pk),
            epr_pilot=r.application.unit_id in priorities.pilots,
        )
        for r in reviews
    ]
    # 优先推荐: among equal scores, more green factories among members/suppliers first
    # (priority.network_green_factories), then pilots (priority.epr_pilot); the sort is
    # stable, so the earlier submission still decides what is left
    rows.sort(key=lambda row: (-row.aggregate, *priorities.key(row)))
    for i, row in enumerate(rows, start=1):
        row.rank = i
    return rows


@dataclass
class RankingPriorities:
    """The horizontal priorities of a campaign's ranking (000 第十六条, 001 二(二)(三)):
    for each application of a list type the rules name, the green factories among the
    unit's members/suppliers on the ranking date; the leads that are EPR pilots."""

    list_types: list[str]
    ref: str
    pilot_ref: str
    green: dict[int, int]
    pilots: set[int]

    def key(self, row: RankingRow) -> tuple:
        green = row.network_green if row.application.list_type in self.list_types else 0
        pilot = bool(self.pilot_ref) and row.epr_pilot
        return (-(green or 0), not pilot)


def ranking_priorities(campaign: Campaign, rules, applications) -> RankingPriorities:
    """The counts behind :class:`RankingPriorities` for ``applications`` on today's date
    (the ranking date). Four queries at most."""
    today = clock.today()
    green: dict[int, int] = {}
    pilots: set[int] = set()
    for list_type in (ListType.PARK, ListType.SUPPLY_CHAIN):
        apps = [a for a in applications if a.list_type == list_type]
        if not apps:
            continue
        kind = NetworkKind.for_list_type(list_type)
        counts = green_factory_counts({a.unit_id for a in apps}, kind, today)
        green.update({a.pk: counts.get(a.unit_id, 0) for a in apps})
        if list_type == ListType.SUPPLY_CHAIN:
            pilots = epr_pilots({a.unit_id for a in apps})
    types = rules.get("priority.network_green_factories", []) or []
    return RankingPriorities(
        list_types=list(types),
        ref=rules.ref("priority.network_green_factories") if types else "",
        pilot_ref=rules.ref("priority.epr_pilot") if rules.get("priority.epr_pilot", False) else "",
        green=green,
        pilots=pilots,
    )


def inbox_items(user, limit: int = 200) -> list[InboxItem]:
    """待办 of an expert: the assignments still to score, oldest first. One query."""
    if user.role != Role.EXPERT:
        return []
    pending = ExpertAssignment.objects.filter(
        expert=user, state=AssignmentState.ASSIGNED
    ).select_related("application__unit")
    return [
        InboxItem(
            "expert",
            str(a.application.unit),
            "expert_assignment_detail",
            str(a.uuid),
            a.get_state_display(),
            a.created_at,
        )
        for a in pending.order_by("created_at")[:limit]
    ]
