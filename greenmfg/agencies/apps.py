from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "greenmfg.agencies"
    label = "agencies"
    verbose_name = "第三方评价机构"
