"""Pages of the notifications and the public receipt lookup."""

from django.urls import path

from greenmfg.notifications import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("notifications/<uuid:uuid>/read/", views.notification_read, name="notification_read"),
    path("receipts/", views.receipt_lookup_page, name="receipt_lookup"),
]
