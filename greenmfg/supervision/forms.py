"""Django forms of the supervision pages (input only: the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.supervision.models import (
    INDICATOR_FIELDS,
    ChangeKind,
    DynamicForm,
    IncidentKind,
    SpotResult,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT2 = forms.Textarea(attrs={"rows": 2})


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


class UnitChoiceMixin:
    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.uuid), f"{u.name}（{u.uscc or '—'}）") for u in units]


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


class InspectorForm(forms.Form):
    username = forms.CharField(label=_("专家用户名"), max_length=150)


class ComplaintForm(forms.Form):
    target_uscc = forms.CharField(label=_("被举报单位的统一社会信用代码"), max_length=18)
    handler_level = forms.ChoiceField(label=_("受理机关"), required=False)
    complainant_name = forms.CharField(label=_("举报人姓名或单位名称"), max_length=100)
    complainant_id_number = forms.CharField(label=_("身份证号或统一社会信用代码"), max_length=18)
    complainant_phone = forms.CharField(label=_("联系电话"), max_length=30)
    complainant_email = forms.EmailField(label=_("电子邮箱"), required=False)
    statement = forms.CharField(label=_("举报内容"), widget=forms.Textarea(attrs={"rows": 5}))
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
