"""What selection announces to the apps above it (which it may not import).

``list_published(sender=Campaign, campaign, green_list, on, actor)`` — sent by
:func:`greenmfg.selection.publication.list_publish` inside its transaction, after the
listings are created: a receiver's writes commit or roll back with the publication
(the recommendation app records the one-time rewards, 002 第二十三条)."""

from __future__ import annotations

from django.dispatch import Signal

#: a campaign's list was published (公布); see the module docstring for the arguments
list_published = Signal()
