#!/usr/bin/env python
"""Django's command-line utility for greenmfg (the `greenmfg` console command wraps it)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the settings module is set, as Django's manage.py does

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
