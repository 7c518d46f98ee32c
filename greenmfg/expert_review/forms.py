from django import forms
from django.utils.translation import gettext_lazy as _


class ScoreForm(forms.Form):
    score = forms.DecimalField(
        label=_("评分（0–100）"), min_value=0, max_value=100, decimal_places=2, max_digits=5
    )
    comments = forms.CharField(
        label=_("评审意见"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500)
