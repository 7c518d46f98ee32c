"""Public pages of the 企业绿码."""

from django.urls import path

from greenmfg.greencode import views

urlpatterns = [
    path("green-code/", views.method_page, name="green_code_method"),
    path("green-code/verify/", views.verify, name="green_code_verify"),
    path("green-code/grade/", views.grade_request, name="green_code_grade"),
    path("green-code/public-key.pem", views.public_key, name="green_code_public_key"),
    path("green-code/runs/<uuid:uuid>/", views.run_detail, name="green_code_run"),
    path("green-code/<uuid:uuid>/", views.code_detail, name="green_code_detail"),
    path("green-code/<uuid:uuid>/card.<str:fmt>", views.code_card, name="green_code_card"),
]
