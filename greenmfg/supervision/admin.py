from django.contrib import admin

from greenmfg.supervision.models import CreditRecord


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    """Credit records (信用记录) checked by the disqualifying conditions."""

    list_display = ("uscc", "kind", "occurred_on", "ended_on", "source")
    list_filter = ("kind",)
    search_fields = ("uscc", "description", "document_no")
