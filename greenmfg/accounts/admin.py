from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from greenmfg.accounts.models import PasswordRecord, UserSession
from greenmfg.accounts.sessions import session_end


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
