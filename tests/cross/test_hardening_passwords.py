"""Issue 17, item 16 (second part): a password equal to the organisation's name was
accepted. ``OrganisationNameValidator`` (greenmfg/accounts/passwords.py) refuses a
password that is, contains or closely resembles the name of the user's organisation or
authority, its jurisdiction, the organisation's USCC, or the user's own name — on the
password change page, in the admin and wherever Django's validators run.

ASVS 5.0 6.2.11 (context-specific words refused); 等保 8.1.4.1 a."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

OLD = "correct-horse-battery"


def refused(password: str, user) -> bool:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return "password_too_similar_to_organisation" in [e.code for e in exc.error_list]
    return False


def test_the_organisations_name_is_refused_as_a_password_asvs_6_2_11(enterprise_user):
    name = enterprise_user.organisation.name  # 广州绿源精密制造有限公司
    assert refused(name, enterprise_user)
    assert refused(name + "2026", enterprise_user)
    assert refused(" 广州 绿源精密制造有限公司！", enterprise_user)
    assert refused(enterprise_user.organisation.uscc.lower(), enterprise_user)
    assert not refused("一个与单位无关的长口令-2026", enterprise_user)


def test_the_authority_and_jurisdiction_names_are_refused_for_officials(city_official):
    assert refused(city_official.authority.name, city_official)  # 广州市工业和信息化局
    assert refused("广东省广州市2026!!", city_official)
    assert not refused("绿色制造梯度培育平台口令", city_official)


def test_the_password_change_page_says_why_asvs_6_2_11(enterprise_user):
    client = Client()
    client.force_login(enterprise_user)
    name = enterprise_user.organisation.name
    resp = client.post(
        reverse("password_change"),
        {"old_password": OLD, "new_password1": name, "new_password2": name},
    )
    assert resp.status_code == 200
    assert "密码不能与所属主体名称相同、包含它或与它过于相近" in resp.content.decode()
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(OLD)
