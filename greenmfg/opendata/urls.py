"""Public pages of open data (/open-data/)."""

import datetime as dt

from django.urls import path, register_converter

from greenmfg.opendata import views


class DateConverter:
    """``YYYY-MM-DD`` as a date (a snapshot's day)."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> dt.date:
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(value) from exc

    def to_url(self, value) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)


class FormatConverter:
    regex = r"csv|json|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DateConverter, "isodate")
register_converter(FormatConverter, "datafmt")

urlpatterns = [
    path("open-data/", views.opendata_index, name="opendata_index"),
    path(
        "open-data/latest/<slug:dataset>.<datafmt:fmt>",
        views.opendata_latest,
        name="opendata_latest",
    ),
    path("open-data/<isodate:as_of>/", views.opendata_snapshot, name="opendata_snapshot"),
    path(
        "open-data/<isodate:as_of>/catalogue.json",
        views.opendata_catalogue,
        name="opendata_catalogue",
    ),
    path(
        "open-data/<isodate:as_of>/<slug:dataset>.<datafmt:fmt>",
        views.opendata_file,
        name="opendata_file",
    ),
]
