"""`greenmfg green-code grade --jurisdiction J --year Y [--level L] [--json]`: the yearly
企业绿码 grading run of a scope as a background job (工信厅节函〔2023〕384号); prints the
codes per grade and the units without a code with their reasons."""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.core.vocabulary import Level
from greenmfg.greencode.models import GradingRun, NoCodeReason
from greenmfg.jobs.models import Job, JobState
from greenmfg.jobs.tasks import run_job
from greenmfg.jurisdictions.models import JurisdictionLevel
from greenmfg.supervision.management.commands._jurisdiction import jurisdiction_arg


class Command(GreenCommand):
    help = (
        "对辖区的绿色工厂进行年度企业绿码评定（后台任务），输出各等级数量及未赋码单位与原因。"
        " Grade a scope's green factories with the 企业绿码 (a background job)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--jurisdiction", required=True, help="区划代码或英文简称 / code or slug"
        )
        parser.add_argument(
            "--year", type=int, required=True, help="绿码年度 = 动态管理表填报年度 / filing year"
        )
        parser.add_argument(
            "--level",
            choices=[Level.NATIONAL, Level.PROVINCIAL],
            help="名单层级（默认按辖区）/ list level (default: the jurisdiction's)",
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        jur = jurisdiction_arg(options["jurisdiction"])
        level = options["level"] or (
            Level.NATIONAL if jur.level == JurisdictionLevel.NATIONAL else Level.PROVINCIAL
        )
        params = {
            "jurisdiction": jur.code,
            "level": level,
            "year": options["year"],
            "on": clock.today().isoformat(),
        }
        # the job row records the run like any background job; the command line runs it
        # here and waits for it (the web and Celery beat queue it with job_submit)
        job = Job.objects.create(kind="green_code_grade", params=params)
        job.params = {**params, "job": str(job.uuid)}
        job.save(update_fields=["params"])
        run_job(job.pk)
        job.refresh_from_db()
        if job.state != JobState.DONE:
            raise CommandError(f"评定未完成 / grading {job.state}: {job.error}")
        run = GradingRun.objects.select_related("jurisdiction").get(uuid=job.result["run"])
        ungraded = list(run.ungraded.order_by("reason", "unit_name"))
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "run": str(run.uuid),
                        "job": str(job.uuid),
                        "jurisdiction": jur.code,
                        "level": level,
                        "year": run.year,
                        "data_year": run.data_year,
                        "method": run.method_version,
                        "effective_on": run.effective_on.isoformat(),
                        "counts": run.counts,
                        "ungraded": [
                            {
                                "unit": u.unit_name,
                                "listing": str(u.listing.uuid),
                                "reason": u.reason,
                                "reason_label": str(u.get_reason_display()),
                                "detail": u.detail,
                            }
                            for u in ungraded
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(f"{run}（{run.method_version}，生效 {run.effective_on}）")
        words = ("A+", "A", "B", "未赋码", "未关联平台单位（历史名单）")
        for word, n in zip(words, run.count_row, strict=True):
            self.stdout.write(f"  {word}\t{n}")
        for u in ungraded:
            if u.reason != NoCodeReason.NOT_LINKED:  # counted above; listed with --json
                self.stdout.write(f"  - {u.unit_name}\t{u.get_reason_display()}\t{u.detail}")
