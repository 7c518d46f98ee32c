"""Signed-in sessions per user, and when each user's password last changed."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One signed-in session of a user (ASVS 7.5.2: users can see and end their
    sessions). Kept by the login/logout signals and the session middleware; deleting
    the row ends the session (the session store's row is deleted with it).

    ``uuid`` is what the pages use; ``session_key`` never leaves the server."""

    uuid = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tracked_sessions",
        verbose_name=_("用户"),
    )
    session_key = models.CharField(_("会话键"), max_length=40, unique=True)
    created = models.DateTimeField(_("登录时间"), default=timezone.now)
    last_seen = models.DateTimeField(_("最近活动"), default=timezone.now)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")
        indexes = [models.Index(fields=["user", "-last_seen"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.created:%Y-%m-%d %H:%M}"


class PasswordRecord(models.Model):
    """When the user's password last changed (for the optional maximum password age,
    ``GREENMFG_PASSWORD_MAX_AGE_DAYS``). Written by the password lifecycle hook."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_record",
        verbose_name=_("用户"),
    )
    changed_at = models.DateTimeField(_("密码修改时间"))

    class Meta:
        verbose_name = _("密码记录")
        verbose_name_plural = _("密码记录")

    def __str__(self) -> str:
        return f"{self.user} · {self.changed_at:%Y-%m-%d}"


class ApiTokenRecord(models.Model):
    """What the platform keeps about a user's API token (DRF's ``Token``, one per user)
    beyond its key: when it was issued and expires, when it was last used, whether a
    second factor was verified when it was issued, and from where. Written when a token
    is created (any path: the sign-in endpoint, a command, the admin) and deleted with
    it. Only a SHA-256 of the key is kept here. See greenmfg/accounts/tokens.py."""

    uuid = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_token_record",
        verbose_name=_("用户"),
    )
    key_digest = models.CharField(_("令牌摘要"), max_length=64)
    issued_at = models.DateTimeField(_("签发时间"))
    expires_at = models.DateTimeField(_("到期时间"))
    last_used = models.DateTimeField(_("最近使用"))
    second_factor = models.BooleanField(_("签发时已验证动态验证码"), default=False)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"


class EnrolmentCode(models.Model):
    """A one-time code that lets an official enrol a second factor (issue 17, item 15):
    issued by an administrator or the official's superior authority, delivered out of
    band, single use, expiring. Only a SHA-256 of the code is kept.
    See greenmfg/accounts/enrolment.py."""

    uuid = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolment_codes",
        verbose_name=_("用户"),
    )
    code_hash = models.CharField(_("登记码摘要"), max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    issued_at = models.DateTimeField(_("签发时间"))
    expires_at = models.DateTimeField(_("到期时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("双因素登记码")
        verbose_name_plural = _("双因素登记码")

    def __str__(self) -> str:
        return f"{self.user} · {self.issued_at:%Y-%m-%d %H:%M}"
