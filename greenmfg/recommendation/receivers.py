"""What the recommendation app does when selection announces something
(:mod:`greenmfg.selection.signals`); connected by :class:`RecommendationConfig.ready`."""

from __future__ import annotations

from django.dispatch import receiver

from greenmfg.recommendation.services import record_rewards
from greenmfg.selection.signals import list_published


@receiver(list_published, dispatch_uid="recommendation-rewards-at-publication")
def rewards_at_publication(sender, *, green_list, on, **kwargs) -> None:
    """A list was published: record the one-time rewards its units' cities grant
    (002 第二十三条), in the publication's transaction."""
    record_rewards(green_list=green_list, on=on)
