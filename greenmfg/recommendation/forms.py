"""Forms of recommendation upward: a department's opinion, the resolution of an
objection, a province's quota."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from greenmfg.jurisdictions.models import Jurisdiction, JurisdictionLevel
from greenmfg.recommendation.models import OpinionKind
from greenmfg.selection.services import campaign_rules


class OpinionForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("意见"),
        choices=[
            (OpinionKind.NO_OBJECTION, gettext_lazy("无意见")),
            (OpinionKind.OBJECTION, gettext_lazy("有意见")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label=gettext_lazy("附件（PDF/PNG/JPEG，可选）"), required=False)


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=gettext_lazy("处理情况"), widget=forms.Textarea(attrs={"rows": 2})
    )


class QuotaForm(forms.Form):
    jurisdiction = forms.ChoiceField(label=gettext_lazy("省级辖区"))
    list_type = forms.ChoiceField(
        label=gettext_lazy("名单类型"), choices=[("factory", gettext_lazy("绿色工厂"))]
    )
    quota = forms.IntegerField(label=gettext_lazy("名额"), min_value=0)
    basis = forms.CharField(label=gettext_lazy("依据"), required=False, max_length=300)

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].choices = [(p.code, p.name) for p in provinces]


def quota_form_for(campaign, data=None) -> QuotaForm | None:
    """The quota form of ``campaign``, where its rules allocate quotas
    (``quotas.<level>.factory: by_above_scale_enterprises``; 001 三); None elsewhere."""
    rules = campaign_rules(campaign)
    if rules.get(f"quotas.{campaign.level}.factory", "unlimited") != "by_above_scale_enterprises":
        return None
    return QuotaForm(data, provinces=Jurisdiction.objects.filter(level=JurisdictionLevel.PROVINCE))
