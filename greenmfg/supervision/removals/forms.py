"""Django forms of the removal pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.supervision.forms import DATE, TEXT2, UnitChoiceMixin


class ProposalForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("确认意见"),
        choices=[("confirm", _("确认移出（年度公布时执行）")), ("dismiss", _("不予移出"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("说明"), required=False, widget=TEXT2)


class FraudForm(UnitChoiceMixin, forms.Form):
    unit = forms.ChoiceField(label=_("单位"))
    decided_on = forms.DateField(label=_("认定日期"), widget=DATE)
    article = forms.CharField(label=_("依据条款"), max_length=200)
    description = forms.CharField(label=_("认定事实"), widget=TEXT2)
