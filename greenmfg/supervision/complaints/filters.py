"""Filters of the complaints list (issue 18 item 6): one FilterSet shared by the page
(``greenmfg.core.lists.list_page``) and the API list (``filterset_class``), over the
official's scoped ``complaints_for`` (a filter only narrows it). The complainant's
identity is neither searchable nor exported (docs/security.md)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from greenmfg.core import clock
from greenmfg.core.lists import (
    Column,
    ListFilterSet,
    date_from,
    date_to,
    sort_filter,
    year_filter,
)
from greenmfg.jurisdictions.filters import RegionFilter
from greenmfg.parties.models import OrganisationKind
from greenmfg.supervision.complaints.models import Complaint, ComplaintState


class ComplaintFilterSet(ListFilterSet):
    """Complaints by state, the kind of the unit complained about, the year and dates
    of submission, the unit's region (down to the district), those handled by the
    user's own authority and those open past their verification deadline; search by
    the unit's name, credit code or the complaint's number (UUID)."""

    search_fields = ("target__name",)
    #: the credit code, and the receipt number (回执号) the public was given
    code_fields = ("target__uscc", "receipt_number")
    sort_choices = {
        "submitted": (_("提交日期（新→旧）"), ("-submitted_on", "-id")),
        "due": (_("核实期限（早→晚）"), ("due_on", "id")),
        "unit": (_("被举报对象名称"), ("target__name", "id")),
    }

    state = django_filters.ChoiceFilter(label=_("状态"), choices=ComplaintState.choices)
    target_kind = django_filters.ChoiceFilter(
        field_name="target__kind", label=_("被举报对象类型"), choices=OrganisationKind.choices
    )
    year = year_filter("submitted_on__year", label=_("提交年度"))
    region = RegionFilter("target__registered_division")
    submitted_from = date_from("submitted_on", _("提交日期起"))
    submitted_to = date_to("submitted_on", _("提交日期止"))
    mine = django_filters.BooleanFilter(
        method="handled_by_my_authority", label=_("本机关受理"), widget=forms.CheckboxInput
    )
    overdue = django_filters.BooleanFilter(
        method="open_past_due", label=_("逾期未核实"), widget=forms.CheckboxInput
    )
    sort = sort_filter(sort_choices)

    class Meta:
        model = Complaint
        fields: list[str] = []

    def handled_by_my_authority(self, queryset, name, value):
        """Complaints whose handling authority is the user's own."""
        user = self.user
        if not value or user is None or not getattr(user, "authority_id", None):
            return queryset
        return queryset.filter(handler_id=user.authority.jurisdiction_id)

    def open_past_due(self, queryset, name, value):
        """Open complaints whose verification deadline (``due_on``) has passed."""
        if not value:
            return queryset
        return queryset.filter(state=ComplaintState.OPEN, due_on__lt=clock.today())


COMPLAINT_COLUMNS = [
    Column(_("被举报对象"), lambda c: c.target.name),
    Column(_("统一社会信用代码"), lambda c: c.target.uscc),
    Column(_("被举报对象类型"), lambda c: c.target.get_kind_display()),
    Column(
        _("所在地区"),
        lambda c: c.target.registered_division.full_name if c.target.registered_division else "",
    ),
    Column(_("受理机关"), lambda c: c.handler.full_name),
    Column(_("提交日期"), lambda c: c.submitted_on),
    Column(_("核实期限"), lambda c: c.due_on),
    Column(_("状态"), lambda c: c.get_state_display()),
    Column(_("办结日期"), lambda c: c.handled_on),
    Column(_("编号"), lambda c: str(c.uuid)),
]
