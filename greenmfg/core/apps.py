from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "greenmfg.core"
    label = "core"
    verbose_name = "平台核心"
