from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.register.models import GreenList, ListDocument, Listing


@admin.register(GreenList)
class GreenListAdmin(ReadOnlyAdmin):
    list_display = ("title", "jurisdiction", "level", "year", "batch", "source", "published_on")
    list_filter = ("level", "source", "year")


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ("unit_name", "list_type", "level", "year", "batch", "region_text", "status")
    list_filter = ("level", "list_type", "year", "status")
    search_fields = ("unit_name", "product_name", "agency_name")


@admin.register(ListDocument)
class ListDocumentAdmin(ReadOnlyAdmin):
    """The rendered documents of the published lists (greenmfg/register/documents.py)."""

    list_display = ("green_list", "format", "state", "size", "requested_at", "rendered_at")
    list_filter = ("format", "state")
