from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("kind", "state", "created_at", "finished_at", "worker")
    list_filter = ("kind", "state")
