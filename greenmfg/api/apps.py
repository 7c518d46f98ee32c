from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "greenmfg.api"
    label = "api"
    verbose_name = "API"
