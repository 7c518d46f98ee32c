from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "greenmfg.supervision"
    label = "supervision"
    verbose_name = "监督管理"

    def ready(self) -> None:
        from greenmfg.core import inbox
        from greenmfg.supervision import labels, selectors, tasks

        labels.register()
        tasks.register()
        inbox.register_provider("supervision", selectors.inbox_items, order=50)
