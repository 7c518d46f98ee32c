from django.contrib import admin

from greenmfg.summaries.models import YearlySummary


@admin.register(YearlySummary)
class YearlySummaryAdmin(admin.ModelAdmin):
    list_display = ("jurisdiction", "year", "state", "submitted_on")
    list_filter = ("state", "year")
    readonly_fields = ("figures",)
