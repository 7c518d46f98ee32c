from django.contrib import admin

from greenmfg.duties.models import Attendance, Course, Disclosure, GuidanceVisit


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("held_on", "title", "authority", "for_filing_officers")
    list_filter = ("for_filing_officers",)
    search_fields = ("title",)


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("course", "unit", "person_name")
    raw_id_fields = ("course", "unit", "recorded_by")


@admin.register(GuidanceVisit)
class GuidanceVisitAdmin(admin.ModelAdmin):
    list_display = ("visited_on", "unit", "authority")
    raw_id_fields = ("unit", "recorded_by")


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "kind", "state", "published_on")
    list_filter = ("kind", "state")
    raw_id_fields = ("unit", "published_by")
