"""WSGI entry point (gunicorn greenmfg.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
application = get_wsgi_application()
