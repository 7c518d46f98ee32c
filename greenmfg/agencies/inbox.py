"""The agencies app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.selectors import inbox_items
from greenmfg.core import inbox

inbox.register_provider("agencies", inbox_items, order=60)
inbox.register_kinds({"agency_project": _("评价项目")})
inbox.register_object_pages({"agencies.agencyproject": "agency_project_detail"})
