"""The Celery application: background work on Redis in production, run in-process
(eagerly) in the embedded default (DESIGN.md decision 7)."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")

app = Celery("greenmfg")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
