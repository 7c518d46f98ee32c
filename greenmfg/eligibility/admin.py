from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.eligibility.models import CreditRecord, FraudFinding


@admin.register(CreditRecord)
class CreditRecordAdmin(admin.ModelAdmin):
    """Credit records (信用记录) checked by the disqualifying conditions."""

    list_display = ("uscc", "kind", "occurred_on", "ended_on", "source")
    list_filter = ("kind",)
    search_fields = ("uscc", "description", "document_no")


@admin.register(FraudFinding)
class FraudFindingAdmin(ReadOnlyAdmin):
    """Fraud findings (弄虚作假认定): recorded by the oversight service only."""

    list_display = ("unit", "decided_on", "article")
