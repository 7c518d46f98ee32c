"""Public pages of the rulesets and the working-day calendar."""

from django.urls import path

from greenmfg.jurisdictions import views

urlpatterns = [
    path("rules/", views.rules_index, name="rules_index"),
    path("rules/calendar/", views.calendar_index, name="calendar_index"),
    path("rules/sources/", views.source_texts, name="source_texts"),
    path("rules/compare/", views.rules_compare, name="rules_compare"),
    path("rules/<slug:slug>/", views.rules_detail, name="rules_detail"),
]
