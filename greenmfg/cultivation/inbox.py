"""The cultivation app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from greenmfg.core import inbox
from greenmfg.cultivation.selectors import inbox_items

inbox.register_provider("cultivation", inbox_items, order=10)
