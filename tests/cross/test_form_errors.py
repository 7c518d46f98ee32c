"""Bad input gets a message that names the field (developers' guide, "Bad input"): the
views' one helper ``core.web.form_errors`` prefixes each field's error with its label and
shows errors of the whole form (``__all__``, no field to name) as they are."""

from __future__ import annotations

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from greenmfg.core.web import form_errors


class _RenewForm(forms.Form):
    valid_until = forms.DateField(label="有效期至")

    def clean(self):
        raise forms.ValidationError("证书编号与有效期不一致")


def test_form_errors_name_the_field_and_keep_the_whole_forms_errors():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    form = _RenewForm({"valid_until": "2026-02-30"})
    assert not form.is_valid()
    form_errors(request, form)
    texts = [str(m) for m in get_messages(request)]
    assert any(t.startswith("有效期至：") for t in texts), texts
    assert "证书编号与有效期不一致" in texts
