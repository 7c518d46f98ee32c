"""factory_boy factories over the real reference data (loaded once per session)."""

from __future__ import annotations

import random

import factory

from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import IndustryCode, Jurisdiction
from greenmfg.parties.models import Authority, Organisation, OrganisationKind, User
from greenmfg.parties.uscc import make_uscc

_rng = random.Random(20260121)


def jurisdiction(code: str) -> Jurisdiction:
    return Jurisdiction.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An enterprise registered and producing in 天河区 (440106) unless told otherwise."""

    class Meta:
        model = Organisation

    class Params:
        district = "440106"

    kind = OrganisationKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"广州测试精密制造有限公司{n:03d}")
    uscc = factory.LazyAttribute(lambda o: make_uscc(o.district, _rng))
    legal_representative = "张三"
    registered_division = factory.LazyAttribute(lambda o: jurisdiction(o.district))
    production_division = factory.LazyAttribute(lambda o: jurisdiction(o.district))
    registered_address = "科韵路1号"
    production_address = "科韵路1号"
    industry = factory.LazyFunction(lambda: IndustryCode.objects.filter(code="3360").first())
    scale = "medium"
    is_independent_legal_entity = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    real_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.ENTERPRISE
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


def official(role: str, code: str, **kw) -> User:
    """An official of the authority of jurisdiction ``code``."""
    return UserFactory(role=role, authority=Authority.objects.get(jurisdiction__code=code), **kw)


def unit_user(org: Organisation, **kw) -> User:
    role = {
        OrganisationKind.ENTERPRISE: Role.ENTERPRISE,
        OrganisationKind.PARK: Role.PARK,
        OrganisationKind.AGENCY: Role.AGENCY,
    }[org.kind]
    return UserFactory(role=role, organisation=org, **kw)


def department_user(code: str, department: str, **kw) -> User:
    """A user of a department (生态环境, 应急管理 …) consulted by the authority of ``code``."""
    return UserFactory(
        role=Role.DEPARTMENT,
        authority=Authority.objects.get(jurisdiction__code=code),
        department=department,
        **kw,
    )
