"""Pages of the dashboards."""

urlpatterns: list = []
