from django.apps import AppConfig


class DutiesConfig(AppConfig):
    name = "greenmfg.duties"
    label = "duties"
    verbose_name = "培训、现场指导与信息披露"
