from django.apps import AppConfig

from greenmfg.core.decisions import set_citation_formatter
from greenmfg.jurisdictions import sources


class JurisdictionsConfig(AppConfig):
    name = "greenmfg.jurisdictions"
    label = "jurisdictions"
    verbose_name = "辖区与规则"

    def ready(self) -> None:
        """Citations in messages and API answers read 《short title》第九条, not the bare
        code 004 第九条 (issue 18 item 4): the kernel's refusals use the documents' titles."""
        set_citation_formatter(sources.plain)
