from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.cultivation.models import Registration


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ("unit_name", "list_type", "year", "state", "jurisdiction", "valid_until")
    list_filter = ("state", "list_type", "year")
    search_fields = ("unit_name", "uscc")
