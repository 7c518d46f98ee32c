"""Signals of the register, for apps above it that follow a listing's life without the
register importing them (docs/architecture.md, layers)."""

from django.dispatch import Signal

#: sent inside the removal's transaction for each listing moved to removed; kwargs:
#: ``listing``, ``actor``, ``on`` (date), ``reason``. A receiver that raises undoes the
#: removal. The 企业绿码 withdraws the listing's codes (greenmfg/greencode/receivers.py).
listing_removed = Signal()
