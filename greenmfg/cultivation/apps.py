from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "greenmfg.cultivation"
    label = "cultivation"
    verbose_name = "培育库"

    def ready(self) -> None:
        from greenmfg.core import inbox
        from greenmfg.cultivation import labels, selectors

        labels.register()
        inbox.register_provider("cultivation", selectors.inbox_items, order=10)
