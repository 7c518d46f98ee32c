from django.contrib import admin

from greenmfg.agencies.models import (
    AgencyFraudFinding,
    AgencyProfile,
    AgencyProject,
    AgencyWorkReport,
)
from greenmfg.core.readonly_admin import ReadOnlyAdmin


@admin.register(AgencyProfile)
class AgencyProfileAdmin(admin.ModelAdmin):
    """Registry entries; the agencies' users keep them on /agencies/profile/."""

    list_display = ("organisation", "staff_total", "staff_senior", "contact_name")
    search_fields = ("organisation__name", "organisation__legal_representative")


@admin.register(AgencyProject)
class AgencyProjectAdmin(ReadOnlyAdmin):
    list_display = ("unit", "agency", "list_type", "level", "year", "state", "accepted_on")
    list_filter = ("state", "level", "list_type", "year")


@admin.register(AgencyFraudFinding)
class AgencyFraudFindingAdmin(ReadOnlyAdmin):
    list_display = ("agency", "decided_on", "distrusted_until", "decided_by", "article")


@admin.register(AgencyWorkReport)
class AgencyWorkReportAdmin(ReadOnlyAdmin):
    list_display = ("agency", "year", "submitted_on", "late")
    list_filter = ("year", "late")
