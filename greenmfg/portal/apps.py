from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PortalConfig(AppConfig):
    """The edge of the site: the home page, the inbox (待办) fed by every app, the
    demo platform clock."""

    name = "greenmfg.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        # every app's inbox.py registers its items of the inbox (greenmfg.core.inbox)
        autodiscover_modules("inbox")
