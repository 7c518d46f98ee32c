"""Forms of the notifications: e-mail preferences, the receipt lookup."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.notifications.kinds import NotificationKind


class PreferencesForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label=_("以下通知同时发送电子邮件"),
        choices=NotificationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("站内通知始终发送；邮件发到账户的电子邮箱。"),
    )


class ReceiptLookupForm(forms.Form):
    number = forms.CharField(
        label=_("回执号"),
        max_length=20,
        help_text=_("如 YY-2026-000123（异议）或 TS-2026-000123（举报）"),
    )
    code = forms.CharField(label=_("查询码"), max_length=16)
