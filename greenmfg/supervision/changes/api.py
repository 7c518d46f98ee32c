"""REST API of changes (``/api/v1/change-reports/``), on the shared base."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action

from greenmfg.api.base import UuidViewSet, body, own_unit
from greenmfg.supervision.changes import services
from greenmfg.supervision.changes.selectors import changes_for
from greenmfg.supervision.changes.serializers import (
    ChangeCreateSerializer,
    ChangeReviewSerializer,
    ChangeSerializer,
)


@extend_schema_view(
    list=extend_schema(summary=_("您可查看的变更报告")),
    retrieve=extend_schema(summary=_("单份变更报告")),
    create=extend_schema(summary=_("报告名单单位的重大变更（本单位）")),
    review=extend_schema(summary=_("审核变更报告（主管部门）")),
)
class ChangeReportViewSet(mixins.ListModelMixin, UuidViewSet):
    serializer_class = ChangeSerializer
    filterset_fields = ["state", "kind"]

    def base_queryset(self):
        return changes_for(self.request.user).order_by("-reported_on", "-id")

    @extend_schema(request=ChangeCreateSerializer, responses={201: ChangeSerializer})
    def create(self, request):
        data = body(ChangeCreateSerializer, request)
        change = services.change_report(actor=request.user, unit=own_unit(request), **data)
        return self.respond(change, status.HTTP_201_CREATED)

    @extend_schema(request=ChangeReviewSerializer, responses={200: ChangeSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, uuid=None):
        data = body(ChangeReviewSerializer, request)
        return self.respond(
            services.change_review(actor=request.user, change=self.get_object(), **data)
        )


def register(router) -> None:
    """Register the change resource on the API router."""
    router.register("change-reports", ChangeReportViewSet, basename="api-change-reports")
