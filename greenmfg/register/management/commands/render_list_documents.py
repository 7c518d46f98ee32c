"""`greenmfg render-list-documents [--json]`: render (or queue) the announcement PDF and
the XLSX of every published list that has none for its current content."""

from __future__ import annotations

import json

from django.conf import settings

from greenmfg.core.management.base import GreenCommand
from greenmfg.register.documents import documents_queue_missing
from greenmfg.register.models import DocumentState, ListDocument


class Command(GreenCommand):
    help = (
        "为尚无当前内容文件的每份已公布名单生成公告 PDF 和名单 XLSX（有消息队列时排队）。 "
        "Render (or, with a broker, queue) the PDF and XLSX of every published list that "
        "has none for its current content. Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def run(self, *args, **options) -> None:

        queued = documents_queue_missing()
        counts = {
            state: ListDocument.objects.filter(state=state).count()
            for state in DocumentState.values
        }
        where = "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "queued for the workers"
        if options["json"]:
            self.stdout.write(json.dumps({"queued": queued, "states": counts, "run": where}))
        else:
            self.stdout.write(
                f"{queued} documents to render ({where}); "
                + ", ".join(f"{state}: {n}" for state, n in counts.items())
            )
