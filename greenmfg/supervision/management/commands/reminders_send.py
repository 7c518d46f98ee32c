"""`greenmfg reminders send [--today DATE] [--json]`: e-mail the units whose annual
dynamic form (动态管理表) is due in ``dynamic.reminder_days`` days (30, 7 and 1) and not
yet submitted. Idempotent: each reminder (unit, list type, year, days) is recorded and
sent once; a second run the same day sends nothing."""

from __future__ import annotations

import json

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.supervision.dynamic.obligations import reminders_send


class Command(GreenCommand):
    help = (
        "发送今天到期的动态管理表填报提醒邮件（截止日前30、7、1天），已发送的不重复发送。"
        " Send today's dynamic-form reminder e-mails (30, 7 and 1 days before the"
        " deadline); reminders already sent are not sent again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        today = clock.today()
        run = reminders_send(today)
        if options["json"]:
            payload = {
                "today": today.isoformat(),
                "sent": [
                    {
                        "unit": r.unit.name,
                        "uscc": r.unit.uscc,
                        "list_type": r.list_type,
                        "deadline": r.deadline.isoformat(),
                        "days_before": r.days_before,
                        "recipients": r.recipients,
                    }
                    for r in run.sent
                ],
                "already_sent": run.already,
                "no_address": [ob.unit.name for ob in run.no_address],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        lines = [
            f"{today.isoformat()}：发送 {len(run.sent)} 封提醒，已发送过 {run.already} 封，"
            f"无邮箱 {len(run.no_address)} 家 / sent {len(run.sent)}, already sent"
            f" {run.already}, without an address {len(run.no_address)}"
        ]
        lines += [
            f"  - {r.unit.name} {r.list_type} 截止 {r.deadline.isoformat()}（提前{r.days_before}天）"
            f" → {', '.join(r.recipients)}"
            for r in run.sent
        ]
        lines += [f"  ! {ob.unit.name}：无邮箱 / no e-mail address" for ob in run.no_address]
        self.stdout.write("\n".join(lines))
