from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "greenmfg.standards"
    label = "standards"
    verbose_name = "评价标准"
