from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

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
    actions = ["issue_enrolment_codes"]

    @admin.action(description=_("签发双因素登记码"), permissions=["change"])
    def issue_enrolment_codes(self, request, queryset):
        """Issue each selected user who must use a second factor an enrolment code and
        show the codes once, on this page only (greenmfg/accounts/enrolment.py)."""
        from greenmfg.accounts.enrolment import enrolment_code_issue
        from greenmfg.core.decisions import NotPermitted, RuleViolation

        issued = []
        for user in queryset:
            try:
                row, code = enrolment_code_issue(user=user, actor=request.user)
            except (NotPermitted, RuleViolation) as exc:
                self.message_user(request, f"{user.username}: {exc}", messages.WARNING)
                continue
            issued.append({"user": user, "code": code, "expires_at": row.expires_at})
        if not issued:
            return None
        response = TemplateResponse(
            request,
            "admin/parties/enrolment_codes.html",
            {**self.admin_site.each_context(request), "issued": issued, "opts": self.opts},
        )
        add_never_cache_headers(response)
        return response
