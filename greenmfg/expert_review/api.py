"""REST API of expert review (mounted by greenmfg/urls_api.py: the assignments on the
router, the actions on applications and campaigns as explicit routes), over the same
services and blind selectors as the pages:

- ``POST /api/v1/applications/{uuid}/experts/`` — assign experts (the reviewing official)
- ``GET  /api/v1/applications/{uuid}/expert-review/`` — the review, blind until completed
- ``GET  /api/v1/expert/assignments/`` (and ``{uuid}/``) — the expert's own tasks
- ``POST /api/v1/expert/assignments/{uuid}/score/`` — the expert's score
- ``GET  /api/v1/campaigns/{uuid}/ranking/`` — applications by aggregate (优中选优)
"""

from __future__ import annotations

from django.urls import re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from greenmfg.api.base import (
    FORBIDDEN,
    NOT_FOUND,
    REFUSED,
    UUID_REGEX,
    UuidViewSet,
    body,
    register_enum_names,
)
from greenmfg.core.decisions import NotPermitted
from greenmfg.core.web import get_for_user
from greenmfg.expert_review import services
from greenmfg.expert_review.models import AssignmentState
from greenmfg.expert_review.selectors import (
    ReviewView,
    assignment_view,
    campaign_ranking,
    expert_users,
    my_assignments,
    review_view,
)
from greenmfg.selection.selectors import applications_for, campaigns_for

# the OpenAPI names of this app's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "ExpertAssignmentStateEnum": "greenmfg.expert_review.models.AssignmentState",
    }
)

# --- serializers ---------------------------------------------------------------------


class AssignExpertsSerializer(serializers.Serializer):
    experts = serializers.ListField(
        child=serializers.UUIDField(),
        allow_empty=False,
        help_text="专家用户的 uuid；人数须等于 expert_review.<level>.experts",
    )


class ScoreSubmitSerializer(serializers.Serializer):
    score = serializers.DecimalField(max_digits=6, decimal_places=2, help_text="0–100")
    comments = serializers.CharField(required=False, allow_blank=True, default="")


class AssignmentRowSerializer(serializers.Serializer):
    """One assignment as the caller may see it: ``score`` and ``comments`` are null /
    empty until the review is completed (an expert sees their own)."""

    uuid = serializers.UUIDField()
    expert = serializers.CharField()
    state = serializers.ChoiceField(choices=AssignmentState.choices)
    assigned_on = serializers.DateField()
    submitted_on = serializers.DateField(allow_null=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    comments = serializers.CharField(allow_blank=True)
    own = serializers.BooleanField()


class ExpertReviewSerializer(serializers.Serializer):
    """An application's expert review (blind until ``completed``)."""

    started = serializers.BooleanField()
    uuid = serializers.UUIDField(allow_null=True)
    completed = serializers.BooleanField()
    required = serializers.IntegerField(help_text="expert_review.<level>.experts")
    required_ref = serializers.CharField(allow_blank=True)
    active = serializers.IntegerField()
    submitted = serializers.IntegerField()
    aggregate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    method = serializers.CharField(allow_blank=True)
    method_ref = serializers.CharField(allow_blank=True)
    grade = serializers.CharField(allow_blank=True)
    completed_on = serializers.DateField(allow_null=True)
    assignments = AssignmentRowSerializer(many=True)


def review_data(view: ReviewView) -> dict:
    r = view.review
    return {
        "started": r is not None,
        "uuid": r.uuid if r else None,
        "completed": view.completed,
        "required": view.required,
        "required_ref": view.required_ref,
        "active": view.active,
        "submitted": view.submitted,
        "aggregate": view.aggregate,
        "method": view.method,
        "method_ref": view.method_ref,
        "grade": view.grade,
        "completed_on": r.completed_on if r else None,
        "assignments": [row.__dict__ for row in view.rows],
    }


class AssignedApplicationSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(source="application.uuid")
    unit_name = serializers.CharField(source="application.unit.name")
    campaign = serializers.CharField(source="application.campaign.title")
    level = serializers.CharField(source="application.level")
    list_type = serializers.CharField(source="application.list_type")
    product_name = serializers.CharField(source="application.product_name")
    report = serializers.UUIDField(source="application.report.uuid", allow_null=True)
    report_total = serializers.DecimalField(
        source="application.report.total_score", max_digits=6, decimal_places=2, allow_null=True
    )


class ExpertAssignmentSerializer(serializers.Serializer):
    """One of the caller's assignments (their own score only)."""

    uuid = serializers.UUIDField()
    state = serializers.ChoiceField(choices=AssignmentState.choices)
    assigned_on = serializers.DateField()
    submitted_on = serializers.DateField(allow_null=True)
    score = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    comments = serializers.CharField(allow_blank=True)
    application = AssignedApplicationSerializer(source="*")


class ExpertAssignmentDetailSerializer(ExpertAssignmentSerializer):
    review = ExpertReviewSerializer(source="review_data")


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.UUIDField(source="application.uuid")
    unit_name = serializers.CharField(source="application.unit.name")
    product_name = serializers.CharField(source="application.product_name")
    state = serializers.CharField(source="application.state")
    submitted_on = serializers.DateField(source="application.submitted_on", allow_null=True)
    aggregate = serializers.DecimalField(max_digits=6, decimal_places=2)
    method = serializers.CharField()
    grade = serializers.CharField(allow_blank=True)
    completed_on = serializers.DateField()
    network_green = serializers.IntegerField(
        allow_null=True,
        help_text="green factories among the park's members / the lead's suppliers on the"
        " ranking date (000 第十六条, 001 二(二)(三)); null for other list types",
    )
    epr_pilot = serializers.BooleanField(help_text="汽车产品生产者责任延伸试点 (001 二(三))")


# --- views -------------------------------------------------------------------------------


def _review_response(user, app, code: int = status.HTTP_200_OK) -> Response:
    view = review_view(user, app)
    if view is None:
        raise NotPermitted("只有组织评审的主管部门和评审专家可以查看专家评审")
    return Response(ExpertReviewSerializer(review_data(view)).data, status=code)


class ApplicationExpertsView(APIView):
    """The expert review of an application (专家评审)."""

    @extend_schema(
        summary=_("指派专家为申报评分（审核部门）"),
        request=AssignExpertsSerializer,
        responses={201: ExpertReviewSerializer, 403: FORBIDDEN, 404: NOT_FOUND, 409: REFUSED},
    )
    def post(self, request, uuid):
        app = get_for_user(applications_for(request.user), uuid)
        wanted = {str(u) for u in body(AssignExpertsSerializer, request)["experts"]}
        experts = list(expert_users().filter(uuid__in=wanted))
        if len(experts) != len(wanted):
            return Response(
                {"detail": "unknown expert, or an expert without a profile"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        services.experts_assign(actor=request.user, application=app, experts=experts)
        return _review_response(request.user, app, status.HTTP_201_CREATED)


class ApplicationExpertReviewView(APIView):
    """The expert review of an application (专家评审)."""

    @extend_schema(
        summary=_("申报的专家评审（全部专家提交前不显示分数）"),
        responses={200: ExpertReviewSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        return _review_response(request.user, get_for_user(applications_for(request.user), uuid))


@extend_schema_view(
    list=extend_schema(summary=_("我的评审任务")),
    retrieve=extend_schema(
        summary=_("您的单项评审任务及您可见的评审情况"),
        responses={200: ExpertAssignmentDetailSerializer, 404: NOT_FOUND},
    ),
)
class ExpertAssignmentViewSet(mixins.ListModelMixin, UuidViewSet):
    """An expert's own assignments: only their own score until the review completes."""

    filter_backends: list = []
    serializer_class = ExpertAssignmentDetailSerializer
    list_serializer_class = ExpertAssignmentSerializer

    def base_queryset(self):
        return my_assignments(self.request.user)

    def decorate(self, obj):
        obj.review_data = review_data(assignment_view(self.request.user, obj))
        return obj

    @extend_schema(
        summary=_("提交您的评分（0–100）和意见"),
        request=ScoreSubmitSerializer,
        responses={
            200: ExpertAssignmentDetailSerializer,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: REFUSED,
        },
    )
    @action(detail=True, methods=["post"])
    def score(self, request, uuid=None):
        a = self.get_object()
        data = body(ScoreSubmitSerializer, request)
        a = services.expert_score_submit(
            actor=request.user, assignment=a, score=data["score"], comments=data["comments"]
        )
        return self.respond(a)


class CampaignRankingView(APIView):
    """优中选优: a campaign's applications ranked by the experts' aggregate."""

    @extend_schema(
        summary=_("本批次申报按专家评审综合得分排序"),
        responses={200: RankingRowSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request, uuid):
        campaign = get_for_user(campaigns_for(request.user), uuid)
        rows = campaign_ranking(campaign, request.user)
        return Response(RankingRowSerializer(rows, many=True).data)


def register(router) -> None:
    """Register expert review's own resource on the API router (greenmfg/urls_api.py)."""
    router.register(
        "expert/assignments", ExpertAssignmentViewSet, basename="api-expert-assignments"
    )


#: actions on selection's applications and campaigns, as explicit routes so that each
#: prefix of the router has one owner (greenmfg/urls_api.py); the names and uuid
#: patterns are those of the router's actions they replaced (access matrix, OpenAPI)
api_urlpatterns = [
    re_path(
        rf"^applications/(?P<uuid>{UUID_REGEX})/experts/$",
        ApplicationExpertsView.as_view(),
        name="api-application-experts-experts",
    ),
    re_path(
        rf"^applications/(?P<uuid>{UUID_REGEX})/expert-review/$",
        ApplicationExpertReviewView.as_view(),
        name="api-application-experts-expert-review",
    ),
    re_path(
        rf"^campaigns/(?P<uuid>{UUID_REGEX})/ranking/$",
        CampaignRankingView.as_view(),
        name="api-campaign-ranking-ranking",
    ),
]
