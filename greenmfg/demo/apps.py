from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo cast, the simulated year and the synthetic country (no models)."""

    name = "greenmfg.demo"
    label = "demo"
    verbose_name = "演示与压测数据"
