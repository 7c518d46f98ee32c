"""REST API of background jobs: submit one, follow it from any app server."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from greenmfg.api.base import UUID_REGEX, register_enum_names
from greenmfg.jobs.models import Job
from greenmfg.jobs.registry import KINDS
from greenmfg.jobs.tasks import job_submit
from greenmfg.parties.scoping import sees_everything

# the OpenAPI names of this app's choices (drf-spectacular ENUM_NAME_OVERRIDES)
register_enum_names(
    {
        "JobStateEnum": "greenmfg.jobs.models.JobState",
    }
)


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "uuid",
            "kind",
            "params",
            "state",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "worker",
        ]
        read_only_fields = [
            "uuid",
            "state",
            "result",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "worker",
        ]

    def validate_kind(self, value):
        if value not in KINDS:
            raise serializers.ValidationError(
                f"未知任务类型 {value}：可选 {', '.join(sorted(KINDS))}"
            )
        return value


@extend_schema_view(
    list=extend_schema(summary=_("您提交的后台任务")),
    retrieve=extend_schema(summary=_("单个后台任务及其结果")),
)
class JobViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, GenericViewSet
):
    """Background jobs (exports, reminders, simulation, imports). Officials see their own
    jobs; national officials and administrators see all."""

    serializer_class = JobSerializer
    lookup_field = "uuid"
    lookup_value_regex = UUID_REGEX

    queryset = Job.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Job.objects.none()
        user = self.request.user
        qs = Job.objects.all()
        return qs if sees_everything(user) else qs.filter(created_by=user)

    def check_permissions(self, request):
        super().check_permissions(request)
        if request.method == "POST" and not (
            request.user.is_official or sees_everything(request.user)
        ):
            self.permission_denied(request, message="只有主管部门用户可以提交后台任务")

    @extend_schema(summary=_("提交后台任务"), responses={202: JobSerializer})
    def create(self, request, *args, **kwargs):
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        job = job_submit(
            actor=request.user,
            kind=ser.validated_data["kind"],
            params=ser.validated_data.get("params", {}),
        )
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


def register(router) -> None:
    """Register the jobs resource on the API router (greenmfg/urls_api.py)."""
    router.register("jobs", JobViewSet, basename="api-jobs")
