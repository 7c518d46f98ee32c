from django.contrib import admin

from greenmfg.jurisdictions.models import (
    CalendarDay,
    CalendarYear,
    IndustryCode,
    InstalledRuleset,
    Jurisdiction,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ("code", "full_name", "level", "slug", "is_statistical_zone")
    list_filter = ("level", "is_statistical_zone")
    search_fields = ("code", "name", "full_name", "slug")
    readonly_fields = ("path",)


@admin.register(IndustryCode)
class IndustryCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "section")
    list_filter = ("level", "section")
    search_fields = ("code", "name")


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 5


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """节假日安排: a national administrator enters a year chinese-calendar does not know
    (holidays on weekdays and make-up working days on weekends)."""

    list_display = ("year", "document", "entered_by", "entered_at")
    inlines = [CalendarDayInline]

    def save_model(self, request, obj, form, change):
        obj.entered_by = request.user.get_username()
        super().save_model(request, obj, form, change)


@admin.register(InstalledRuleset)
class InstalledRulesetAdmin(admin.ModelAdmin):
    list_display = ("slug", "sha256", "status", "installed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
