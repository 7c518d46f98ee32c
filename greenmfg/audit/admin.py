from django.contrib import admin

from greenmfg.audit.models import AuditEvent, PublishedChainHead


class _ReadOnly(admin.ModelAdmin):
    """Read-only: nobody, superusers included, adds, changes or deletes audit rows in
    the admin (a POST is refused with 403; on PostgreSQL a trigger refuses it too)."""

    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(_ReadOnly):
    """Not even shown: the audit record is read by auditors only, at ``/audit/``, where
    every read is itself audited; administrators and superusers get 403 here (等保
    8.1.4.2 d 管理用户权限分离, issue 17 item 6). Registered so that the decision is
    explicit and tested."""

    def has_view_permission(self, request, obj=None):
        return False

    def has_module_permission(self, request):
        return False

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
