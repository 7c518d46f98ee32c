from django.contrib import admin

from greenmfg.core.readonly_admin import ReadOnlyAdmin
from greenmfg.recommendation.models import Consultation, Opinion, Quota, Reward


@admin.register(Quota)
class QuotaAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "jurisdiction", "list_type", "quota", "basis")


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("campaign", "authority", "department", "sent_on", "due_on", "state")


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ("consultation", "unit", "kind", "resolved")


@admin.register(Reward)
class RewardAdmin(ReadOnlyAdmin):
    list_display = ("listing", "jurisdiction", "level", "state", "amount")
