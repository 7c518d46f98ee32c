"""N+1 detection (issue 7, "Bounded queries"): django-zeal runs in every request of the
test suite and turns a relation loaded row by row into an error, so a page or an API list
that would grow its queries with its rows fails its test."""

from __future__ import annotations

import pytest
from django.conf import settings


def test_every_request_in_the_suite_runs_under_the_n_plus_one_detector():
    assert settings.MIDDLEWARE[0] == "zeal.middleware.zeal_middleware"
    assert settings.ZEAL_RAISE is True


@pytest.mark.django_db
def test_a_relation_loaded_row_by_row_is_reported_and_a_prefetch_is_not(
    enterprise, other_enterprise
):
    from zeal import zeal_context
    from zeal.errors import NPlusOneError

    from greenmfg.parties.models import Organisation

    with zeal_context(), pytest.raises(NPlusOneError, match="registered_division"):
        for org in Organisation.objects.all():
            _ = org.registered_division.name
    with zeal_context():
        for org in Organisation.objects.select_related("registered_division"):
            _ = org.registered_division.name
