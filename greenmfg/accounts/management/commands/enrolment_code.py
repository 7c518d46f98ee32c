"""`greenmfg enrolment-code USERNAME [--hours N] [--json]`: issue an official's
second-factor enrolment code (greenmfg/accounts/enrolment.py)."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.accounts.enrolment import enrolment_code_issue
from greenmfg.core.decisions import RuleViolation
from greenmfg.core.management.base import GreenCommand
from greenmfg.parties.models import User


class Command(GreenCommand):
    help = (
        "为需要双因素认证的用户签发一次性登记码（请当面或通过内部渠道交给本人）。 "
        "Issue a one-time second-factor enrolment code for a user who must use the second "
        "factor (hand it over out of band). Audited; cancels the user's unused codes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", help="the user who will enrol")
        parser.add_argument("--hours", type=int, default=None, help="hours the code is valid")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def run(self, *args, **options) -> None:

        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"没有用户 {options['username']} / no such user")
        if options["hours"] is not None and options["hours"] < 1:
            raise CommandError("--hours must be at least 1")
        try:
            row, code = enrolment_code_issue(user=user, actor=None, hours=options["hours"])
        except RuleViolation as exc:
            raise CommandError(str(exc)) from exc
        expires = row.expires_at.isoformat(timespec="minutes")
        if options["json"]:
            self.stdout.write(
                json.dumps({"username": user.username, "code": code, "expires_at": expires})
            )
        else:
            self.stdout.write(f"{user.username}: {code} (valid until {expires})")
