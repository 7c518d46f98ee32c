from django.apps import AppConfig


class SummariesConfig(AppConfig):
    name = "greenmfg.summaries"
    label = "summaries"
    verbose_name = "年度工作总结"
