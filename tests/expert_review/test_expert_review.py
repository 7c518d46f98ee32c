"""Expert review (专家评审): the city (003 第十二条 “组织专家…评审”; 004 第十条 “组织评审”)
or the province (000 第十三条 “组织专家或委托第三方机构（未参与本省企业评价工作）…审核”,
第十四条 A/B/C) has experts score each application; conflicted experts are refused with
the rule; scoring is blind until every expert has submitted; the aggregate feeds the
review decision (004 第三条: 80 points) and a ranking (优中选优)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import yaml
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from greenmfg.audit.models import AuditEvent
from greenmfg.audit.services import verify_chain
from greenmfg.core import clock
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.expert_review import selectors
from greenmfg.expert_review import services as er
from greenmfg.expert_review.models import AssignmentState, ExpertReview, ReviewState
from greenmfg.expert_review.scoring import aggregate, grade_for
from greenmfg.jurisdictions import rulesets
from greenmfg.jurisdictions.rulesets import RULESET_DIR, load_registry, rules_for_slug
from greenmfg.parties.models import OrganisationKind
from greenmfg.selection import services
from greenmfg.selection.models import ApplicationState, EvaluationReport
from tests.cycle import APRIL
from tests.experts import (
    expert,
    panel,
    provincial_application,
    quick_application,
    recommended_application,
    reviewed,
    shenzhen_official,
)
from tests.factories import OrganisationFactory

D = dt.date
A = ApplicationState
pytestmark = pytest.mark.django_db

NATIONAL_CONFLICT_REF = "平台约定（回避：与申报单位或其评价机构有关联的专家不得评审）"
EXPERTS_REF = "平台约定（各文本未规定评审专家人数；可在地方规则中改定）"


def _codes(exc):
    return [r.code for r in exc.value.reasons]


def _reasons(exc):
    """Which rules refused, and the articles they cite (LAYOUT.md E8)."""
    return [(r.code, r.citation) for r in exc.value.reasons]


@pytest.fixture
def app(enterprise_user, enterprise, tianhe_official, city_official):
    """Guangzhou: recommended by Tianhe, waiting for the city's review (004 第十条)."""
    return recommended_application(enterprise_user, enterprise, tianhe_official, city_official)


@pytest.fixture
def experts(db):
    return panel(3)


def _client(client, user):
    client.force_login(user)
    return client


# --- assigning: who, when, how many ----------------------------------------------------


def test_city_official_assigns_three_experts_and_it_is_audited(app, city_official, experts):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
    assert review.state == ReviewState.OPEN
    assert review.experts_required == 3 and review.experts_ref == EXPERTS_REF
    assert sorted(a.expert_id for a in review.assignments.all()) == sorted(u.pk for u in experts)
    assert {a.state for a in review.assignments.all()} == {AssignmentState.ASSIGNED}
    event = AuditEvent.objects.get(action="expert_review.assign")
    assert event.object_uuid == str(review.uuid)
    assert EXPERTS_REF in event.citations and NATIONAL_CONFLICT_REF in event.citations
    assert event.payload["experts"] == [str(u.uuid) for u in experts]


def test_wrong_number_of_experts_is_refused_citing_the_rule(app, city_official):
    four = panel(4)
    with clock.frozen(APRIL):
        for chosen in (four[:2], four):
            with pytest.raises(RuleViolation) as exc:
                er.experts_assign(actor=city_official, application=app, experts=chosen)
            reason = exc.value.reasons[0]
            assert reason.code == "expert_review.experts"
            assert reason.citation == EXPERTS_REF
            assert "须由3名专家评审" in reason.message_in("zh-hans")
    assert not ExpertReview.objects.exists()


def test_the_same_expert_twice_is_refused(app, city_official, experts):
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        er.experts_assign(
            actor=city_official, application=app, experts=[experts[0], experts[0], experts[1]]
        )
    assert _reasons(exc) == [
        ("expert_review.duplicate", ""),
        ("expert_review.experts", EXPERTS_REF),
    ]


def test_only_the_scoring_official_in_scope_assigns(app, tianhe_official, experts):
    with clock.frozen(APRIL):
        with pytest.raises(NotPermitted):
            er.experts_assign(actor=tianhe_official, application=app, experts=experts)
        with pytest.raises(NotPermitted):
            er.experts_assign(actor=shenzhen_official(), application=app, experts=experts)
        with pytest.raises(NotPermitted):
            er.experts_assign(actor=experts[0], application=app, experts=experts)


def test_experts_only_after_the_district_recommendation_004_10(
    enterprise_user, enterprise, tianhe_official, city_official, experts
):
    from tests.cycle import candidate, submitted_application
    from tests.experts import submitted_report

    candidate(enterprise_user, enterprise, tianhe_official, city_official)
    rep = submitted_report(enterprise)
    app = submitted_application(enterprise_user, enterprise, city_official, rep)
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        er.experts_assign(actor=city_official, application=app, experts=experts)
    assert _codes(exc) == ["expert_review.step"]
    assert exc.value.reasons[0].citation == "004 第十条"


def test_an_expert_without_a_profile_cannot_be_checked_for_conflicts(app, city_official):
    from tests.factories import UserFactory

    bare = UserFactory(role="expert", real_name="无档案专家")
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        er.experts_assign(actor=city_official, application=app, experts=[*panel(2), bare])
    assert _codes(exc) == ["expert_review.no_profile"]


def test_a_user_who_is_not_an_expert_is_refused(app, city_official, tianhe_official):
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        er.experts_assign(
            actor=city_official, application=app, experts=[*panel(2), tianhe_official]
        )
    assert _reasons(exc) == [("expert_review.not_expert", "")]


# --- conflicts of interest ------------------------------------------------------------


def test_expert_linked_to_the_applicant_is_refused_and_explained(app, city_official, enterprise):
    linked = expert("关联专家", affiliations=[enterprise])
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        er.experts_assign(actor=city_official, application=app, experts=[*panel(2), linked])
    (reason,) = exc.value.reasons
    assert reason.code == "expert_review.conflict.linked_to_applicant"
    assert reason.citation == NATIONAL_CONFLICT_REF
    text = reason.message_in("zh-hans")
    assert "关联专家" in text and enterprise.name in text and "回避" in text


def test_expert_linked_to_the_reports_evaluation_agency_is_refused(app, city_official, enterprise):
    agency = OrganisationFactory(name="广州某第三方评价机构", kind=OrganisationKind.AGENCY)
    EvaluationReport.objects.filter(pk=app.report_id).update(agency=agency, route="third_party")
    app.refresh_from_db()
    linked = expert("机构专家", affiliations=[agency])
    unrelated = expert("无关专家", affiliations=[OrganisationFactory(name="另一家企业")])
    with clock.frozen(APRIL), pytest.raises(RuleViolation) as exc:
        er.experts_assign(
            actor=city_official, application=app, experts=[linked, unrelated, *panel(1)]
        )
    (reason,) = exc.value.reasons
    assert reason.code == "expert_review.conflict.linked_to_agency"
    assert reason.citation == NATIONAL_CONFLICT_REF
    assert agency.name in reason.message_in("zh-hans")


def test_expert_who_evaluated_in_guangdong_may_not_review_provincially_000_13(
    enterprise, province_official
):
    app = provincial_application(enterprise, province_official)
    evaluated_here = expert("粤评专家", evaluated_in=["440000"])
    evaluated_in_a_city = expert("穗评专家", evaluated_in=["440100"])
    evaluated_elsewhere = expert("闽评专家", evaluated_in=["350000"], home="350200")
    with clock.frozen(D(2026, 7, 2)), pytest.raises(RuleViolation) as exc:
        er.experts_assign(
            actor=province_official,
            application=app,
            experts=[evaluated_here, evaluated_in_a_city, evaluated_elsewhere],
        )
    assert _codes(exc) == ["expert_review.conflict.evaluated_in_province"] * 2
    assert all(r.citation.startswith("000 第十三条") for r in exc.value.reasons)
    assert "广东省" in exc.value.reasons[0].message_in("zh-hans")
    with clock.frozen(D(2026, 7, 2)):
        review = er.experts_assign(
            actor=province_official, application=app, experts=[evaluated_elsewhere, *panel(2)]
        )
    assert review.assignments.count() == 3


def test_evaluating_in_guangdong_does_not_bar_the_municipal_review(app, city_official):
    """The municipal rules (national default) carry no evaluated_in_province rule."""
    evaluated_here = expert("粤评专家", evaluated_in=["440000"])
    with clock.frozen(APRIL):
        review = er.experts_assign(
            actor=city_official, application=app, experts=[evaluated_here, *panel(2)]
        )
    assert review.assignments.filter(expert=evaluated_here).exists()


def test_the_panel_lists_conflicted_experts_disabled_with_the_reason(
    client, app, city_official, enterprise
):
    expert("关联专家", affiliations=[enterprise], username="linked")
    panel(3)
    with clock.frozen(APRIL):
        html = _client(client, city_official).get(reverse("application_detail", args=[app.uuid]))
    html = html.content.decode()
    assert 'data-testid="expert-panel"' in html
    linked_box = html.split('data-testid="expert-linked"')[0].rsplit("<input", 1)[1]
    assert "disabled" in linked_box
    assert "与申报单位" in html and NATIONAL_CONFLICT_REF in html
    free_box = html.split('data-testid="expert-专家_1"')[0].rsplit("<input", 1)[1]
    assert "disabled" not in free_box


# --- blind scoring ---------------------------------------------------------------------


def test_an_expert_sees_only_their_own_score_until_all_have_submitted(
    client, app, city_official, experts
):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
        first = review.assignments.get(expert=experts[0])
        er.expert_score_submit(actor=experts[0], assignment=first, score="91.25", comments="甲")
    second = review.assignments.get(expert=experts[1])
    # selectors
    view = selectors.assignment_view(experts[1], second)
    assert [r.expert for r in view.rows] == ["专家2"] and view.rows[0].score is None
    assert view.submitted == 1 and view.aggregate is None
    own = selectors.assignment_view(experts[0], first)
    assert [(r.expert, r.score) for r in own.rows] == [("专家1", Decimal("91.25"))]
    # pages
    c = _client(client, experts[1])
    with clock.frozen(APRIL):
        page = c.get(reverse("expert_assignment_detail", args=[second.uuid])).content.decode()
        assert "91.25" not in page and "专家1" not in page
        assert "已提交评分 1/3" in page
        assert c.get(reverse("expert_assignment_detail", args=[first.uuid])).status_code == 404
        assert c.get(reverse("application_detail", args=[app.uuid])).status_code == 404
        inbox = c.get(reverse("expert_inbox")).content.decode()
    assert "91.25" not in inbox and app.unit.name in inbox
    with clock.frozen(APRIL):
        er.expert_score_submit(actor=experts[1], assignment=second, score="80.5")
        er.expert_score_submit(
            actor=experts[2], assignment=review.assignments.get(expert=experts[2]), score=84
        )
        page = c.get(reverse("expert_assignment_detail", args=[second.uuid])).content.decode()
    assert "91.25" in page and "85.25" in page  # the others' scores, unnamed, and the mean
    assert "专家1" not in page


def test_officials_see_individual_scores_only_after_completion(client, app, city_official, experts):
    c = _client(client, city_official)
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
        for user, score in zip(experts[:2], ("93.75", "71.25"), strict=True):
            er.expert_score_submit(
                actor=user, assignment=review.assignments.get(expert=user), score=score
            )
        html = c.get(reverse("application_detail", args=[app.uuid])).content.decode()
        view = selectors.review_view(city_official, app)
    assert "已提交评分 2/3" in html
    assert "93.75" not in html and "71.25" not in html and "保密至全部提交" in html
    assert [r.score for r in view.rows] == [None, None, None]
    assert all(r.comments == "" for r in view.rows)
    with clock.frozen(APRIL):
        er.expert_score_submit(
            actor=experts[2], assignment=review.assignments.get(expert=experts[2]), score="88"
        )
        html = c.get(reverse("application_detail", args=[app.uuid])).content.decode()
    assert "93.75" in html and "71.25" in html and "84.33" in html
    assert "专家1" in html  # officials see who gave which score after completion


def test_the_applicant_never_sees_the_expert_panel(
    client, app, enterprise_user, city_official, experts
):
    reviewed(app, city_official, experts, ["90", "91", "92"])
    html = _client(client, enterprise_user).get(reverse("application_detail", args=[app.uuid]))
    html = html.content.decode()
    assert 'data-testid="expert-panel"' not in html and "专家1" not in html
    assert selectors.review_view(enterprise_user, app) is None


def test_an_expert_cannot_score_another_experts_assignment_or_twice(app, city_official, experts):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
        theirs = review.assignments.get(expert=experts[1])
        with pytest.raises(NotPermitted):
            er.expert_score_submit(actor=experts[0], assignment=theirs, score="90")
        mine = review.assignments.get(expert=experts[0])
        with pytest.raises(RuleViolation) as exc:
            er.expert_score_submit(actor=experts[0], assignment=mine, score="100.5")
        assert _codes(exc) == ["expert_review.score"]
        er.expert_score_submit(actor=experts[0], assignment=mine, score="90")
        with pytest.raises(RuleViolation) as exc:
            er.expert_score_submit(actor=experts[0], assignment=mine, score="95")
    assert _codes(exc) == ["expert_review.already_submitted"]


def test_a_withdrawn_expert_is_replaced_and_loses_the_task(app, city_official, experts):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
        gone = review.assignments.get(expert=experts[0])
        with pytest.raises(RuleViolation) as exc:
            er.expert_assignment_withdraw(actor=city_official, assignment=gone, reason=" ")
        assert _reasons(exc) == [("expert_review.reason_required", "")]
        er.expert_assignment_withdraw(actor=city_official, assignment=gone, reason="本人申明回避")
        assert not selectors.my_assignments(experts[0]).exists()
        with pytest.raises(RuleViolation) as exc:  # two active + two new = 4
            er.experts_assign(actor=city_official, application=app, experts=panel(2, "补"))
        assert _codes(exc) == ["expert_review.experts"]
        (extra,) = panel(1, "替补")
        er.experts_assign(actor=city_official, application=app, experts=[extra])
        for user in (experts[1], experts[2], extra):
            er.expert_score_submit(
                actor=user, assignment=review.assignments.get(expert=user), score="90"
            )
    review.refresh_from_db()
    assert review.state == ReviewState.COMPLETED and review.aggregate == Decimal("90.00")


# --- aggregation ------------------------------------------------------------------------


def test_mean_and_trimmed_mean():
    assert aggregate(["80", "90", "85"], "mean") == Decimal("85.00")
    assert aggregate(["60", "90", "85", "86", "99"], "trimmed_mean") == Decimal("87.00")
    assert aggregate(["80", "90"], "trimmed_mean") == Decimal("85.00")  # fewer than 3: mean
    # truncated to 0.01, never above the exact mean: 79.996… is not 80 (004 第三条)
    assert aggregate(["80", "80", "79.99"], "mean") == Decimal("79.99")
    with pytest.raises(ValueError):
        aggregate([], "mean")
    with pytest.raises(ValueError):
        aggregate(["80"], "median")


SCORES = st.lists(
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=15,
)


@given(SCORES, st.sampled_from(["mean", "trimmed_mean"]))
def test_aggregate_lies_between_the_lowest_and_highest_score(scores, method):
    value = aggregate(scores, method)
    assert min(scores) <= value <= max(scores)
    assert value == value.quantize(Decimal("0.01"))


@given(SCORES.filter(lambda s: len(s) >= 3))
def test_trimmed_mean_ignores_one_extreme_score(scores):
    ordered = sorted(scores)
    outlier = [*ordered[:-1], Decimal(100)]  # the highest replaced by any higher value
    assert aggregate(outlier, "trimmed_mean") == aggregate(ordered, "trimmed_mean")


def test_review_completes_with_the_rules_method_and_citation(app, city_official, experts):
    review = reviewed(app, city_official, experts, ["80", "90", "86"])
    assert review.state == ReviewState.COMPLETED
    assert (review.aggregate, review.method) == (Decimal("85.33"), "mean")
    assert review.method_ref == "平台约定（各文本未规定专家评分的汇总方法）"
    assert review.completed_on == APRIL
    event = AuditEvent.objects.get(action="expert_review.complete")
    assert event.payload["scores"] == ["80.00", "90.00", "86.00"]
    assert review.method_ref in event.citations
    assert AuditEvent.objects.filter(action="expert_assignment.submit").count() == 3
    assert verify_chain().ok


@pytest.fixture
def trimmed_mean_in_guangzhou(tmp_path, monkeypatch):
    """The shipped rulesets with Guangzhou choosing the trimmed mean (a city may)."""
    for path in RULESET_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["slug"] == "guangzhou":
            data["parameters"]["expert_review.municipal.aggregation"] = {
                "value": "trimmed_mean",
                "ref": "测试：去掉最高分和最低分",
            }
        (tmp_path / path.name).write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    registry = load_registry(tmp_path)
    monkeypatch.setattr(rulesets, "registry", lambda: registry)


def test_a_city_that_chooses_the_trimmed_mean_drops_the_extremes(
    trimmed_mean_in_guangzhou, app, city_official
):
    five = panel(5)
    with clock.frozen(APRIL):
        assert services.campaign_rules(app.campaign).get("expert_review.municipal.experts") == 3
    review = reviewed(app, city_official, five[:3], ["60", "88", "99"])
    assert (review.aggregate, review.method) == (Decimal("88.00"), "trimmed_mean")
    assert review.method_ref == "测试：去掉最高分和最低分"


# --- grades ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "score,grade",
    [("100", "A"), ("90", "A"), ("89.99", "B"), ("80", "B"), ("79.99", "C"), ("0", "C")],
)
def test_guangdong_grade_bands_at_the_boundaries_000_14(score, grade):
    rules = rules_for_slug("guangdong", D(2026, 7, 1))
    assert grade_for(Decimal(score), rules, "provincial") == grade
    assert rules.ref("scoring.provincial.grade_bands").startswith("000 第十四条")


def test_no_bands_no_grade():
    assert grade_for(Decimal("95"), rules_for_slug("guangzhou", APRIL), "municipal") == ""
    assert grade_for(None, rules_for_slug("guangdong", D(2026, 7, 1)), "provincial") == ""


# --- the review decision uses the aggregate ----------------------------------------------


def test_approval_without_a_score_uses_the_experts_aggregate_004_3(app, city_official, experts):
    reviewed(app, city_official, experts, ["86", "88", "85"])
    with clock.frozen(APRIL):
        app = services.application_review(
            actor=city_official, application=app, decision="approve", reason="专家评审通过"
        )
    assert app.state == A.APPROVED
    assert app.score == Decimal("86.33") and app.star == 1


def test_approval_is_refused_while_the_expert_review_is_incomplete(app, city_official, experts):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
        er.expert_score_submit(
            actor=experts[0], assignment=review.assignments.get(expert=experts[0]), score="90"
        )
        for score in (None, "92"):  # even with a score entered by the official
            with pytest.raises(RuleViolation) as exc:
                services.application_review(
                    actor=city_official, application=app, decision="approve", score=score
                )
            # without a score the official's own score is missing too
            assert _reasons(exc) == [("expert_review.incomplete", EXPERTS_REF)] + (
                [("review.score_required", "")] if score is None else []
            )
            assert "1/3" in exc.value.reasons[0].message_in("zh-hans")
        # a rejection needs no expert review
        app = services.application_review(
            actor=city_official, application=app, decision="reject", reason="存在重大问题"
        )
    assert app.state == A.NOT_APPROVED


def test_the_80_point_mark_applies_to_the_aggregate_004_3(app, city_official, experts):
    reviewed(app, city_official, experts, ["78", "80", "81.5"])  # mean 79.83
    with clock.frozen(APRIL):
        with pytest.raises(RuleViolation) as exc:
            services.application_review(actor=city_official, application=app, decision="approve")
        assert _codes(exc) == ["scoring.pass_mark"]
        assert exc.value.reasons[0].citation == "004 第三条"
        assert "79.83" in exc.value.reasons[0].message_in("zh-hans")
        app = services.application_review(
            actor=city_official, application=app, decision="reject", reason="综合评分未达80分"
        )
    assert app.state == A.NOT_APPROVED


def test_without_an_expert_review_the_official_enters_the_score(app, city_official):
    with clock.frozen(APRIL):
        with pytest.raises(RuleViolation) as exc:
            services.application_review(actor=city_official, application=app, decision="approve")
        assert _codes(exc) == ["review.score_required"]
        app = services.application_review(
            actor=city_official, application=app, decision="approve", score="82"
        )
    assert (app.state, app.score) == (A.APPROVED, Decimal("82"))


def test_province_approves_with_the_aggregate_and_the_grade_of_its_band_000_14(
    enterprise, province_official
):
    app = provincial_application(enterprise, province_official)
    on = D(2026, 7, 2)
    reviewed(app, province_official, panel(3), ["91", "89", "93"], on=on)
    with clock.frozen(on):
        app = services.application_review(
            actor=province_official, application=app, decision="approve", reason="评审通过"
        )
    assert (app.state, app.score, app.grade) == (A.APPROVED, Decimal("91.00"), "A")


# --- ranking -----------------------------------------------------------------------------


def test_ranking_by_aggregate_ties_by_submission_date(city_official, tianhe_official, experts):
    late_tie = quick_application(city_official, name="迟交同分企业", submitted_on=D(2026, 4, 20))
    early_tie = quick_application(city_official, name="早交同分企业", submitted_on=D(2026, 4, 9))
    best = quick_application(city_official, name="最高分企业", submitted_on=D(2026, 4, 25))
    unfinished = quick_application(city_official, name="未完成企业")
    reviewed(late_tie, city_official, experts, ["88", "88", "88"])
    reviewed(best, city_official, experts, ["95", "96", "94"])
    reviewed(early_tie, city_official, experts, ["87", "89", "88"])
    with clock.frozen(APRIL):
        er.experts_assign(actor=city_official, application=unfinished, experts=experts)
        rows = selectors.campaign_ranking(best.campaign, city_official)
    assert [(r.rank, r.application.unit.name, r.aggregate) for r in rows] == [
        (1, "最高分企业", Decimal("95.00")),
        (2, "早交同分企业", Decimal("88.00")),
        (3, "迟交同分企业", Decimal("88.00")),
    ]
    with pytest.raises(NotPermitted):
        selectors.campaign_ranking(best.campaign, tianhe_official)


def test_ranking_page_for_the_campaigns_city_only(
    client, city_official, tianhe_official, enterprise_user, experts
):
    app = quick_application(city_official, name="排名企业")
    reviewed(app, city_official, experts, ["90", "91", "92"])
    url = reverse("expert_campaign_ranking", args=[app.campaign.uuid])
    html = _client(client, city_official).get(url).content.decode()
    assert "排名企业" in html and "91.00" in html and "优中选优" in html
    assert _client(client, tianhe_official).get(url).status_code == 403
    assert _client(client, enterprise_user).get(url).status_code == 403


# --- pages: the expert's tasks, the report, query budgets ---------------------------------


def test_the_expert_scores_from_the_task_page_and_reads_the_report(
    client, app, city_official, experts
):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
    mine = review.assignments.get(expert=experts[0])
    other = quick_application(city_official, name="未分配企业")
    c = _client(client, experts[0])
    with clock.frozen(APRIL):
        home = c.get(reverse("home")).content.decode()
        assert 'data-testid="nav-expert"' in home and "评审任务" in home
        page = c.get(reverse("expert_assignment_detail", args=[mine.uuid])).content.decode()
        assert app.unit.name in page and str(app.report.total_score) in page
        report_url = reverse("report_detail", args=[app.report.uuid])
        assert report_url in page
        assert c.get(report_url).status_code == 200  # the assigned report, read-only
        assert c.get(reverse("report_detail", args=[other.report.uuid])).status_code == 404
        resp = c.post(
            reverse("expert_assignment_detail", args=[mine.uuid]),
            {"score": "88.5", "comments": "能源管理体系完善"},
        )
    assert resp.status_code == 302
    mine.refresh_from_db()
    assert (mine.state, mine.score, mine.comments) == (
        "submitted",
        Decimal("88.5"),
        "能源管理体系完善",
    )


def test_a_withdrawn_expert_can_no_longer_read_the_report(client, app, city_official, experts):
    with clock.frozen(APRIL):
        review = er.experts_assign(actor=city_official, application=app, experts=experts)
        er.expert_assignment_withdraw(
            actor=city_official, assignment=review.assignments.get(expert=experts[0]), reason="回避"
        )
    c = _client(client, experts[0])
    assert c.get(reverse("report_detail", args=[app.report.uuid])).status_code == 404
    assert c.get(reverse("expert_inbox")).content.decode().count(app.unit.name) == 0


def test_the_official_assigns_from_the_application_page(client, app, city_official, experts):
    c = _client(client, city_official)
    url = reverse("expert_review_assign", args=[app.uuid])
    with clock.frozen(APRIL):
        c.post(url, {"experts": [str(experts[0].uuid)]})
        assert not ExpertReview.objects.exists()
        resp = c.post(url, {"experts": [str(u.uuid) for u in experts]}, follow=True)
    html = resp.content.decode()
    assert "评审专家已分配" in html and "已提交评分 0/3" in html
    assert ExpertReview.objects.get().assignments.count() == 3


def _many_assignments(city_official, experts, n):
    apps = [quick_application(city_official, name=f"预算企业{i:02d}") for i in range(n)]
    with clock.frozen(APRIL):
        for a in apps:
            er.experts_assign(actor=city_official, application=a, experts=experts)
    return apps


@pytest.mark.parametrize("n", [3, 12])
def test_expert_inbox_query_count_does_not_grow_with_rows(
    client, city_official, experts, django_assert_max_num_queries, n
):
    _many_assignments(city_official, experts, n)
    c = _client(client, experts[0])
    with clock.frozen(APRIL), django_assert_max_num_queries(6):
        resp = c.get(reverse("expert_inbox"))
    assert resp.content.decode().count("预算企业") == n


@pytest.mark.parametrize("n", [3, 12])
def test_ranking_query_count_does_not_grow_with_rows(
    client, city_official, experts, django_assert_max_num_queries, n
):
    apps = _many_assignments(city_official, experts, n)
    with clock.frozen(APRIL):
        for i, a in enumerate(apps):
            for user in experts:
                er.expert_score_submit(
                    actor=user,
                    assignment=a.expert_assignments.get(expert=user),
                    score=str(80 + i),
                )
    c = _client(client, city_official)
    url = reverse("expert_campaign_ranking", args=[apps[0].campaign.uuid])
    with clock.frozen(APRIL), django_assert_max_num_queries(8):
        resp = c.get(url)
    assert resp.content.decode().count("预算企业") == n


# --- demo ----------------------------------------------------------------------------------


def test_demo_experts_have_profiles_and_visible_conflicts():
    from greenmfg.demo.accounts import DEMO_PASSWORD, create_demo_accounts
    from greenmfg.demo.experts import create_demo_experts
    from greenmfg.expert_review.models import ExpertProfile

    create_demo_accounts()
    accounts = create_demo_experts()
    create_demo_experts()  # again: nothing duplicated
    assert [a.username for a in accounts] == ["expert2", "expert3", "expert4", "expert5"]
    assert ExpertProfile.objects.count() == 5
    expert3 = ExpertProfile.objects.get(user__username="expert3")
    assert [o.kind for o in expert3.affiliations.all()] == ["agency"]
    expert4 = ExpertProfile.objects.get(user__username="expert4")
    assert [j.code for j in expert4.evaluated_in.all()] == ["440000"]
    assert expert3.user.check_password(DEMO_PASSWORD)
