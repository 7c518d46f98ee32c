"""Workflow objects are shown read-only in the Django admin: every change of state
goes through its service function (DESIGN.md decision 3)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
