from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "greenmfg.agencies"
    label = "agencies"
    verbose_name = "第三方评价机构"

    def ready(self) -> None:
        from greenmfg.agencies import labels, selectors
        from greenmfg.core import inbox

        labels.register()
        inbox.register_provider("agencies", selectors.inbox_items, order=60)
