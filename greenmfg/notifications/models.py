"""Models of the notifications: one row per recipient and event, and each user's
e-mail preferences."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from greenmfg.audit import labels
from greenmfg.notifications.kinds import NotificationKind


class Notification(models.Model):
    """One message to one user about one audit event. The title is not stored as text:
    it is composed when read from the event's action, object and new state through the
    label registry (``audit.labels``), so each reader sees it in their own language."""

    uuid = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("接收人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    business_date = models.DateField(_("业务日期"))
    kind = models.CharField(_("类别"), max_length=20, choices=NotificationKind.choices)
    event_uuid = models.UUIDField(_("审计事件"))
    action = models.CharField(_("动作"), max_length=80)
    object_type = models.CharField(_("对象类型"), max_length=80)
    object_uuid = models.CharField(_("对象标识"), max_length=36)
    object_label = models.CharField(_("对象"), max_length=300, blank=True)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    url_name = models.CharField(_("链接"), max_length=80, blank=True)
    url_uuid = models.CharField(_("链接对象标识"), max_length=36, blank=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_uuid"], name="notification_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The action and the object, in the active language (申报 · 区县初审 · 通过：某公司)."""
        return gettext("{action}：{object}").format(
            action=labels.action_label(self.action), object=self.object_label
        )

    @property
    def state_label(self) -> str:
        """The object's new state, in the active language (— when the event kept it)."""
        return labels.state_label(self.to_state, self.object_type)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def link(self) -> str:
        """The page of the object ('' when it has none)."""
        if not self.url_name:
            return ""
        try:
            if self.url_uuid:
                return reverse(self.url_name, kwargs={"uuid": self.url_uuid})
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


class NotificationPreference(models.Model):
    """A user's e-mail choices: the kinds mailed (in-app notifications are always on).
    Without a row, every kind in ``EMAIL_ON_BY_DEFAULT`` is mailed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("用户"),
    )
    email_kinds = models.JSONField(_("发送邮件的通知类别"), default=list, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("通知偏好")
        verbose_name_plural = _("通知偏好")

    def __str__(self) -> str:
        return str(self.user)
