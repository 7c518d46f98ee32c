from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "greenmfg.jurisdictions"
    label = "jurisdictions"
    verbose_name = "辖区与规则"
