from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.selection.models import (
    Application,
    Campaign,
    EvaluationReport,
    Objection,
    PublicNotice,
)
from greenmfg.selection.publication import objector_identity


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("title", "jurisdiction", "level", "year", "state")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("unit", "list_type", "level", "year", "state", "score", "star")
    list_filter = ("state", "list_type", "level", "year")
    search_fields = ("unit__name",)


@admin.register(EvaluationReport)
class EvaluationReportAdmin(ReadOnlyAdmin):
    list_display = ("unit", "list_type", "route", "report_version", "state", "total_score")


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "first_day", "last_day", "state")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    """Shown with the objector's identity masked (only the handling officials see it)."""

    list_display = ("notice", "application", "objector_masked", "state", "submitted_on")
    list_filter = ("state",)
    exclude = ("objector_name", "objector_id_number", "objector_phone", "objector_email")
    readonly_fields = ("objector_masked",)

    @admin.display(description=_("异议人（已脱敏）"))
    def objector_masked(self, obj):
        return " ".join(v for v in objector_identity(obj, None).values() if v)
