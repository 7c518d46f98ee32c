"""Forms of selection: applications, reviews, notices, objections."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import EvaluationRoute, ListType, ReviewDecision
from greenmfg.selection.models import Objection, ObjectionState


class ApplicationReviewForm(forms.Form):
    """The outcome of an application's pending review step: the decision, the reasons,
    and at the last step the score (or grade); the paper copy at a district that
    receives it (003 第十一条)."""

    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[
            (ReviewDecision.APPROVE, _("通过（推荐/评审通过）")),
            (ReviewDecision.RETURN, _("退回修改")),
            (ReviewDecision.REJECT, _("不通过")),
        ],
        widget=forms.RadioSelect,
    )
    grade = forms.ChoiceField(
        label=_("评定等级（省级专项评审填写）"),
        choices=[("", "—"), ("A", "A"), ("B", "B"), ("C", "C")],
        required=False,
    )
    paper_copy_received = forms.BooleanField(label=_("已收到评价报告纸质材料"), required=False)
    score = forms.DecimalField(
        label=_("评审得分（市级评审填写）"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
    )
    reason = forms.CharField(
        label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoticeOpenForm(forms.Form):
    """The start of a public notice; its length and unit only where the rules set none."""

    start = forms.DateField(label=_("公示开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    length = forms.IntegerField(label=_("公示期（天）"), required=False, min_value=1, max_value=60)
    unit = forms.ChoiceField(
        label=_("计算单位"),
        required=False,
        choices=[("", "—"), ("working_days", _("工作日")), ("calendar_days", _("自然日"))],
    )

    def __init__(self, *args, rules_set_length: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if rules_set_length:
            del self.fields["length"]
            del self.fields["unit"]


class ObjectionForm(forms.ModelForm):
    """异议表 (real name). ``application`` is the unit objected to."""

    application = forms.TypedChoiceField(label=_("异议对象"), coerce=str)
    evidence = forms.FileField(label=_("证据材料（PDF/PNG/JPEG，可选）"), required=False)

    class Meta:
        model = Objection
        fields = [
            "objector_name",
            "objector_id_number",
            "objector_phone",
            "objector_email",
            "statement",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(str(a.uuid), a.unit.name) for a in applications]
        self.order_fields(["application"])


class ObjectionHandleForm(forms.Form):
    """The outcome of an objection with the reasons."""

    outcome = forms.ChoiceField(
        label=_("处理结论"),
        choices=[
            (ObjectionState.DISMISSED, _("异议不成立")),
            (ObjectionState.UPHELD, _("异议成立（该单位退出本轮）")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("处理意见"), widget=forms.Textarea(attrs={"rows": 3}))


class ApplicationNewForm(forms.Form):
    """A new application: the list type (those the unit may apply for), the report,
    and for a design product its name and model."""

    list_type = forms.ChoiceField(label=_("名单类型"))
    report = forms.TypedChoiceField(label=_("评价报告"), coerce=str, required=False)
    product_name = forms.CharField(
        label=_("产品名称（仅绿色设计产品）"), required=False, max_length=200
    )
    product_model = forms.CharField(
        label=_("产品型号（仅绿色设计产品）"), required=False, max_length=200
    )

    def __init__(self, *args, list_types=(), reports=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_type"].choices = [(t, ListType(t).label) for t in list_types]
        self.fields["report"].choices = [("", "—")] + [(str(r.uuid), str(r)) for r in reports]


class ReportNewForm(forms.Form):
    """A new evaluation report: the list type and the route (those the rules allow)."""

    list_type = forms.ChoiceField(label=_("名单类型"))
    route = forms.ChoiceField(label=_("评价方式"))

    def __init__(self, *args, list_types=(), routes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["list_type"].choices = [(t, ListType(t).label) for t in list_types]
        self.fields["route"].choices = [(r, EvaluationRoute(r).label) for r in routes]


class EvidenceForm(forms.Form):
    """One evidence file for one indicator."""

    indicator_code = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("佐证材料"))
