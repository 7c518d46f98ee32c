"""Organisation.name_key: the stored normalised name that link-listings joins on
(issue 13, speed: linking 100,000 listings against 500,000 organisations)."""

from __future__ import annotations

import pytest

from greenmfg.parties.models import Organisation
from greenmfg.parties.names import normalise_name
from greenmfg.parties.services import organisation_rename, refresh_name_keys
from tests.factories import OrganisationFactory, jurisdiction

pytestmark = pytest.mark.django_db


def test_name_key_is_the_normalised_name_kept_at_save_and_rename(cast):
    org = OrganisationFactory(name="广州绿源（精密）制造有限责任公司")
    org.refresh_from_db()
    assert org.name_key == normalise_name("广州绿源(精密)制造 有限公司") == "广州绿源精密制造"
    org.name = "广州新名制造有限公司"
    org.save(update_fields=["name"])
    org.refresh_from_db()
    assert org.name_key == "广州新名制造"
    organisation_rename(actor=cast.guangzhou, organisation=org, name="广州第三名字科技有限公司")
    org.refresh_from_db()
    assert org.name_key == "广州第三名字科技"


def test_organisations_written_in_bulk_get_their_keys_from_refresh_name_keys():
    division = jurisdiction("440106")
    Organisation.objects.bulk_create(
        [Organisation(kind="enterprise", name="批量写入制造有限公司", registered_division=division)]
    )
    org = Organisation.objects.get(name="批量写入制造有限公司")
    assert org.name_key == ""
    assert refresh_name_keys(write=False) == {org.pk: "批量写入制造"}
    org.refresh_from_db()
    assert org.name_key == ""  # computed only
    refresh_name_keys()
    org.refresh_from_db()
    assert org.name_key == "批量写入制造"
    assert refresh_name_keys() == {}
