from django.contrib import admin

from greenmfg.audit.models import AuditEvent, PublishedChainHead


class _ReadOnly(admin.ModelAdmin):
    """Read-only: nobody, superusers included, adds, changes or deletes audit rows in
    the admin (the change page shows the row without a save or delete button and a
    POST to it is refused with 403; on PostgreSQL a trigger refuses it too)."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(_ReadOnly):
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


@admin.register(PublishedChainHead)
class PublishedChainHeadAdmin(_ReadOnly):
    list_display = ("date", "seq", "hash", "published_at")
