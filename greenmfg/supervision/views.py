"""The home page of dynamic management and oversight (动态管理与监督): for a unit, its
filing obligations, forms, changes and filing officer; for an official, what waits for
its authority. The pages of each sub-domain are in its package (``dynamic/views.py``,
``changes/views.py`` …); ``urls.py`` mounts them all."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from greenmfg.core import clock
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.supervision.changes.forms import ChangeForm
from greenmfg.supervision.changes.selectors import changes_for
from greenmfg.supervision.common import unit_rules
from greenmfg.supervision.dynamic import forms as dynamic_forms
from greenmfg.supervision.dynamic.obligations import obligations
from greenmfg.supervision.dynamic.selectors import filing_officer_of, forms_for
from greenmfg.supervision.inbox import inbox_items
from greenmfg.supervision.web import is_unit, official_jurisdiction


@login_required
def oversight_home(request):
    """动态管理: for a unit, its filing obligations, forms, changes and filing officer;
    for an official, what waits for its authority."""
    user = request.user
    today = clock.today()
    if is_unit(user):
        unit = user.organisation
        obs = obligations(today.year, unit=unit)
        officer = filing_officer_of(unit)
        rules = unit_rules(unit, today)
        return render(
            request,
            "supervision/unit_home.html",
            {
                "unit": unit,
                "obligations": obs,
                "forms": forms_for(user).order_by("-data_year", "list_type")[:50],
                "changes": changes_for(user).order_by("-reported_on")[:50],
                "officer": officer,
                "officer_form": dynamic_forms.OfficerForm(
                    initial={
                        "name": officer.name,
                        "phone": officer.phone,
                        "email": officer.email,
                        "trained_on": officer.trained_on,
                        "training": officer.training,
                    }
                    if officer
                    else None
                ),
                "training_required": rules.get("dynamic.filing_officer_training_required", False),
                "training_ref": rules.ref("dynamic.filing_officer_training_required")
                if rules.has("dynamic.filing_officer_training_required")
                else "",
                "new_form": dynamic_forms.NewFormForm(
                    initial={"data_year": today.year - 1},
                    list_types=[(ob.list_type, VALUE_LABELS[ob.list_type]) for ob in obs],
                ),
                "change_form": ChangeForm(),
                "today": today,
            },
        )
    jur = official_jurisdiction(request)
    return render(
        request,
        "supervision/official_home.html",
        {
            "jurisdiction": jur,
            "items": [(i.kind_label, i) for i in inbox_items(user, 100)],
            "year": today.year,
        },
    )
