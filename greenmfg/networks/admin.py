"""The networks in the admin: read only (every change goes through the services)."""

from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.networks.models import CultivationPlan, LeadProfile, Membership


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("owner", "kind", "name", "uscc", "tier", "since", "until", "state")
    list_filter = ("kind", "state")
    search_fields = ("name", "uscc", "owner__name")


@admin.register(CultivationPlan)
class CultivationPlanAdmin(ReadOnlyAdmin):
    list_display = ("owner", "kind", "title", "year_from", "year_to", "state", "published_on")
    list_filter = ("kind", "state")


@admin.register(LeadProfile)
class LeadProfileAdmin(ReadOnlyAdmin):
    list_display = ("organisation", "epr_pilot", "epr_pilot_document")
