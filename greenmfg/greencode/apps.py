from django.apps import AppConfig


class GreencodeConfig(AppConfig):
    """企业绿码: the yearly grading of listed green factories, the signed codes, their
    verification and printable cards; withdraws a unit's codes when its listing is
    removed (the register's ``listing_removed`` signal)."""

    name = "greenmfg.greencode"
    label = "greencode"
    verbose_name = "企业绿码"

    def ready(self) -> None:
        from greenmfg.greencode import receivers  # noqa: F401, PLC0415 - connects the signal receivers once the apps are loaded
