"""Shared model bases and the demo platform clock."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicIdModel(models.Model):
    """A model with an unguessable public identifier used in URLs and the API.

    ``uuid`` is what users see; the sequential primary key never leaves the server.
    ``version`` is bumped by every compare-and-set transition (optimistic lock).
    """

    uuid = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True


class PlatformClock(models.Model):
    """The demo platform date (one row, pk=1); used only with GREENMFG_DEMO_CLOCK on."""

    today = models.DateField(_("平台日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("平台日期（演示）")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return str(self.today or "—")
