from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    """Dashboards of the gradient (public: published data only; officials: their
    jurisdiction, with drill-down to units)."""

    name = "greenmfg.dashboards"
    label = "dashboards"
    verbose_name = "梯度看板"
