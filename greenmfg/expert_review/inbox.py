"""The expert_review app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from django.utils.translation import gettext_lazy as _

from greenmfg.core import inbox
from greenmfg.expert_review.selectors import inbox_items

inbox.register_provider("expert_review", inbox_items, order=30)
inbox.register_kinds({"expert": _("专家评审")})
inbox.register_object_pages({"expert_review.expertassignment": "expert_assignment_detail"})
