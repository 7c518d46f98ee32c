"""The append-only, hash-chained record of every decision (DESIGN.md decision 6)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    """One state change or administrative act, chained to the event before it.

    ``hash`` = SHA-256 of the canonical JSON of every other field, including
    ``prev_hash``; see :func:`greenmfg.audit.services.event_hash`.
    The actor is stored by value (uuid and label), not as a foreign key, so that
    nothing outside this table can change an event.
    """

    seq = models.BigIntegerField(_("序号"), unique=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(_("发生时间"))
    business_date = models.DateField(_("业务日期"))
    actor_uuid = models.CharField(_("操作人标识"), max_length=36, blank=True)
    actor_label = models.CharField(_("操作人"), max_length=200, blank=True)
    actor_role = models.CharField(_("操作人角色"), max_length=30, blank=True)
    action = models.CharField(_("动作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_uuid = models.CharField(_("对象标识"), max_length=36, db_index=True)
    object_label = models.CharField(_("对象"), max_length=300, blank=True)
    jurisdiction_path = models.CharField(_("辖区路径"), max_length=64, blank=True, db_index=True)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    citations = models.JSONField(_("依据条款"), default=list, blank=True)
    payload = models.JSONField(_("内容"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [
            models.Index(fields=["object_type", "object_uuid", "seq"]),
            models.Index(fields=["actor_uuid", "seq"], name="audit_event_actor_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_label}"


class ChainHead(models.Model):
    """The head of the chain (one row, pk=1): updating it first serialises appends."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"


class PublishedChainHead(models.Model):
    """The head of the chain as it stood when published on ``date`` (one row a day).

    Published on the public page ``/audit/heads/`` and as JSON (``/audit/heads.json``)
    so that outside parties keep copies: a database superuser who rewrites an event
    and re-hashes every event after it cannot change the copies, and
    ``greenmfg audit verify`` names the published head the rewritten chain no longer
    matches (等保 8.1.4.3 c; ASVS 5.0 16.4.2). Append-only like the events.
    """

    date = models.DateField(_("公示日期"), unique=True)
    seq = models.BigIntegerField(_("序号"))
    hash = models.CharField(_("哈希值"), max_length=64)
    published_at = models.DateTimeField(_("公示时间"))

    class Meta:
        ordering = ["-date"]
        verbose_name = _("已公示的审计链头")
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.date} #{self.seq} {self.hash[:12]}"
