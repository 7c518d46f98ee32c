from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from greenmfg.parties.models import Authority, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "uscc", "registered_division", "industry")
    list_filter = ("kind",)
    search_fields = ("name", "uscc")
    autocomplete_fields = ("registered_division", "production_division", "industry")


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ("name", "jurisdiction")
    search_fields = ("name", "jurisdiction__code")
    autocomplete_fields = ("jurisdiction",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "real_name", "role", "organisation", "authority", "is_active")
    list_select_related = ("organisation", "authority")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "real_name", "email")
    autocomplete_fields = ("organisation", "authority")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("greenmfg", {"fields": ("role", "real_name", "phone", "organisation", "authority")}),
    )
