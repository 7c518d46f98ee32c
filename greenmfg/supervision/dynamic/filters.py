"""Filters of the overdue dynamic forms list (逾期未填报, issue 18 item 6). The list is
computed in Python from the filing obligations (``obligations.overdue``), so the
FilterSet only validates the query string (``greenmfg.core.lists.list_page`` with a
``rows`` function): the region narrows the obligations' jurisdiction (only within the
official's own), the other filters the computed rows."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from greenmfg.core.lists import Column, ListFilterSet, sort_filter, year_filter
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.jurisdictions.filters import RegionFilter
from greenmfg.parties.models import Organisation
from greenmfg.supervision.common import FORM_LIST_TYPES

UNFILED = "unfiled"
LATE = "late"


class OverdueFilterSet(ListFilterSet):
    """Overdue obligations by filing year, list type, level, the unit's region (down to
    the district) and whether the form is missing or came late; search by unit name
    or credit code."""

    sort_choices = {
        "unit": (_("单位名称"), ()),
        "deadline": (_("截止日期（早→晚）"), ()),
    }

    year = year_filter(label=_("填报年度"))
    list_type = django_filters.ChoiceFilter(
        label=_("名单类型"), choices=[c for c in ListType.choices if c[0] in FORM_LIST_TYPES]
    )
    level = django_filters.ChoiceFilter(label=_("名单层级"), choices=Level.choices)
    region = RegionFilter("registered_division")
    filed = django_filters.ChoiceFilter(
        label=_("提交情况"), choices=[(UNFILED, _("未提交")), (LATE, _("逾期提交"))]
    )
    sort = sort_filter(sort_choices)

    class Meta:
        model = Organisation
        fields: list[str] = []


def filter_obligations(rows: list, data: dict) -> list:
    """``rows`` (``Obligation``) narrowed by the valid filters ``data`` (the region is
    applied by the caller, as the obligations' jurisdiction) and sorted."""
    q = (data.get("q") or "").strip()
    if q:
        upper = q.upper()
        rows = [
            ob
            for ob in rows
            if q.lower() in ob.unit.name.lower() or (ob.unit.uscc or "").startswith(upper)
        ]
    if data.get("list_type"):
        rows = [ob for ob in rows if ob.list_type == data["list_type"]]
    if data.get("level"):
        rows = [ob for ob in rows if data["level"] in ob.levels]
    if data.get("filed") == UNFILED:
        rows = [ob for ob in rows if ob.filed_on is None]
    elif data.get("filed") == LATE:
        rows = [ob for ob in rows if ob.filed_on is not None]
    if data.get("sort") == "deadline":
        rows = sorted(rows, key=lambda ob: (ob.deadline, ob.unit.name, ob.list_type))
    return rows


def _filed(ob) -> str:
    if ob.filed_on is None:
        return str(_("未提交"))
    return str(_("{d}逾期提交")).format(d=ob.filed_on.isoformat())


OVERDUE_COLUMNS = [
    Column(_("单位"), lambda ob: ob.unit.name),
    Column(_("统一社会信用代码"), lambda ob: ob.unit.uscc),
    Column(
        _("所在地区"),
        lambda ob: ob.unit.registered_division.full_name if ob.unit.registered_division else "",
    ),
    Column(_("名单类型"), lambda ob: ob.list_type_label),
    Column(_("名单层级"), lambda ob: ob.levels_label),
    Column(_("填报年度"), lambda ob: ob.filing_year),
    Column(_("截止日期"), lambda ob: ob.deadline),
    Column(_("依据"), lambda ob: ob.deadline_ref),
    Column(_("提交情况"), _filed),
]
