"""Pages of the cultivation pool (培育库)."""

from django.urls import path

from greenmfg.cultivation import views

urlpatterns = [
    path("pool/", views.registration_list, name="registration_list"),
    path("pool/new/", views.registration_new, name="registration_new"),
    path("pool/<uuid:uuid>/", views.registration_detail, name="registration_detail"),
    path("pool/<uuid:uuid>/edit/", views.registration_edit, name="registration_edit"),
    path("pool/<uuid:uuid>/submit/", views.registration_submit, name="registration_submit"),
    path("pool/<uuid:uuid>/review/", views.registration_review, name="registration_review"),
    path("pool/<uuid:uuid>/renew/", views.registration_renew, name="registration_renew"),
]
