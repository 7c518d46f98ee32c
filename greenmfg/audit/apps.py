from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class AuditConfig(AppConfig):
    name = "greenmfg.audit"
    label = "audit"
    verbose_name = "审计记录"

    def ready(self) -> None:
        # every app's labels.py registers its actions and states (greenmfg.audit.labels)
        autodiscover_modules("labels")
