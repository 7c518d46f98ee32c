from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.expert_review.models import ExpertAssignment, ExpertProfile, ExpertReview


@admin.register(ExpertProfile)
class ExpertProfileAdmin(admin.ModelAdmin):
    """Experts' profiles are entered by administrators: the affiliations and the
    provinces of past evaluation work are what the conflict rules check."""

    list_display = ("user", "home_jurisdiction", "speciality")
    search_fields = ("user__username", "user__real_name", "speciality")
    autocomplete_fields = ("user", "home_jurisdiction", "affiliations", "evaluated_in")


@admin.register(ExpertReview)
class ExpertReviewAdmin(ReadOnlyAdmin):
    list_display = ("application", "state", "experts_required", "aggregate", "method")
    list_filter = ("state", "method")


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("application", "expert", "state", "score", "submitted_on")
    list_filter = ("state",)
