from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.supervision.complaints.services import masked
from greenmfg.supervision.models import (
    Announcement,
    ChangeReport,
    Complaint,
    DynamicForm,
    FilingOfficer,
    Incident,
    InspectorPool,
    OnSiteCheck,
    ReminderSent,
    Removal,
    RemovalProposal,
    SpotCheckDraw,
    UpwardReport,
)

# --- dynamic management: read-only (every change goes through a service function) ---------


@admin.register(DynamicForm)
class DynamicFormAdmin(ReadOnlyAdmin):
    list_display = ("unit", "list_type", "data_year", "deadline", "state", "first_submitted_on")
    list_filter = ("state", "filing_year", "list_type")
    search_fields = ("unit__name", "unit__uscc")


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    """Shown without the complainant's identity (only the handling officials see it)."""

    list_display = ("target", "complainant_masked", "handler", "submitted_on", "due_on", "state")
    list_filter = ("state",)
    exclude = (
        "complainant_name",
        "complainant_id_number",
        "complainant_phone",
        "complainant_email",
    )
    readonly_fields = ("complainant_masked",)

    @admin.display(description=_("举报人（已脱敏）"))
    def complainant_masked(self, obj):
        return " ".join(v for v in masked(obj, None).values() if v)


for model, fields in [
    (FilingOfficer, ("unit", "name", "trained_on")),
    (ReminderSent, ("unit", "list_type", "filing_year", "days_before", "sent_on")),
    (OnSiteCheck, ("unit", "filing_year", "authority", "requested_on", "state")),
    (ChangeReport, ("unit", "kind", "reported_on", "due_on", "state")),
    (Incident, ("unit", "kind", "occurred_on", "report_due_on", "reported_on", "state")),
    (RemovalProposal, ("unit", "cause", "authority", "proposed_on", "state")),
    (Removal, ("unit", "kind", "cause", "removed_on", "authority")),
    (Announcement, ("title", "jurisdiction", "year", "kind", "published_on")),
    (UpwardReport, ("unit", "kind", "from_jurisdiction", "to_jurisdiction", "state")),
    (SpotCheckDraw, ("authority", "year", "seed", "count", "drawn_on")),
    (InspectorPool, ("authority", "user", "added_on")),
]:
    admin.site.register(
        model, type(f"{model.__name__}Admin", (ReadOnlyAdmin,), {"list_display": fields})
    )
