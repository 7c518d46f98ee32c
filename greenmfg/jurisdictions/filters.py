"""The region filter of the lists (issue 18 item 6): a division code within the user's
jurisdiction, down to the district, chosen as a cascade (province → city → district)
on the pages and as ``region=<code>`` in the API and in links.

On a page the cascade's selects are ``region_1``, ``region_2``, ``region_3`` (the
levels below the user's own jurisdiction: a national official picks a province, then a
city, then a district; a city official picks a district); :meth:`RegionFilter.prepare`
turns them into ``region`` (the deepest pick that lies within the one above it, so a
city left over from another province is dropped). ``region`` alone (the API, links)
works as well.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import NATIONAL_CODE, Jurisdiction, JurisdictionLevel

#: how many levels a cascade has at most (province, city, district)
CASCADE_DEPTH = 3
LEVEL_LABELS = [
    JurisdictionLevel.PROVINCE.label,
    JurisdictionLevel.CITY.label,
    JurisdictionLevel.DISTRICT.label,
]


def code_prefix(code: str) -> str:
    """The prefix every division below ``code`` shares (GB/T 2260): ``440000`` → ``44``,
    ``440100`` → ``4401``, ``000000`` → ``""``."""
    if code == NATIONAL_CODE:
        return ""
    while code.endswith("00"):
        code = code[:-2]
    return code


def code_depth(code: str) -> int:
    """0 national, 1 province, 2 city, 3 district (by the code's form)."""
    return min(3, len(code_prefix(code)) // 2)


def code_chain(code: str) -> list[str]:
    """The codes from the province down to ``code`` (by the code's form): ``440106`` →
    ``[440000, 440100, 440106]``."""
    if not code or code == NATIONAL_CODE:
        return []
    chain = [code[:2] + "0000", code[:4] + "00", code]
    out: list[str] = []
    for c in chain:
        if c not in out:
            out.append(c)
    return out


def root_code(user) -> str | None:
    """The code of the jurisdiction whose subtree ``user`` may filter by: the
    official's own; national for national officials, administrators and the public
    register (``user`` None or anonymous); None for everyone else (units)."""
    if user is None or not user.is_authenticated:
        return NATIONAL_CODE
    if user.is_superuser or user.role in (Role.NATIONAL, Role.ADMIN):
        return NATIONAL_CODE
    if user.role in (Role.DISTRICT, Role.CITY, Role.PROVINCE) and user.authority_id:
        return user.authority.jurisdiction.code
    return None


def regions_within(request):
    """The divisions ``request.user`` may pick: its jurisdiction's subtree (everything
    for national officials and the public), none for units."""
    root = root_code(getattr(request, "user", None))
    if root is None:
        return Jurisdiction.objects.none()
    if root == NATIONAL_CODE:
        return Jurisdiction.objects.all()
    return Jurisdiction.objects.filter(
        path__startswith=Jurisdiction.objects.filter(code=root).values("path")[:1]
    )


def cascade_levels(root: str, selected: str) -> list[dict]:
    """The selects of the cascade below ``root`` for the region ``selected`` (a code or
    ``""``): a list of ``{"name", "label", "options": [(code, name)], "selected"}``,
    the first level always, each further one when the level above has a pick. One
    query (the children of the root and of each pick)."""
    depth = code_depth(root)
    prefix = code_prefix(root)
    chain = [c for c in code_chain(selected) if c.startswith(prefix) and code_depth(c) > depth]
    rows = Jurisdiction.objects.filter(parent__code__in=[root, *chain]).values_list(
        "code", "name", "parent__code"
    )
    children: dict[str, list[tuple[str, str]]] = {}
    for code, name, parent in rows.order_by("code"):
        children.setdefault(parent, []).append((code, name))
    levels = []
    parent = root
    for i in range(CASCADE_DEPTH - depth):
        options = children.get(parent, [])
        if not options:
            break
        pick = chain[i] if i < len(chain) else ""
        if pick not in {c for c, _n in options}:
            pick = ""
        levels.append(
            {
                "name": f"region_{i + 1}",
                "label": LEVEL_LABELS[depth + i],
                "options": options,
                "selected": pick,
            }
        )
        if not pick:
            break
        parent = pick
    return levels


def resolve_cascade(data, name: str = "region") -> str | None:
    """The region the cascade's selects ``<name>_1…3`` of ``data`` (a query dict) pick:
    the deepest pick within the one above it; ``""`` when none is picked; None when
    ``data`` has no cascade (then ``<name>`` is read as it is)."""
    keys = [f"{name}_{i}" for i in range(1, CASCADE_DEPTH + 1)]
    if not any(k in data for k in keys):
        return None
    chosen = ""
    for key in keys:
        value = (data.get(key) or "").strip()
        if not value:
            break
        if chosen and not value.startswith(code_prefix(chosen)):
            break
        chosen = value
    return chosen


class RegionFilter(django_filters.ModelChoiceFilter):
    """``region=<division code>``: rows whose division at ``field_name`` (a foreign key
    to :class:`Jurisdiction`, e.g. ``unit__registered_division``) lies in that
    region's subtree. Only regions within the user's jurisdiction are accepted (one
    query); another is refused with a message naming the field — it could never
    widen the scope anyway, as the queryset is the user's scoped one."""

    def __init__(self, field_name: str, **kwargs):
        kwargs.setdefault("label", _("地区"))
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("地区代码不存在或不在您的辖区内（应为辖区内的6位行政区划代码）")},
        )
        super().__init__(
            field_name=field_name, queryset=regions_within, to_field_name="code", **kwargs
        )

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__path__startswith": value.path})

    @staticmethod
    def prepare(data, name: str):
        """``data`` with ``name`` set from the cascade's selects (see the module)."""
        picked = resolve_cascade(data, name)
        if picked is None:
            return data
        data = data.copy()
        data[name] = picked
        return data

    def cascade(self, filterset) -> dict | None:
        """The cascade of this filter on ``filterset``'s page: ``{"name", "label",
        "levels"}``, or None when the user has nothing to pick (a district official, a
        unit)."""
        root = root_code(filterset.user)
        if root is None:
            return None
        value = ""
        if filterset.is_bound:
            value = (filterset.data.get(self.field_name_param) or "").strip()
            if self.field_name_param in filterset.form.errors:
                value = ""
        levels = cascade_levels(root, value)
        if not levels:
            return None
        return {"name": self.field_name_param, "label": self.label, "levels": levels}

    @property
    def field_name_param(self) -> str:
        """The query-string name of this filter in its FilterSet."""
        for name, f in self.parent.filters.items():
            if f is self:
                return name
        return "region"
