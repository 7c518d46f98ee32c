"""Django forms of the complaint pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.core.limits import STATEMENT_MAX_CHARS
from greenmfg.supervision.forms import DATE, TEXT2


class ComplaintForm(forms.Form):
    target_uscc = forms.CharField(label=_("被举报单位的统一社会信用代码"), max_length=18)
    handler_level = forms.ChoiceField(label=_("受理机关"), required=False)
    complainant_name = forms.CharField(label=_("举报人姓名或单位名称"), max_length=100)
    complainant_id_number = forms.CharField(label=_("身份证号或统一社会信用代码"), max_length=18)
    complainant_phone = forms.CharField(label=_("联系电话"), max_length=30)
    complainant_email = forms.EmailField(label=_("电子邮箱"), required=False)
    statement = forms.CharField(
        label=_("举报内容"),
        max_length=STATEMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    evidence = forms.FileField(label=_("佐证材料（PDF/PNG/JPEG）"))

    def __init__(self, *args, levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler_level"].choices = [("", _("按规定"))] + list(levels)


class ComplaintHandleForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理结果"),
        choices=[
            ("dismissed", _("经核实不属实")),
            ("rectification", _("责令整改")),
            ("removal", _("移出名单")),
            ("agency_sanction", _("第三方机构按规定处理")),
        ],
    )
    reason = forms.CharField(label=_("核实情况和处理意见"), widget=TEXT2)
    rectification_due = forms.DateField(label=_("整改期限"), required=False, widget=DATE)
    removal_cause = forms.ChoiceField(label=_("移出原因"), required=False)
    agency_fraud = forms.BooleanField(
        label=_("经查实第三方机构弄虚作假或故意隐瞒评价对象问题（三年内不予采信，并在平台通报）"),
        required=False,
    )

    def __init__(self, *args, causes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["removal_cause"].choices = [("", "—")] + list(causes)
