from django.apps import AppConfig


class SelectionConfig(AppConfig):
    name = "greenmfg.selection"
    label = "selection"
    verbose_name = "遴选与公示"
