"""The kinds of notification and their labels (the registry of this app, as
``audit/labels.py`` holds the audit's): each kind is one line of the preferences page."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    """What a notification is about; a user turns e-mail on or off per kind."""

    REGISTRATION = "registration", _("培育入库登记的审核结果")
    APPLICATION = "application", _("申报的审核、评审、公示和列入名单")
    DYNAMIC_FORM = "dynamic_form", _("动态管理表的审核结果")
    CHANGE_REPORT = "change_report", _("变更报告的审核结果")
    LISTING = "listing", _("本单位移出名单")
    OBJECTION = "objection", _("公示异议（新收到的异议及处理结果）")
    COMPLAINT = "complaint", _("新收到的举报")


#: kinds whose e-mail is on until the user turns it off
EMAIL_ON_BY_DEFAULT: frozenset[str] = frozenset(NotificationKind.values)
