"""Who must file the annual dynamic form (动态管理表), by when, who reviews it, who is
overdue, and the reminder e-mails before the deadline.

A unit must file for a list type in filing year Y (data year Y−1) when it has a
listing of that type, published before Y, on a list of a level its own rules name in
``dynamic.filing_levels`` (003 第十六条: Luoyang only national and provincial units;
000 第十八条, 002 第十七条, 004 第十三条: every level), still active on the deadline.
The deadline is ``dynamic.annual_report_deadline`` of the unit's city (04-15 national,
Guangdong and Luoyang; 04-01 Guangzhou; 03-30 Xiamen); the reviewer the authority at
``dynamic.reviewed_by`` above the unit. The rules are those in force on 1 January of
the filing year.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from greenmfg.core.decisions import citation_text
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.jurisdictions.rulesets import Rules
from greenmfg.jurisdictions.selectors import VALUE_LABELS
from greenmfg.parties.models import Organisation
from greenmfg.register.models import Listing, ListingStatus
from greenmfg.supervision.common import (
    FORM_LIST_TYPES,
    ancestor_from,
    ancestors_by_code,
    unit_rules,
)
from greenmfg.supervision.dynamic.models import DynamicForm, FilingOfficer, ReminderSent


@dataclass
class Obligation:
    """One unit's duty to file the dynamic form of one list type in one filing year."""

    unit: object
    list_type: str
    filing_year: int
    deadline: dt.date
    deadline_ref: str
    levels: list[str]
    listings: list = field(default_factory=list)
    reviewer: Jurisdiction | None = None
    reviewer_ref: str = ""
    form: DynamicForm | None = None

    @property
    def data_year(self) -> int:
        return self.filing_year - 1

    @property
    def list_type_label(self) -> str:
        return str(VALUE_LABELS.get(self.list_type, self.list_type))

    @property
    def levels_label(self) -> str:
        return "、".join(str(VALUE_LABELS.get(lv, lv)) for lv in self.levels)

    @property
    def filed_on(self) -> dt.date | None:
        return self.form.first_submitted_on if self.form is not None else None

    @property
    def filed_in_time(self) -> bool:
        return self.filed_on is not None and self.filed_on <= self.deadline

    def overdue_on(self, on: dt.date) -> bool:
        """The deadline has passed without the form being submitted by it."""
        return on > self.deadline and not self.filed_in_time


def rules_for_filing(unit, filing_year: int) -> Rules:
    return unit_rules(unit, dt.date(filing_year, 1, 1))


def deadline_for(rules: Rules, filing_year: int) -> tuple[dt.date, str]:
    return (
        rules.month_day("dynamic.annual_report_deadline", filing_year),
        rules.ref("dynamic.annual_report_deadline"),
    )


class DueListing(NamedTuple):
    """The fields of a listing an obligation needs (read as a row, not a model)."""

    pk: int
    uuid: object
    level: str
    status: str
    removed_on: dt.date | None
    year: int


def obligations(
    filing_year: int, *, within: Jurisdiction | None = None, unit=None
) -> list[Obligation]:
    """Every filing obligation of ``filing_year`` for units registered within
    ``within`` (or of one ``unit``), with the unit's form when it has one.

    Three queries whatever the number of units: the listings (as rows), their units
    (each once, with its division) and the forms; then one ancestors query and the
    rules once per division. ``Obligation.listings`` are :class:`DueListing` rows.
    """
    qs = Listing.objects.filter(
        unit__isnull=False, list_type__in=FORM_LIST_TYPES, year__lt=filing_year
    ).filter(
        Q(status=ListingStatus.ACTIVE)
        | Q(status=ListingStatus.REMOVED, removed_on__gte=dt.date(filing_year, 1, 1))
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    if within is not None:
        qs = qs.filter(unit__registered_division__path__startswith=within.path)
    grouped: dict[tuple[int, str], list[DueListing]] = defaultdict(list)
    for unit_id, list_type, *row in qs.order_by("unit_id", "list_type", "level").values_list(
        "unit_id", "list_type", "id", "uuid", "level", "status", "removed_on", "year"
    ):
        grouped[(unit_id, list_type)].append(DueListing(*row))
    if not grouped:
        return []
    units = {
        u.pk: u
        for u in Organisation.objects.filter(pk__in=qs.values("unit_id")).select_related(
            "registered_division"
        )
    }
    cache = ancestors_by_code({u.registered_division for u in units.values()})
    forms = {
        (f.unit_id, f.list_type): f
        for f in DynamicForm.objects.filter(
            filing_year=filing_year, unit_id__in=qs.values("unit_id")
        )
    }
    out: list[Obligation] = []
    rules_cache: dict[int, Rules] = {}
    for (unit_id, list_type), rows in grouped.items():
        u = units[unit_id]
        rules = rules_cache.get(u.registered_division_id)
        if rules is None:
            rules = rules_cache[u.registered_division_id] = rules_for_filing(u, filing_year)
        levels = rules.get("dynamic.filing_levels", [])
        deadline, ref = deadline_for(rules, filing_year)
        due = [
            li
            for li in rows
            if li.level in levels
            and (li.status == ListingStatus.ACTIVE or (li.removed_on and li.removed_on > deadline))
        ]
        if not due:
            continue
        reviewer_level = rules.get("dynamic.reviewed_by")
        out.append(
            Obligation(
                unit=u,
                list_type=list_type,
                filing_year=filing_year,
                deadline=deadline,
                deadline_ref=ref,
                levels=sorted({li.level for li in due}),
                listings=due,
                reviewer=ancestor_from(cache, u.registered_division, reviewer_level),
                reviewer_ref=rules.ref("dynamic.reviewed_by"),
                form=forms.get((unit_id, list_type)),
            )
        )
    out.sort(key=lambda ob: (ob.unit.name, ob.list_type))
    return out


def obligation_for(unit, list_type: str, filing_year: int) -> Obligation | None:
    for ob in obligations(filing_year, unit=unit):
        if ob.list_type == list_type:
            return ob
    return None


def overdue(filing_year: int, within: Jurisdiction, on: dt.date) -> list[Obligation]:
    """The obligations of units within ``within`` not met by their deadline (as of ``on``)."""
    return [ob for ob in obligations(filing_year, within=within) if ob.overdue_on(on)]


# --- reminders ----------------------------------------------------------------------------


@dataclass
class ReminderRun:
    sent: list[ReminderSent] = field(default_factory=list)
    already: int = 0
    no_address: list[Obligation] = field(default_factory=list)


def recipients_for(unit) -> list[str]:
    """The e-mail addresses of the unit's active users and of its filing officer."""
    emails = [
        e
        for e in unit.users.filter(is_active=True).exclude(email="").values_list("email", flat=True)
    ]
    officer = FilingOfficer.objects.filter(unit=unit).exclude(email="").first()
    if officer:
        emails.append(officer.email)
    return sorted(set(emails))


def reminders_send(on: dt.date) -> ReminderRun:
    """E-mail the units whose form is not yet submitted, on the days the rules name
    before the deadline (``dynamic.reminder_days``: 30, 7 and 1); each reminder is
    recorded once (unit, list type, filing year, days) so a second run sends nothing."""
    run = ReminderRun()
    for ob in obligations(on.year):
        if ob.filed_on is not None:
            continue
        days = (ob.deadline - on).days
        rules = rules_for_filing(ob.unit, ob.filing_year)
        if days not in rules.get("dynamic.reminder_days", []):
            continue
        if ReminderSent.objects.filter(
            unit=ob.unit, list_type=ob.list_type, filing_year=ob.filing_year, days_before=days
        ).exists():
            run.already += 1
            continue
        to = recipients_for(ob.unit)
        if not to:
            run.no_address.append(ob)
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("【绿色制造】请于{deadline}前填报{year}年度动态管理表").format(
                deadline=ob.deadline.isoformat(), year=ob.data_year
            )
            body = _(
                "{unit}：\n\n根据{ref}，绿色制造名单单位应于{deadline}前通过管理平台填报"
                "{year}年度动态管理表（距截止日还有{days}天）。\n\n本邮件由平台自动发送。"
            ).format(
                unit=ob.unit.name,
                ref=citation_text(ob.deadline_ref),
                deadline=ob.deadline.isoformat(),
                year=ob.data_year,
                days=days,
            )
        try:
            with transaction.atomic():
                rec = ReminderSent.objects.create(
                    unit=ob.unit,
                    list_type=ob.list_type,
                    filing_year=ob.filing_year,
                    days_before=days,
                    deadline=ob.deadline,
                    sent_on=on,
                    recipients=to,
                )
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        except IntegrityError:
            run.already += 1
            continue
        run.sent.append(rec)
    return run
