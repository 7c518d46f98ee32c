from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "greenmfg.jobs"
    label = "jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        # every app's tasks.py registers its kinds of job (greenmfg.jobs.registry)
        autodiscover_modules("tasks")
