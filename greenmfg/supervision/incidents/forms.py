"""Django forms of the incident pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.supervision.forms import DATE, TEXT2, UnitChoiceMixin
from greenmfg.supervision.incidents.models import IncidentKind


class IncidentForm(UnitChoiceMixin, forms.Form):
    unit = forms.ChoiceField(label=_("单位"))
    kind = forms.ChoiceField(label=_("事件类型"), choices=IncidentKind.choices)
    occurred_on = forms.DateField(label=_("发生日期"), widget=DATE)
    found_on = forms.DateField(label=_("发现日期"), required=False, widget=DATE)
    description = forms.CharField(label=_("事件情况"), widget=TEXT2)
    source_document = forms.CharField(label=_("认定文件或来源"), max_length=200, required=False)
    complaint = forms.UUIDField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("说明"), required=False, widget=TEXT2)
