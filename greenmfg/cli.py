"""The `greenmfg` console command.

`greenmfg SUBCOMMAND [ARGS]` runs the Django management command of that name, with
dashes allowed in the name (`greenmfg load-reference` runs `load_reference`). Two
sub-commands that take a second word (`greenmfg audit verify`, `greenmfg rules show`)
are mapped to `audit_verify`, `rules_show` and so on. Every command is documented in
docs/cli.md.
"""

from __future__ import annotations

import os
import sys

#: commands written as two words on the command line: first word -> allowed second words
TWO_WORD_COMMANDS = {
    "audit": {"verify", "publish-head", "export"},
    "clock": {"show", "set", "clear"},
    "rules": {"show", "diff", "check"},
    "calendar": {"add-working-days"},
    "standards": {"list", "show"},
    "spot-check": {"draw"},
    "reminders": {"send"},
    "dynamic": {"overdue"},
    "open-data": {"snapshot"},
    "green-code": {"grade", "verify"},
}


def translate_argv(argv: list[str]) -> list[str]:
    """Map `greenmfg` arguments to Django management arguments.

    In: the argument list after the program name, e.g. ["import-national-lists", "DIR"].
    Out: the management argument list, e.g. ["import_national_lists", "DIR"].
    """
    if not argv:
        return ["help"]
    first = argv[0]
    rest = argv[1:]
    if first in TWO_WORD_COMMANDS and rest and rest[0] in TWO_WORD_COMMANDS[first]:
        return [f"{first}_{rest[0]}".replace("-", "_"), *rest[1:]]
    if first in TWO_WORD_COMMANDS and not (rest and rest[0] in TWO_WORD_COMMANDS[first]):
        words = ", ".join(sorted(TWO_WORD_COMMANDS[first]))
        raise SystemExit(f"greenmfg {first}: 请给出子命令 / expected one of: {words}")
    if first.startswith("-"):
        return argv
    return [first.replace("-", "_"), *rest]


def main() -> None:
    """Entry point of the console script (see [project.scripts] in pyproject.toml)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after DJANGO_SETTINGS_MODULE is set

    execute_from_command_line(["greenmfg", *translate_argv(sys.argv[1:])])


if __name__ == "__main__":
    main()
