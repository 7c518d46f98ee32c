"""The cultivation app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from django.utils.translation import gettext_lazy as _

from greenmfg.core import inbox
from greenmfg.cultivation.selectors import inbox_items

inbox.register_provider("cultivation", inbox_items, order=10)
inbox.register_kinds(
    {
        "registration": _("培育入库登记"),
        "registration_window": _("培育入库登记开放"),
        "clean_production_lapsed": _("清洁生产企业有效期届满"),
        "clean_production_expiring": _("清洁生产企业有效期即将届满"),
    }
)
inbox.register_object_pages({"cultivation.registration": "registration_detail"})
