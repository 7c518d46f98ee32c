"""`greenmfg demo-accounts`: create the demo cast and print accounts and password."""

import datetime as dt

from django.conf import settings

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.demo.accounts import DEMO_PASSWORD, DemoAccount, create_demo_accounts
from greenmfg.demo.experts import create_demo_experts
from greenmfg.demo.networks import create_demo_networks


class Command(GreenCommand):
    help = "Create the demo organisations and accounts (Guangzhou cast) and print them with the password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--start-date",
            default="2026-01-12",
            help="initial demo platform date if none is set (YYYY-MM-DD)",
        )

    def run(self, *args, **options):
        accounts = create_demo_accounts()
        accounts += create_demo_experts()
        accounts += [DemoAccount(*a) for a in create_demo_networks(DEMO_PASSWORD)]
        if settings.GREENMFG_DEMO_CLOCK and clock.source() == "real":
            clock.set_platform_date(dt.date.fromisoformat(options["start_date"]))
        self.stdout.write("")
        self.stdout.write(f"Demo accounts / 演示账号 (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"{'username':12s} {'role':11s} belongs to / 所属")
        for a in accounts:
            self.stdout.write(f"{a.username:12s} {a.role:11s} {a.belongs_to} — {a.description}")
        self.stdout.write(f"platform date / 平台日期: {clock.today()} ({clock.source()})")
