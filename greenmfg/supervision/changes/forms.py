"""Django forms of the change pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.supervision.changes.models import ChangeKind
from greenmfg.supervision.forms import DATE, TEXT2


class ChangeForm(forms.Form):
    kind = forms.ChoiceField(label=_("变更类型"), choices=ChangeKind.choices)
    old_value = forms.CharField(label=_("变更前"), max_length=300, required=False)
    new_value = forms.CharField(label=_("变更后"), max_length=300)
    formalities_completed_on = forms.DateField(label=_("相关手续办理完成日期"), widget=DATE)
    description = forms.CharField(
        label=_("变更说明（投资、并购等原因）"), required=False, widget=TEXT2
    )


class ChangeReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[("accept", _("同意变更")), ("remove", _("变更后不再符合要求，拟移出"))],
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("变更意见"), widget=TEXT2)
