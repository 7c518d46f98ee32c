from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The edge of the site: the home page, the inbox (待办) fed by every app, the
    demo platform clock."""

    name = "greenmfg.portal"
    label = "portal"
    verbose_name = "门户"

    def ready(self) -> None:
        from greenmfg.portal import labels

        labels.register()
