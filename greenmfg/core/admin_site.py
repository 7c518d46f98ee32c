"""The platform's Django admin site: every model admin registered on it — ours and the
libraries' — is guarded against recovering personal data and secrets (issue 17, item 2).

The administrator recovered objectors' and complainants' identities through the admin's
list filters on the masked fields: Django's admin honours any ``field=value`` query
lookup on a model's own fields (``?objector_id_number=…`` answered 1 or 0; a prefix
search ``?objector_phone__startswith=138`` recovered a full phone, ID number and e-mail
in 356 requests). Every model admin is now built with :class:`PersonalDataGuard` first
in its bases (:class:`GreenAdminSite` does it in ``register``), which for the
**protected fields** of a model:

- refuses any query lookup that touches one, directly or through a relation
  (``lookup_allowed`` → Django answers 400), and any ``_to_field`` of one;
- drops them from the search fields (the list's search box and the autocomplete), the
  list filters and the sortable columns;
- **hides** the masked identity fields altogether (list columns, forms, read-only
  fields): the admin shows them masked through its own display methods only.

Protected fields (:func:`protected_fields`): the identities masked by
``greenmfg/core/masking.py`` (:data:`MASKED`, hidden), every field named like a contact
or an identifier of a person (``phone``, ``email``, ``*_phone``, ``*_email``,
``*_id_number``) and every secret (``password``, session keys, token and TOTP keys,
digests and hashes of codes and tokens) — found by name, so a model added later is
covered without a list to remember. Administrators still see and edit users' e-mail and
phone on a user's own page (they manage the accounts); they cannot search, filter or sort
by them. Django's admin has no export; no bulk action exports anything.
"""

from __future__ import annotations

import re

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

from greenmfg.core.masking import MASKED_FIELDS

#: fields never filtered, searched or sorted on in the admin, by name
PROTECTED_NAME = re.compile(
    r"^(password|phone|email|session_key|session_data|key|key_digest|code_hash)$"
    r"|_(phone|email|id_number)$"
)


def hidden_fields(model) -> frozenset[str]:
    """The fields of ``model`` the admin never shows: identities masked everywhere but
    for the handling officials (greenmfg/core/masking.py)."""
    return frozenset(MASKED_FIELDS.get(model._meta.label_lower, ()))


def protected_fields(model) -> frozenset[str]:
    """The fields of ``model`` the admin never filters, searches or sorts on: the hidden
    identities, and personal contacts, identifiers and secrets found by name."""
    named = {f.name for f in model._meta.get_fields() if PROTECTED_NAME.search(f.name)}
    return frozenset(named) | hidden_fields(model)


def touches_protected(model, path: str) -> bool:
    """Whether the lookup or search path (``user__email``, ``^objector_phone``,
    ``objections__objector_id_number__startswith``) reaches a protected field of
    ``model`` or of a model it goes through."""
    path = path.lstrip("^=@")
    for part in path.split(LOOKUP_SEP):
        if part in protected_fields(model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False  # a transform or lookup (startswith, in, …): the path ended
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


class PersonalDataGuard:
    """Put first in a model admin's bases by :class:`GreenAdminSite` (module docstring)."""

    def lookup_allowed(self, lookup, value, request=None):
        if touches_protected(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request, to_field):
        if to_field in protected_fields(self.model):
            return False
        return super().to_field_allowed(request, to_field)

    def get_search_fields(self, request):
        return [
            f for f in super().get_search_fields(request) if not touches_protected(self.model, f)
        ]

    def get_list_filter(self, request):
        def name(item):
            return (
                item if isinstance(item, str) else item[0] if isinstance(item, tuple | list) else ""
            )

        return [
            item
            for item in super().get_list_filter(request)
            if not (name(item) and touches_protected(self.model, name(item)))
        ]

    def get_list_display(self, request):
        hidden = hidden_fields(self.model)
        return [f for f in super().get_list_display(request) if f not in hidden]

    def get_sortable_by(self, request):
        return [
            f
            for f in super().get_sortable_by(request)
            if not (isinstance(f, str) and touches_protected(self.model, f))
        ]

    def get_exclude(self, request, obj=None):
        hidden = hidden_fields(self.model)
        if not hidden:
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or ()), *sorted(hidden)]

    def get_readonly_fields(self, request, obj=None):
        hidden = hidden_fields(self.model)
        return [f for f in super().get_readonly_fields(request, obj) if f not in hidden]

    def get_fields(self, request, obj=None):
        hidden = hidden_fields(self.model)
        return [f for f in super().get_fields(request, obj) if f not in hidden]


class GreenAdminSite(admin.AdminSite):
    """Django's admin site with every model admin guarded (:class:`PersonalDataGuard`)."""

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, PersonalDataGuard):
            base = type(base.__name__, (PersonalDataGuard, base), {"__module__": base.__module__})
        return super().register(model_or_iterable, base, **options)


class GreenAdminConfig(AdminConfig):
    """``django.contrib.admin`` with :class:`GreenAdminSite` as ``admin.site``."""

    default_site = "greenmfg.core.admin_site.GreenAdminSite"
