"""Filters of the applications and objections lists (issue 18 item 6): one FilterSet per
list, shared by the page (``greenmfg.core.lists.list_page``) and the API list
(``filterset_class``), always over the user's scoped queryset (``applications_for``,
``objections_for``), so a filter only narrows it."""

from __future__ import annotations

import django_filters
from django.db.models import Case, Value, When
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
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.jurisdictions.filters import RegionFilter
from greenmfg.selection.models import Application, ApplicationState, Objection, ObjectionState


class ApplicationFilterSet(ListFilterSet):
    """Applications by state, list type, level, year, the unit's region (down to the
    district), submission dates, those pending at the user's review step; search by
    unit name, credit code or the application's number (UUID)."""

    search_fields = ("unit__name",)
    code_fields = ("unit__uscc",)
    sort_choices = {
        "updated": (_("最近更新"), ("-updated_at", "-id")),
        "submitted": (_("提交日期（新→旧）"), ("-submitted_on", "-id")),
        "unit": (_("单位名称"), ("unit__name", "id")),
        "score": (_("得分（高→低）"), ("-score", "unit__name", "id")),
    }

    state = django_filters.ChoiceFilter(label=_("状态"), choices=ApplicationState.choices)
    list_type = django_filters.ChoiceFilter(label=_("类别"), choices=ListType.choices)
    level = django_filters.ChoiceFilter(label=_("层级"), choices=Level.choices)
    year = year_filter()
    region = RegionFilter("unit__registered_division")
    submitted_from = date_from("submitted_on", _("提交日期起"))
    submitted_to = date_to("submitted_on", _("提交日期止"))
    mine = pending_review_filter()
    sort = sort_filter(sort_choices)

    class Meta:
        model = Application
        fields: list[str] = []


#: open objections before handled ones (the states' codes do not sort that way)
OPEN_FIRST = Case(When(state=ObjectionState.OPEN, then=Value(0)), default=Value(1))


class ObjectionFilterSet(ListFilterSet):
    """Objections by state, the application's list type, the campaign's year, the
    unit's region and the submission dates; search by the unit's name, credit code
    or the objection's number. The objector's identity is not searchable."""

    search_fields = ("application__unit__name",)
    #: the credit code, and the receipt number (回执号) the public was given
    code_fields = ("application__unit__uscc", "receipt_number")
    sort_choices = {
        "state": (_("待处理在前"), (OPEN_FIRST, "-submitted_on", "-id")),
        "submitted": (_("提交日期（新→旧）"), ("-submitted_on", "-id")),
        "unit": (_("单位名称"), ("application__unit__name", "id")),
    }

    state = django_filters.ChoiceFilter(label=_("状态"), choices=ObjectionState.choices)
    list_type = django_filters.ChoiceFilter(
        field_name="application__list_type", label=_("类别"), choices=ListType.choices
    )
    year = year_filter("notice__campaign__year")
    region = RegionFilter("application__unit__registered_division")
    submitted_from = date_from("submitted_on", _("提交日期起"))
    submitted_to = date_to("submitted_on", _("提交日期止"))
    sort = sort_filter(sort_choices)

    class Meta:
        model = Objection
        fields: list[str] = []


def _division(unit) -> str:
    division = unit.registered_division
    return division.full_name if division else ""


APPLICATION_COLUMNS = [
    Column(_("单位"), lambda a: a.unit.name),
    Column(_("统一社会信用代码"), lambda a: a.unit.uscc),
    Column(_("类别"), lambda a: a.get_list_type_display()),
    Column(_("层级"), lambda a: a.get_level_display()),
    Column(_("年度"), lambda a: a.year),
    Column(_("所在地区"), lambda a: _division(a.unit)),
    Column(_("提交日期"), lambda a: a.submitted_on),
    Column(_("得分"), lambda a: a.score),
    Column(_("状态"), lambda a: a.get_state_display()),
    Column(_("编号"), lambda a: str(a.uuid)),
]

OBJECTION_COLUMNS = [
    Column(_("异议对象"), lambda o: o.application.unit.name),
    Column(_("统一社会信用代码"), lambda o: o.application.unit.uscc),
    Column(_("类别"), lambda o: o.application.get_list_type_display()),
    Column(_("公示"), lambda o: o.notice.title),
    Column(_("提交日期"), lambda o: o.submitted_on),
    Column(_("处理日期"), lambda o: o.handled_on),
    Column(_("状态"), lambda o: o.get_state_display()),
    Column(_("编号"), lambda o: str(o.uuid)),
]
