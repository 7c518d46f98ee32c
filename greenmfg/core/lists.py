"""The officials' lists (issue 18 item 6): filters, search, sort, pages of 50 with the
total, and the XLSX export of exactly the filtered rows — written once, used by every
list page (applications, pool registrations, objections, complaints, overdue dynamic
forms).

How a list page is built:

- its app defines a :class:`ListFilterSet` (django-filter) over the app's **scoped**
  queryset (``applications_for(user)`` …): filters only narrow what the selector
  gives, so no filter can widen the user's scope; the same FilterSet is the
  ``filterset_class`` of the app's API list, so the API has the same filters;
- the view calls :func:`list_page` with a :class:`ListSpec` (template, title, XLSX
  columns, file name) and the scoped queryset — or, for a list computed in Python
  (the overdue forms), a function of the valid filters that returns the rows;
- the template includes ``includes/list_controls.html`` (the filter bar, the total
  and the export button) and ``includes/pagination.html`` (the pager).

Bad filter values (a state that does not exist, a region outside the user's
jurisdiction, ``year=abc``) are ignored and named in a message on the page, never a
500; the API answers 400 with the field and the rule.

The export (``?export=xlsx`` with the page's filters) is built in memory through
:mod:`greenmfg.core.spreadsheets` (formulas and control characters neutralised):
the list's title, the filters applied and the date in its first rows, Chinese
headers and labels (in every UI language: ``LANGUAGE_CODE``), ISO dates, a file name with the platform date. Up to
:data:`EXPORT_MAX_ROWS` rows; above that the page asks to narrow the filters
(docs/architecture.md, "Officials' lists").
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import uuid as uuid_lib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from greenmfg.core import clock
from greenmfg.core.dates import YEAR_MAX, YEAR_MIN
from greenmfg.core.spreadsheets import xlsx_append

#: rows per page of an officials' list
PAGE_SIZE = 50
#: the most rows one XLSX export holds (built in memory in the request: 10,000 rows of
#: 10 columns take about 3 s and 370 KiB); a larger result asks the user to narrow the
#: filters
EXPORT_MAX_ROWS = 10_000
#: the query-string parameter that asks for the export
EXPORT_PARAM = "export"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DateInput(forms.DateInput):
    """An ``<input type="date">`` that renders ISO dates in every language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_from(field_name: str, label) -> django_filters.DateFilter:
    """A filter ``field_name >= date`` (ISO ``YYYY-MM-DD``)."""
    return django_filters.DateFilter(
        field_name=field_name, lookup_expr="gte", label=label, widget=DateInput()
    )


def date_to(field_name: str, label) -> django_filters.DateFilter:
    """A filter ``field_name <= date`` (ISO ``YYYY-MM-DD``)."""
    return django_filters.DateFilter(
        field_name=field_name, lookup_expr="lte", label=label, widget=DateInput()
    )


def year_filter(field_name: str = "year", label=None) -> django_filters.NumberFilter:
    """A year within the platform's range (``YEAR_MIN``–``YEAR_MAX``), else refused."""
    return django_filters.NumberFilter(
        field_name=field_name,
        label=label or gettext_lazy("年度"),
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"min": YEAR_MIN, "max": YEAR_MAX, "class": "year"}),
    )


def sort_filter(choices: dict[str, tuple[Any, tuple[str, ...]]]) -> django_filters.ChoiceFilter:
    """The ``sort`` filter of a list: one of ``choices`` (``{key: (label, order_by)}``)."""
    return django_filters.ChoiceFilter(
        method="sort_by",
        label=gettext_lazy("排序"),
        choices=[(k, v[0]) for k, v in choices.items()],
        empty_label=None,
    )


def pending_review_filter() -> django_filters.BooleanFilter:
    """待我审核: a checkbox keeping the rows whose pending review step the user's role
    performs (the ``pending_role`` the services set from the ruleset's steps); the
    method is :meth:`ListFilterSet.pending_at_my_step`."""
    return django_filters.BooleanFilter(
        method="pending_at_my_step", label=gettext_lazy("待我审核"), widget=forms.CheckboxInput
    )


class ListFilterSet(django_filters.FilterSet):
    """The base of every officials' list FilterSet: the search box ``q`` over
    :attr:`search_fields` (``icontains``) and :attr:`code_fields` (a credit code:
    ``istartswith``; a full UUID also finds the record's number), and a ``sort``
    choice among :attr:`sort_choices` (``{"key": (label, order_by tuple)}``, the
    first is the default; the subclass declares ``sort = sort_filter(SORTS)``).
    Subclasses add their filters; ``self.request`` is the
    request (``None`` outside one)."""

    search_fields: Sequence[str] = ()
    code_fields: Sequence[str] = ()
    #: filters offered only to officials (and national officials, administrators): a
    #: unit's own list has no region to pick and no review step
    official_only: Sequence[str] = ("region", "mine")
    sort_choices: dict[str, tuple[Any, tuple[str, ...]]] = {}

    q = django_filters.CharFilter(
        method="search",
        label=gettext_lazy("搜索"),
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": gettext_lazy("单位名称、统一社会信用代码或编号"),
            }
        ),
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # a filter may read several parameters as one (the region's cascade of selects)
        if data is not None:
            for name, f in self.base_filters.items():
                if hasattr(f, "prepare"):
                    data = f.prepare(data, name)
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = self.user
        if user is not None and not (
            user.is_authenticated and (user.is_superuser or getattr(user, "authority_id", None))
        ):
            for name in self.official_only:
                self.filters.pop(name, None)
        for name, f in self.filters.items():
            if isinstance(f, django_filters.ChoiceFilter) and name != "sort":
                f.extra["empty_label"] = _("全部")

    @property
    def cascades(self) -> list[dict]:
        """The cascading choices of the page's filter bar (the region's selects), from
        each filter that has them (``cascade(filterset)``)."""
        out = []
        for f in self.filters.values():
            if hasattr(f, "cascade"):
                c = f.cascade(self)
                if c:
                    out.append(c)
        return out

    @property
    def plain_fields(self) -> list:
        """The form's fields shown as they are (not the cascades, not the sort)."""
        skip = {n for n, f in self.filters.items() if hasattr(f, "cascade")} | {"sort", "q"}
        return [bf for bf in self.form if bf.name not in skip]

    def pending_at_my_step(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Rows whose pending review step the user's role performs (``pending_role``);
        see :func:`pending_review_filter`."""
        if not value or self.user is None:
            return queryset
        return queryset.filter(pending_role=getattr(self.user, "role", "") or "-")

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Rows whose :attr:`search_fields` contain ``value`` or whose code fields start
        with it (upper case: credit codes are stored upper case)."""
        value = value.strip()
        if not value:
            return queryset
        cond = Q()
        for f in self.search_fields:
            cond |= Q(**{f"{f}__icontains": value})
        for f in self.code_fields:
            cond |= Q(**{f"{f}__istartswith": value})
        with contextlib.suppress(ValueError):
            cond |= Q(uuid=uuid_lib.UUID(value))
        return queryset.filter(cond)

    def sort_by(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*self.sort_choices[value][1])

    def filter_queryset(self, queryset):
        """The queryset narrowed by every valid filter, sorted by the chosen order
        (or the first of :attr:`sort_choices` when none is chosen)."""
        queryset = super().filter_queryset(queryset)
        if self.sort_choices and not (self.form.cleaned_data.get("sort") or ""):
            queryset = self.sort_by(queryset, "sort", next(iter(self.sort_choices)))
        return queryset

    @property
    def user(self):
        return getattr(self.request, "user", None)


@dataclass
class Column:
    """One column of an export: its Chinese header and the value of a row (a text,
    number, date or None; a choice shown by its label, never its code)."""

    header: Any
    value: Callable[[Any], Any]


@dataclass
class ListSpec:
    """What differs between the officials' lists: the page template, the title (the
    export's first row), the XLSX columns and the export file name's stem (ASCII,
    e.g. ``applications``; the file is ``applications-YYYY-MM-DD.xlsx``)."""

    template: str
    title: Any
    columns: list[Column]
    export_name: str
    filterset_class: type[ListFilterSet]
    #: rows computed in Python from the valid filters (the overdue forms); None: the
    #: FilterSet filters the queryset
    rows: Callable[[dict], list] | None = None
    #: called with the rows of the page before they are shown (e.g. to mask identities;
    #: the export shows only its columns)
    decorate: Callable[[Iterable], None] | None = None
    extra: dict = field(default_factory=dict)


def filter_description(filterset: django_filters.FilterSet) -> list[tuple[str, str]]:
    """``(label, shown value)`` of each filter applied (valid and non-empty), the way
    the page shows them: choices by their labels, dates ISO, regions by their full
    name, yes for a ticked box."""
    out = []
    if not filterset.is_bound:
        return out
    data = filterset.form.cleaned_data if filterset.form.is_valid() else _valid_data(filterset)
    for name, value in data.items():
        if value in (None, "", [], False) or name == "sort":
            continue
        f = filterset.form.fields[name]
        if isinstance(value, bool):
            shown = _("是")
        elif isinstance(value, dt.date):
            shown = value.isoformat()
        elif hasattr(f, "choices") and not hasattr(value, "pk"):
            shown = str(dict(f.choices).get(value, value))
        else:
            shown = str(value)
        out.append((str(f.label), shown))
    return out


def _valid_data(filterset) -> dict:
    """The cleaned values of the fields that passed validation."""
    form = filterset.form
    form.is_valid()
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}


def querystring(request, drop: Iterable[str] = ("page", EXPORT_PARAM)) -> str:
    """The request's query string without ``drop`` (for the pager and the export link)."""
    query = request.GET.copy()
    for key in drop:
        query.pop(key, None)
    return query.urlencode()


def list_page(request, spec: ListSpec, queryset: QuerySet | None = None, **context):
    """The list page of ``spec`` over ``queryset`` (already scoped to the user), or its
    XLSX export when ``?export=xlsx``. Invalid filter values are ignored and said so.
    Context: ``filter`` (the FilterSet), ``page`` (a Django page of
    :data:`PAGE_SIZE` rows), ``total``, ``applied`` (the filters applied),
    ``querystring``, ``export_query`` and the given ``context``."""
    filterset = spec.filterset_class(request.GET or None, queryset=queryset, request=request)
    rows = _rows(spec, filterset)
    if request.GET.get(EXPORT_PARAM) == "xlsx":
        return _export(request, spec, filterset, rows)
    if filterset.is_bound and not filterset.form.is_valid():
        for name, errs in filterset.form.errors.items():
            label = filterset.form.fields[name].label if name in filterset.form.fields else name
            for err in errs:
                messages.warning(
                    request,
                    _("筛选条件“{field}”无效，已忽略：{error}").format(field=label, error=err),
                )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if spec.decorate is not None:
        page.object_list = list(page.object_list)
        spec.decorate(page.object_list)
    qs = querystring(request)
    return render(
        request,
        spec.template,
        {
            "filter": filterset,
            "page": page,
            "total": page.paginator.count,
            "applied": filter_description(filterset),
            "querystring": qs,
            "export_query": f"{qs}&{EXPORT_PARAM}=xlsx" if qs else f"{EXPORT_PARAM}=xlsx",
            "export_max": EXPORT_MAX_ROWS,
            **spec.extra,
            **context,
        },
    )


def _rows(spec: ListSpec, filterset):
    if spec.rows is not None:
        return spec.rows(_valid_data(filterset) if filterset.is_bound else {})
    return filterset.qs


def _export(request, spec: ListSpec, filterset, rows):
    total = len(rows) if isinstance(rows, list) else rows.count()
    if total > EXPORT_MAX_ROWS:
        messages.error(
            request,
            _("导出结果共{n}条，超过单次导出上限{cap}条：请缩小筛选范围后再导出").format(
                n=total, cap=EXPORT_MAX_ROWS
            ),
        )
        return redirect(f"{request.path}?{querystring(request)}")
    rows = list(rows if isinstance(rows, list) else rows[:EXPORT_MAX_ROWS])
    # an export is a document of the administration: Chinese whatever the page's language
    with translation.override(settings.LANGUAGE_CODE):
        content = xlsx_workbook(
            title=str(spec.title),
            applied=filter_description(filterset),
            columns=spec.columns,
            rows=rows,
        )
    filename = f"{spec.export_name}-{clock.today().isoformat()}.xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


#: rows before the header row in an export: title, filters, date and count, a blank row
HEADER_ROW = 5


def xlsx_workbook(
    *, title: str, applied: list[tuple[str, str]], columns: list[Column], rows: Sequence
) -> bytes:
    """The bytes of an XLSX: row 1 the title, row 2 the filters applied (筛选条件),
    row 3 the export date and row count, row 4 blank, row :data:`HEADER_ROW` the
    Chinese headers, then one row per item. Every cell through
    :func:`greenmfg.core.spreadsheets.xlsx_append`."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    xlsx_append(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)
    shown = "；".join(f"{label}：{value}" for label, value in applied) or _("无（全部）")
    xlsx_append(ws, [_("筛选条件：{filters}").format(filters=shown)])
    xlsx_append(
        ws,
        [
            _("导出日期：{day}　共{n}条").format(day=clock.today().isoformat(), n=len(rows)),
        ],
    )
    xlsx_append(ws, [])
    xlsx_append(ws, [str(c.header) for c in columns])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        xlsx_append(ws, [_cell(c.value(row)) for c in columns])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value):
    """A value as shown in the export: dates ISO text, lazy texts as text."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)
