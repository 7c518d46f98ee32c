from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "greenmfg.audit"
    label = "audit"
    verbose_name = "审计记录"

    def ready(self) -> None:
        from greenmfg.audit import labels_kernel

        labels_kernel.register()
