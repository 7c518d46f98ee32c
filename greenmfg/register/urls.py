"""Public pages of the register (公开名录) and the published lists."""

from django.conf import settings
from django.urls import path

from greenmfg.register import adjustment_views, import_views, views

urlpatterns = [
    path("register/", views.register_search, name="register_search"),
    path("register/lists/", views.green_list_index, name="green_list_index"),
    path("register/stars/", views.star_register_page, name="star_register"),
    path("register/lists/<uuid:uuid>/", views.green_list_detail, name="green_list_detail"),
    path("register/lists/<uuid:uuid>/xlsx/", views.green_list_xlsx, name="green_list_xlsx"),
    path("register/lists/<uuid:uuid>/pdf/", views.green_list_pdf, name="green_list_pdf"),
    # the officials' list imports (issue 13 item 1)
    path("register/imports/", import_views.list_import_index, name="list_import_index"),
    path(
        "register/imports/<uuid:uuid>/", import_views.list_import_detail, name="list_import_detail"
    ),
    path(
        "register/imports/<uuid:uuid>/progress/",
        import_views.list_import_progress,
        name="list_import_progress",
    ),
    path("register/imports/<uuid:uuid>/run/", import_views.list_import_run, name="list_import_run"),
    path(
        "register/imports/<uuid:uuid>/resolve/",
        import_views.list_import_resolve,
        name="list_import_resolve",
    ),
    path("register/adjustments/", adjustment_views.adjustment_list, name="adjustment_list"),
]

if getattr(settings, "GREENMFG_BENCH_VIEWS", False):  # `make bench`: the hello-world baseline
    urlpatterns.append(path("bench/hello/", views.bench_hello))

from greenmfg.register import link_views  # noqa: E402

urlpatterns += [
    path("register/units/<uuid:uuid>/", link_views.unit_page, name="register_unit"),
    path("register/claims/", link_views.link_claims, name="link_claims"),
    path("register/claims/<uuid:uuid>/", link_views.link_claim, name="link_claim"),
    path("register/links/", link_views.link_decisions, name="link_decisions"),
    path("register/links/<uuid:uuid>/", link_views.link_decide, name="link_decide"),
    path("register/chase/", link_views.chase_list, name="link_chase"),
]
