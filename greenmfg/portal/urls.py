"""Pages of the portal: home, inbox (待办), the demo clock."""

from django.urls import path

from greenmfg.portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("inbox/", views.inbox, name="inbox"),
    path("clock/", views.clock_set, name="clock_set"),
]
