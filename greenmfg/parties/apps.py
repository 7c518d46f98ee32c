from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "greenmfg.parties"
    label = "parties"
    verbose_name = "主体与用户"
