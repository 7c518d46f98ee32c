"""Django forms of the dynamic-form and on-site-check pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.supervision.dynamic.models import INDICATOR_FIELDS, DynamicForm
from greenmfg.supervision.forms import DATE, TEXT2


class OfficerForm(forms.Form):
    name = forms.CharField(label=_("专员姓名"), max_length=60)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    trained_on = forms.DateField(label=_("参加培训日期"), required=False, widget=DATE)
    training = forms.CharField(label=_("培训名称或证明编号"), max_length=200, required=False)


class NewFormForm(forms.Form):
    list_type = forms.ChoiceField(label=_("名单类型"))
    data_year = forms.IntegerField(label=_("数据年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, list_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_type"].choices = list_types


class DynamicFormEdit(forms.ModelForm):
    class Meta:
        model = DynamicForm
        fields = [*INDICATOR_FIELDS, "changes_declared", "incidents_declared", "note"]
        widgets = {
            "changes_declared": TEXT2,
            "incidents_declared": TEXT2,
            "note": TEXT2,
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[
            ("accept", _("审核通过")),
            ("return", _("退回修改")),
            ("check", _("要求现场核查")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("审核意见"), required=False, widget=TEXT2)
    scheduled_for = forms.DateField(label=_("计划核查日期"), required=False, widget=DATE)


class CheckRequestForm(forms.Form):
    unit = forms.UUIDField(widget=forms.HiddenInput)
    list_type = forms.CharField(widget=forms.HiddenInput)
    filing_year = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("核查事由"), widget=TEXT2)
    scheduled_for = forms.DateField(label=_("计划核查日期"), required=False, widget=DATE)


class CheckOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("核查结果"),
        choices=[("completed", _("已完成核查")), ("refused", _("单位拒不配合"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("核查情况"), widget=TEXT2)
