"""Widgets and helpers shared by the forms of the supervision pages (each sub-domain's
own forms are in its package: ``dynamic/forms.py``, ``changes/forms.py`` …)."""

from __future__ import annotations

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT2 = forms.Textarea(attrs={"rows": 2})


class UnitChoiceMixin:
    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(str(u.uuid), f"{u.name}（{u.uscc or '—'}）") for u in units]
