"""The recommendation app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from django.utils.translation import gettext_lazy as _

from greenmfg.core import inbox
from greenmfg.recommendation.selectors import inbox_items

inbox.register_provider("recommendation", inbox_items, order=40)
inbox.register_kinds({"opinion": _("征求意见"), "opinion_objection": _("部门意见待处理")})
inbox.register_object_pages({"recommendation.consultation": "consultation_detail"})
