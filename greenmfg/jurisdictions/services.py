"""Service functions of jurisdictions: installing ruleset versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext

from greenmfg.audit.services import record_event
from greenmfg.core.decisions import Decision, NotPermitted
from greenmfg.core.vocabulary import Role
from greenmfg.jurisdictions.models import CalendarDay, CalendarYear, InstalledRuleset
from greenmfg.jurisdictions.rulesets import (
    RULESET_DIR,
    assemble,
    local_directory,
    parse_directory,
    registry,
)


@dataclass
class InstallReport:
    """What ``greenmfg load-rulesets`` did: {slug: (sha256, newly recorded, source)} of
    the files now in force, and the files refused (each error names the file and key)."""

    installed: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def install_rulesets() -> InstallReport:
    """Validate the shipped ruleset files and those of ``GREENMFG_RULESETS_DIR``, and
    record the version (SHA-256 and content) of each valid one; a new version writes a
    ``ruleset.install`` audit event and takes force from then on. An invalid file is
    refused alone, with the files below it (the others are recorded); a refused local
    file leaves its last recorded version in force."""
    shipped, errors = parse_directory(RULESET_DIR)
    files = [(rf, "shipped") for rf in shipped]
    local = local_directory()
    if local is not None:
        if local.is_dir():
            on_disk, local_errors = parse_directory(local)
            files += [(rf, "local") for rf in on_disk]
            errors += local_errors
        else:
            errors.append(f"GREENMFG_RULESETS_DIR {local}: not a directory")
    reg = assemble([rf for rf, _source in files], errors)
    report = InstallReport(errors=reg.errors)
    for rf, source in files:
        if reg.files.get(rf.slug) is not rf:
            continue
        _obj, created = InstalledRuleset.objects.get_or_create(
            slug=rf.slug,
            sha256=rf.sha256,
            defaults={
                "status": rf.status[:120],
                "source": source,
                "content": rf.path.read_text(encoding="utf-8"),
            },
        )
        if created:
            record_event(
                actor=None,
                action="ruleset.install",
                object_type="jurisdictions.ruleset",
                object_uuid=rf.slug,
                object_label=rf.name,
                payload={
                    "sha256": rf.sha256,
                    "file": rf.path.name,
                    "parent": rf.parent,
                    "source": source,
                },
            )
        report.installed[rf.slug] = (rf.sha256, created, source)
    registry.cache_clear()
    return report


# --- the holiday schedule of years the library does not know ------------------------

OFF_WORDS = {"休", "休息", "放假", "off", "holiday"}
WORK_WORDS = {"班", "上班", "调休上班", "work", "workday"}


def parse_calendar_lines(year: int, text: str) -> tuple[list[tuple[dt.date, bool, str]], list[str]]:
    """Parse lines like ``2027-01-01 休 元旦`` or ``2027-02-06 班 春节调休``.

    Out: (days as (date, is_working_day, name), problems naming the line). A holiday
    must fall on a weekday and a make-up working day on a weekend; dates outside
    ``year`` or given twice are problems.
    """
    days: list[tuple[dt.date, bool, str]] = []
    problems: list[str] = []
    seen: set[dt.date] = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        parts = line.split(maxsplit=2)
        if len(parts) < 2:
            problems.append(gettext("第{n}行：应为“日期 休/班 名称”").format(n=n))
            continue
        try:
            day = dt.date.fromisoformat(parts[0])
        except ValueError:
            problems.append(gettext("第{n}行：日期“{d}”应为 YYYY-MM-DD").format(n=n, d=parts[0]))
            continue
        kind = parts[1].lower()
        if kind not in OFF_WORDS | WORK_WORDS:
            problems.append(gettext("第{n}行：第二项应为“休”或“班”").format(n=n))
            continue
        working = kind in WORK_WORDS
        if day.year != year:
            problems.append(gettext("第{n}行：{d}不在{y}年").format(n=n, d=day, y=year))
        elif day in seen:
            problems.append(gettext("第{n}行：{d}重复").format(n=n, d=day))
        elif working and day.weekday() < 5:
            problems.append(gettext("第{n}行：{d}是工作日，无需登记为调休上班").format(n=n, d=day))
        elif not working and day.weekday() >= 5:
            problems.append(gettext("第{n}行：{d}是周末，无需登记为休息日").format(n=n, d=day))
        seen.add(day)
        days.append((day, working, parts[2] if len(parts) > 2 else ""))
    if not days and not problems:
        problems.append(gettext("请至少录入一天"))
    return days, problems


@transaction.atomic
def calendar_year_enter(*, actor, year: int, document: str, text: str) -> CalendarYear:
    """Enter (or replace) the State Council holiday schedule of ``year`` for working-day
    counting (GLOSSARY 工作日): holidays on weekdays and make-up working days on weekends,
    one per line (:func:`parse_calendar_lines`). National officials and platform
    administrators only; raises ``RuleViolation`` naming each bad line."""
    if not actor.is_authenticated or not (
        actor.is_superuser or actor.role in (Role.NATIONAL, Role.ADMIN)
    ):
        raise NotPermitted(gettext("只有国家级管理员可以录入节假日安排"))
    d = Decision()
    if not 2000 <= year <= 2100:
        d.refuse("calendar.year", gettext("年份无效"))
    if not document.strip():
        d.refuse("calendar.document", gettext("请填写国务院办公厅通知的文号"))
    days, problems = parse_calendar_lines(year, text)
    for p in problems:
        d.refuse("calendar.line", p)
    d.raise_if_refused()
    entry, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"document": document.strip(), "entered_by": actor.get_username()}
    )
    CalendarDay.objects.filter(year=entry).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(year=entry, date=day, is_working_day=working, name=name)
            for day, working, name in days
        ]
    )
    record_event(
        actor=actor,
        action="calendar.enter",
        object_type="jurisdictions.calendaryear",
        object_uuid=str(year),
        object_label=f"{year} {document}",
        payload={"days": [[d_.isoformat(), w, n] for d_, w, n in days]},
    )
    return entry
