"""Pages of the yearly summaries (年度工作总结, 000 第十九条)."""

from django.urls import path

from greenmfg.summaries import views

urlpatterns = [
    path("summaries/", views.summary_index, name="summary_index"),
    path("summaries/<str:code>/<int:year>/", views.summary_detail, name="summary_detail"),
    path(
        "summaries/<str:code>/<int:year>/summary.<str:fmt>",
        views.summary_download,
        name="summary_download",
    ),
]
