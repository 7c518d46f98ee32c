from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.selection.models import (
    Application,
    Campaign,
    EvaluationReport,
    Objection,
    PublicNotice,
)


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
    list_display = ("notice", "application", "state", "submitted_on")
    list_filter = ("state",)
