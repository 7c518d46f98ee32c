"""The 企业绿码 follows the register: a removed listing's codes are withdrawn in the
removal's transaction (connected in ``GreencodeConfig.ready``)."""

from __future__ import annotations

from django.dispatch import receiver

from greenmfg.greencode.services import codes_withdraw_for_listing
from greenmfg.register.signals import listing_removed


@receiver(listing_removed, dispatch_uid="greencode-withdraw-on-removal")
def withdraw_on_removal(sender, *, listing, actor, on, reason="", **kwargs) -> None:
    """Withdraw the codes of a listing just removed (000 第二十一条)."""
    codes_withdraw_for_listing(actor=actor, listing=listing, on=on, reason=reason)
