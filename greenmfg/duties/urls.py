"""Pages of the duties app: training, on-site guidance, disclosures."""

from django.urls import path

from greenmfg.duties import views

urlpatterns = [
    path("training/", views.training, name="duties_training"),
    path("training/<uuid:uuid>/", views.course_detail, name="duties_course"),
    path("guidance/", views.guidance, name="duties_guidance"),
    path("disclosures/", views.disclosures, name="duties_disclosures"),
    path(
        "disclosures/<uuid:uuid>/withdraw/",
        views.disclosure_withdraw,
        name="duties_disclosure_withdraw",
    ),
    path(
        "disclosures/<uuid:uuid>/document/",
        views.disclosure_document,
        name="duties_disclosure_document",
    ),
]
