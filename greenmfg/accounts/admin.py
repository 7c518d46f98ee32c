from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from greenmfg.accounts.enrolment import enrolment_code_issue
from greenmfg.accounts.models import ApiTokenRecord, PasswordRecord, UserSession
from greenmfg.accounts.sessions import session_end
from greenmfg.accounts.tokens import tokens_revoke_for
from greenmfg.core.decisions import NotPermitted, RuleViolation
from greenmfg.parties.admin import UserAdmin
from greenmfg.parties.models import User


@admin.register(UserSession)
class UserSessionAdmin(admin.ModelAdmin):
    """Signed-in sessions; deleting one (or the action) signs the user out there
    (ASVS 7.4.5). The session key is never shown."""

    list_display = ("user", "created", "last_seen", "ip", "user_agent")
    search_fields = ("user__username", "user__real_name", "ip")
    exclude = ("session_key",)
    readonly_fields = ("user", "created", "last_seen", "ip", "user_agent")
    actions = ["end_sessions"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("结束所选会话（强制退出）"))
    def end_sessions(self, request, queryset):
        n = 0
        for row in queryset:
            session_end(row)
            n += 1
        self.message_user(request, _("已结束 %(n)s 个会话") % {"n": n}, messages.SUCCESS)


@admin.register(PasswordRecord)
class PasswordRecordAdmin(admin.ModelAdmin):
    list_display = ("user", "changed_at")
    search_fields = ("user__username",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# DRF's token admin shows every user's token key in clear and lets staff make tokens for
# anyone: replaced by the records below (no key, revoke only; accounts/tokens.py)
try:
    from rest_framework.authtoken.models import TokenProxy

    admin.site.unregister(TokenProxy)
except (ImportError, admin.sites.NotRegistered):  # pragma: no cover - authtoken not loaded
    pass


@admin.register(ApiTokenRecord)
class ApiTokenRecordAdmin(admin.ModelAdmin):
    """Users' API tokens (never the key): administrators revoke them (ASVS 7.4.5)."""

    list_display = ("user", "issued_at", "last_used", "expires_at", "second_factor", "ip")
    search_fields = ("user__username",)
    exclude = ("key_digest",)
    readonly_fields = (
        "user",
        "issued_at",
        "last_used",
        "expires_at",
        "second_factor",
        "ip",
        "user_agent",
    )
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("撤销所选 API 令牌"), permissions=["view"])
    def revoke_tokens(self, request, queryset):

        n = sum(tokens_revoke_for(row.user, why="revoked by an administrator") for row in queryset)
        self.message_user(request, _("已撤销 %(n)s 个 API 令牌") % {"n": n}, messages.SUCCESS)


# --- the users' admin with the enrolment codes (accounts is above parties) -----------


admin.site.unregister(User)


@admin.register(User)
class AccountsUserAdmin(UserAdmin):
    """The users' admin of parties, with the action that issues second-factor enrolment
    codes (issue 17, item 15)."""

    actions = ["issue_enrolment_codes"]

    @admin.action(description=_("签发双因素登记码"), permissions=["change"])
    def issue_enrolment_codes(self, request, queryset):
        """Issue each selected user who must use a second factor an enrolment code and
        show the codes once, on this page only (greenmfg/accounts/enrolment.py)."""
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
