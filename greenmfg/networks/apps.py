from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "greenmfg.networks"
    label = "networks"
    verbose_name = "园区企业与供应商"

    def ready(self) -> None:
        # eligibility and cultivation (lower layers) read members and plans through
        # greenmfg.core.networks; this installs the provider they call
        from greenmfg.networks import provider  # noqa: F401, PLC0415 - AppConfig.ready(): the provider imports models, which load only once the app registry is ready
