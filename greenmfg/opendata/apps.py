from django.apps import AppConfig


class OpendataConfig(AppConfig):
    """Open data (开放数据): the published lists and the register as files, in yearly
    snapshots (issue 16 item 4)."""

    name = "greenmfg.opendata"
    label = "opendata"
    verbose_name = "开放数据"
