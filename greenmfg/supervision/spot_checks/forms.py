"""Django forms of the spot-check pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.supervision.forms import TEXT2
from greenmfg.supervision.spot_checks.models import SpotResult


class DrawForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    count = forms.IntegerField(label=_("抽取单位数"), min_value=1)
    seed = forms.IntegerField(
        label=_("随机种子（留空自动生成）"), required=False, min_value=0, max_value=2**62
    )
    inspectors_per_unit = forms.IntegerField(label=_("每家检查人员数"), min_value=0, initial=2)
    anomaly_weight = forms.DecimalField(
        label=_("异常提示加权值（0为等概率）"), min_value=0, initial=0, decimal_places=2
    )


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("检查结果"), choices=[c for c in SpotResult.choices if c[0] != SpotResult.PENDING]
    )
    finding = forms.CharField(label=_("检查情况"), widget=TEXT2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # shown inline in each row of the draw's table, without a visible <label>: the
        # fields carry their names for screen readers (axe-core, issue 18 item 5)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)


class InspectorForm(forms.Form):
    username = forms.CharField(label=_("专家用户名"), max_length=150)
