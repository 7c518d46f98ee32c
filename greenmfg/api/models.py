"""Stored answers of API requests sent with an ``Idempotency-Key`` (greenmfg.api.idempotency)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyRecord(models.Model):
    """One caller's key: the request's fingerprint and, once answered, the answer to
    replay. ``status_code`` is empty while the first request is still being handled.
    Kept for ``IDEMPOTENCY_TTL`` (24 hours)."""

    scope = models.CharField(_("调用方"), max_length=80)
    key = models.CharField(_("幂等键"), max_length=255)
    fingerprint = models.CharField(_("请求摘要"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    status_code = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    content_type = models.CharField(_("内容类型"), max_length=100, blank=True)
    body = models.BinaryField(_("应答"), blank=True, default=b"")

    class Meta:
        verbose_name = _("幂等请求")
        verbose_name_plural = _("幂等请求")
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="one_idempotency_key_per_caller")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
