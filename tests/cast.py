"""The one cast of test users (LAYOUT.md, tests): officials of the jurisdictions of the
sources (a Tianhe and a Yuexiu official, Guangzhou, Shenzhen, Guangdong, Xiamen, Fujian,
Luoyang, Henan, the ministry), enterprises, a park, an agency, an expert and the public.

Every test gets its users from here — the fixtures of tests/conftest.py, the helpers of
tests/oversight.py and tests/experts.py — so that "the Guangzhou official" is one user
whichever helper a test calls. Users are created on first use in each test (the test
database is rolled back after it)."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from greenmfg.core.vocabulary import Role
from greenmfg.parties.models import Authority, Organisation, OrganisationKind, User
from tests.factories import OrganisationFactory, UserFactory, unit_user

#: the cast's officials: name -> (role, division code, user name)
OFFICIALS: dict[str, tuple[str, str, str]] = {
    "tianhe": (Role.DISTRICT, "440106", "tianhe"),
    "yuexiu": (Role.DISTRICT, "440104", "yuexiu"),
    "guangzhou": (Role.CITY, "440100", "gz_city"),
    "shenzhen": (Role.CITY, "440300", "sz_city"),
    "guangdong": (Role.PROVINCE, "440000", "gd_province"),
    "xiamen": (Role.CITY, "350200", "xm_city"),
    "fujian": (Role.PROVINCE, "350000", "fj_province"),
    "luoyang": (Role.CITY, "410300", "ly_city"),
    "henan": (Role.PROVINCE, "410000", "ha_province"),
    "national": (Role.NATIONAL, "000000", "miit"),
}
_BY_SEAT = {(role, code): username for role, code, username in OFFICIALS.values()}


def official_of(role: str, code: str) -> User:
    """The one official of ``role`` at the authority of jurisdiction ``code`` in this
    test: a cast member where the cast has one (``("city", "440100")`` is ``gz_city``),
    else ``<role>_<code>``; created on first use."""
    username = _BY_SEAT.get((role, code), f"{role}_{code}")
    user = User.objects.filter(username=username).first()
    if user is None:
        authority = Authority.objects.get(jurisdiction__code=code)
        user = UserFactory(role=role, authority=authority, username=username)
    return user


class Cast:
    """The cast, member by member: ``cast.guangzhou``, ``cast.enterprise_user`` …"""

    def __getattr__(self, name: str):
        if name in OFFICIALS:
            role, code, _username = OFFICIALS[name]
            user = official_of(role, code)
            self.__dict__[name] = user
            return user
        raise AttributeError(name)

    @cached_property
    def enterprise(self) -> Organisation:
        """广州绿源精密制造有限公司, an enterprise in 天河区 (Guangzhou, 004)."""
        return OrganisationFactory(name="广州绿源精密制造有限公司", district="440106")

    @cached_property
    def enterprise_user(self) -> User:
        return unit_user(self.enterprise, username="lvyuan")

    @cached_property
    def other_enterprise(self) -> Organisation:
        """广州越秀新材料有限公司, an enterprise in 越秀区 (outside Tianhe's scope)."""
        return OrganisationFactory(name="广州越秀新材料有限公司", district="440104")

    @cached_property
    def other_enterprise_user(self) -> User:
        return unit_user(self.other_enterprise, username="yuexiu_ent")

    @cached_property
    def park(self) -> Organisation:
        """广州天河绿色产业园, an industrial park in 天河区."""
        return OrganisationFactory(
            name="广州天河绿色产业园", district="440106", kind=OrganisationKind.PARK
        )

    @cached_property
    def park_user(self) -> User:
        return unit_user(self.park, username="th_park")

    @cached_property
    def agency(self) -> Organisation:
        """广州绿评检测技术有限公司, a third-party evaluation agency."""
        return OrganisationFactory(
            name="广州绿评检测技术有限公司", district="440106", kind=OrganisationKind.AGENCY
        )

    @cached_property
    def agency_user(self) -> User:
        return unit_user(self.agency, username="lvping")

    @cached_property
    def expert(self) -> User:
        return UserFactory(role=Role.EXPERT, username="expert_li", real_name="李专家")

    @cached_property
    def public(self) -> AnonymousUser:
        return AnonymousUser()
