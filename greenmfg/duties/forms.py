"""Forms of the duties app (the services check everything again)."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from greenmfg.duties.models import DisclosureKind
from greenmfg.jurisdictions import sources

#: the filing officers' training at the city (004 第十三条)
FILING_OFFICER_ARTICLE = "004 第十三条"

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(forms.Form):
    title = forms.CharField(label=_("培训名称"), max_length=120)
    held_on = forms.DateField(label=_("培训日期"), widget=DATE)
    place = forms.CharField(label=_("地点或方式"), max_length=120, required=False)
    topics = forms.CharField(
        label=_("培训内容"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    for_filing_officers = forms.BooleanField(
        label=_("动态管理填报专员培训"),
        # the article as people read it: 《广州市绿色工厂梯度培育及管理暂行办法》第十三条
        help_text=lazy(sources.plain, str)(FILING_OFFICER_ARTICLE),
        required=False,
    )


class AttendanceForm(forms.Form):
    uscc = forms.CharField(label=_("单位统一社会信用代码"), max_length=18)
    person_name = forms.CharField(label=_("参训人员姓名"), max_length=60)


class GuidanceForm(forms.Form):
    uscc = forms.CharField(label=_("培育对象统一社会信用代码"), max_length=18)
    visited_on = forms.DateField(label=_("指导日期"), widget=DATE)
    participants = forms.CharField(label=_("参加人员"), max_length=200, required=False)
    findings = forms.CharField(
        label=_("指导意见"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DisclosureForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=DisclosureKind.choices)
    year = forms.IntegerField(label=_("年度"), min_value=2016, max_value=2100)
    title = forms.CharField(label=_("标题"), max_length=200)
    url = forms.URLField(label=_("公开网址"), max_length=500, required=False, assume_scheme="https")
    document = forms.FileField(label=_("报告文件（PDF）"), required=False)
