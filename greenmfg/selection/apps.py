from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "greenmfg.selection"
    label = "selection"
    verbose_name = "遴选与公示"

    def ready(self) -> None:
        from greenmfg.core import inbox
        from greenmfg.selection import labels, selectors

        labels.register()
        inbox.register_provider("selection", selectors.inbox_items, order=20)
