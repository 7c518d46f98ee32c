"""Forms of the rules pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class CalendarYearForm(forms.Form):
    """A year's holiday schedule as the State Council published it (national officials)."""

    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100)
    document = forms.CharField(label=_("国务院办公厅通知文号"), max_length=120)
    days = forms.CharField(
        label=_("放假和调休日期（每行一天：日期 休/班 名称）"),
        widget=forms.Textarea(
            attrs={"rows": 12, "placeholder": "2027-01-01 休 元旦\n2027-02-06 班 春节调休"}
        ),
    )
