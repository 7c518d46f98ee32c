"""Helpers shared by the supervision pages: the acting official's jurisdiction (404 for
everyone else), the unit user test, the ``?year=`` parameter, the units an official may
pick, form errors as messages. No rule lives here (the services decide)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404

from greenmfg.core.dates import year_query
from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.models import Organisation
from greenmfg.parties.scoping import scope_by_unit
from greenmfg.register.models import Listing, ListingStatus

#: rows per page of the supervision lists
PAGE = 100


def official_jurisdiction(request) -> Jurisdiction:
    """The jurisdiction of the signed-in official; 404 for everyone else (the official
    pages do not exist for them)."""
    user = request.user
    if not (user.is_authenticated and user.is_official and user.authority_id):
        raise Http404
    return user.authority.jurisdiction


def is_unit(user) -> bool:
    """An enterprise or park user with its organisation."""
    return user.role in (Role.ENTERPRISE, Role.PARK) and bool(user.organisation_id)


def year_param(request, default: int) -> int:
    """``?year=`` as an integer, ``default`` when absent, not a number or outside the
    platform's year range (``greenmfg.core.dates.YEAR_MIN``–``YEAR_MAX``)."""
    return year_query(request.GET, default)


def listed_units_for(user):
    """Units with an active listing the official may see (for the pickers)."""
    listed = Listing.objects.filter(unit=OuterRef("pk"), status=ListingStatus.ACTIVE)
    qs = Organisation.objects.filter(Exists(listed)).order_by("name")
    return scope_by_unit(qs, user, unit_field="").only("id", "uuid", "name", "uscc")[:2000]


def scoped_units(user):
    """Every organisation the user may see (a unit named in a form is fetched from it)."""
    return scope_by_unit(Organisation.objects.all(), user, "")
