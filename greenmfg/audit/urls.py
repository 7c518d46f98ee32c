"""URLs of the audit record (included at the root by greenmfg/urls.py)."""

from django.urls import path

from greenmfg.audit import views as v

urlpatterns = [
    path("audit/", v.event_list, name="audit_event_list"),
    path("audit/events/<uuid:uuid>/", v.event_detail, name="audit_event_detail"),
    path("audit/heads/", v.heads, name="audit_heads"),
    path("audit/heads.json", v.heads_json, name="audit_heads_json"),
]
