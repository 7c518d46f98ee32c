from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Account security: sessions (tracked, listed, ended, timed out), two-factor
    authentication, password lifecycle. See docs/security.md."""

    name = "greenmfg.accounts"
    label = "accounts"
    verbose_name = _("账户安全")

    def ready(self) -> None:
        from greenmfg.accounts import signals  # noqa: F401, PLC0415 - connects the receivers once the apps are ready
