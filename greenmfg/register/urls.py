"""Public pages of the register (公开名录) and the published lists."""

from django.conf import settings
from django.urls import path

from greenmfg.register import views

urlpatterns = [
    path("register/", views.register_search, name="register_search"),
    path("register/lists/", views.green_list_index, name="green_list_index"),
    path("register/stars/", views.star_register_page, name="star_register"),
    path("register/lists/<uuid:uuid>/", views.green_list_detail, name="green_list_detail"),
    path("register/lists/<uuid:uuid>/xlsx/", views.green_list_xlsx, name="green_list_xlsx"),
    path("register/lists/<uuid:uuid>/pdf/", views.green_list_pdf, name="green_list_pdf"),
]

if getattr(settings, "GREENMFG_BENCH_VIEWS", False):  # `make bench`: the hello-world baseline
    urlpatterns.append(path("bench/hello/", views.bench_hello))
