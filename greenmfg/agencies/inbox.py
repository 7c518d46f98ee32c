"""The agencies app's items of the inbox (待办), registered with :mod:`greenmfg.core.inbox`
(imported by the portal's ``ready()``)."""

from greenmfg.agencies.selectors import inbox_items
from greenmfg.core import inbox

inbox.register_provider("agencies", inbox_items, order=60)
