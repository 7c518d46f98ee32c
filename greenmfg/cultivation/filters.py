"""Filters of the pool registrations list (issue 18 item 6): one FilterSet shared by
the page (``greenmfg.core.lists.list_page``) and the API list (``filterset_class``),
over the user's scoped ``registrations_for`` (a filter only narrows it)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from greenmfg.core.lists import (
    Column,
    ListFilterSet,
    date_from,
    date_to,
    pending_review_filter,
    sort_filter,
    year_filter,
)
from greenmfg.core.vocabulary import ListType
from greenmfg.cultivation.models import Registration, RegistrationState
from greenmfg.jurisdictions.filters import RegionFilter


class RegistrationFilterSet(ListFilterSet):
    """Registrations (梯度培育信息登记表) by state, list type, registration year, the
    unit's region (down to the district), submission dates and those pending at the
    user's review step; search by the name or credit code on the form or of the unit,
    or the registration's number (UUID)."""

    search_fields = ("unit_name", "unit__name")
    code_fields = ("uscc", "unit__uscc")
    sort_choices = {
        "updated": (_("最近更新"), ("-updated_at", "-id")),
        "submitted": (_("提交日期（新→旧）"), ("-submitted_on", "-id")),
        "unit": (_("单位名称"), ("unit_name", "id")),
        "valid_until": (_("有效期至（早→晚）"), ("valid_until", "unit_name", "id")),
    }

    state = django_filters.ChoiceFilter(label=_("状态"), choices=RegistrationState.choices)
    list_type = django_filters.ChoiceFilter(label=_("类别"), choices=ListType.choices)
    year = year_filter(label=_("登记年度"))
    region = RegionFilter("unit__registered_division")
    submitted_from = date_from("submitted_on", _("提交日期起"))
    submitted_to = date_to("submitted_on", _("提交日期止"))
    mine = pending_review_filter()
    sort = sort_filter(sort_choices)

    class Meta:
        model = Registration
        fields: list[str] = []


REGISTRATION_COLUMNS = [
    Column(_("单位"), lambda r: r.unit_name),
    Column(_("统一社会信用代码"), lambda r: r.uscc or r.unit.uscc),
    Column(_("类别"), lambda r: r.get_list_type_display()),
    Column(_("登记年度"), lambda r: r.year),
    Column(
        _("所在地区"),
        lambda r: r.unit.registered_division.full_name if r.unit.registered_division else "",
    ),
    Column(_("提交日期"), lambda r: r.submitted_on),
    Column(_("状态"), lambda r: r.get_state_display()),
    Column(_("有效期至"), lambda r: r.valid_until),
    Column(_("编号"), lambda r: str(r.uuid)),
]
