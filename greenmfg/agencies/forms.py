"""Forms of the agencies app (the services check everything again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.agencies.models import AgencyProfile
from greenmfg.core.vocabulary import Level, ListType

DATE = forms.DateInput(attrs={"type": "date"})
TEXT3 = forms.Textarea(attrs={"rows": 3})


class ProjectNewForm(forms.Form):
    """委托第三方评价: the agency, the list type and the level and year of the list."""

    agency = forms.ChoiceField(label=_("第三方评价机构"))
    list_type = forms.ChoiceField(label=_("名单类型"), choices=ListType.choices)
    level = forms.ChoiceField(
        label=_("评价所对应的名单层级"), choices=Level.choices, initial=Level.MUNICIPAL
    )
    year = forms.IntegerField(label=_("年度（批次）"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("委托说明"), required=False, widget=TEXT3)

    def __init__(self, *args, agencies=(), list_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", "—")] + [
            (str(a.uuid), f"{a.name}（{a.legal_representative or '—'}）") for a in agencies
        ]
        if list_types is not None:
            self.fields["list_type"].choices = [
                (v, label) for v, label in ListType.choices if v in list_types
            ]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), required=False, widget=TEXT3)


class SignedReportForm(forms.Form):
    file = forms.FileField(label=_("签章评价报告（PDF）"))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = AgencyProfile
        fields = [
            "qualifications",
            "staff_total",
            "staff_senior",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"qualifications": forms.Textarea(attrs={"rows": 4})}


class WorkReportForm(forms.Form):
    """评价机构年度工作情况."""

    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    projects_done = forms.IntegerField(label=_("本年度开展评价项目（项）"), min_value=0)
    staff = forms.IntegerField(label=_("专职评价人员（人）"), min_value=0)
    quality_self_assessment = forms.CharField(label=_("评价质量自评"), widget=TEXT3)


class FindingForm(forms.Form):
    """An official's fraud finding against an agency."""

    decided_on = forms.DateField(label=_("认定日期"), widget=DATE)
    description = forms.CharField(label=_("认定事实"), widget=TEXT3)
    article = forms.CharField(
        label=_("依据条款"),
        required=False,
        help_text=_("留空则引用本辖区规则中不予采信的条款"),
    )
    project = forms.ChoiceField(label=_("涉及的评价项目"), required=False)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "—")] + [(str(p.uuid), str(p)) for p in projects]
