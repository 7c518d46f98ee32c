from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "greenmfg.register"
    label = "register"
    verbose_name = "公开名录"
