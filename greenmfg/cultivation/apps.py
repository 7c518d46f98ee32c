from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "greenmfg.cultivation"
    label = "cultivation"
    verbose_name = "培育库"
