from django.contrib import admin

from greenmfg.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody, administrators included, edits the audit record."""

    list_display = (
        "seq",
        "occurred_at",
        "business_date",
        "actor_label",
        "action",
        "object_label",
        "from_state",
        "to_state",
    )
    list_filter = ("action",)
    search_fields = ("object_label", "actor_label", "object_uuid")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
