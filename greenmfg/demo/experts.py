"""Demo experts (called by ``greenmfg demo-accounts`` after the demo cast exists).

``expert`` (created by the demo cast) gets a profile; ``expert2``–``expert4`` are
created with the same demo password. ``expert3`` has worked for the demo agency
(a conflict whenever a report names that agency); ``expert4`` has taken part in
evaluation work in Guangdong (barred from the provincial review, 000 第十三条);
``expert2`` has advised the Yuexiu demo enterprise (a conflict on its applications).
The affiliations are invented for the demo.
"""

from __future__ import annotations

from django.db import transaction

from greenmfg.core.vocabulary import Role
from greenmfg.demo.accounts import DEMO_PASSWORD, DemoAccount
from greenmfg.expert_review.models import ExpertProfile
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.parties.models import Organisation, User

DEMO_AGENCY = "广州中绿认证评价有限公司"
DEMO_YUEXIU = "广州越秀新材料科技有限公司"

#: username, name, speciality, home division, affiliations (names), evaluated in (codes), note
EXPERTS = [
    ("expert", "刘专家", "机械制造 · 节能", "440100", [], [], ""),
    ("expert2", "陈专家", "新材料 · 清洁生产", "440100", [DEMO_YUEXIU], [], "advised 越秀新材料"),
    ("expert3", "赵专家", "绿色工厂评价", "440100", [DEMO_AGENCY], [], "worked for the agency"),
    ("expert4", "孙专家", "能源管理", "350200", [], ["440000"], "evaluated in Guangdong"),
    ("expert5", "周专家", "环境管理", "410300", [], [], ""),
]


@transaction.atomic
def create_demo_experts(password: str = DEMO_PASSWORD) -> list[DemoAccount]:
    """Create (or update) the demo experts and their profiles; returns the accounts
    created here (``expert`` is listed by the demo cast already)."""
    out = []
    for username, name, speciality, home, affiliations, evaluated_in, note in EXPERTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"role": Role.EXPERT, "real_name": name}
        )
        if username != "expert" or created:
            user.role = Role.EXPERT
            user.real_name = name
            user.organisation = None
            user.authority = None
            user.email = f"{username}@demo.greenmfg.local"
            user.set_password(password)
            user.save()
        profile, _ = ExpertProfile.objects.update_or_create(
            user=user,
            defaults={
                "home_jurisdiction": Jurisdiction.objects.get(code=home),
                "speciality": speciality,
            },
        )
        profile.affiliations.set(Organisation.objects.filter(name__in=affiliations))
        profile.evaluated_in.set(Jurisdiction.objects.filter(code__in=evaluated_in))
        if username != "expert":
            desc = f"expert ({speciality}{'; ' + note if note else ''})"
            out.append(DemoAccount(username, Role.EXPERT, name, "—", desc))
    return out
