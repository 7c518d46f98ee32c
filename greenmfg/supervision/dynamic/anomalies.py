"""Anomaly flags on dynamic forms (异常提示), shown to officials with their reason and
usable as spot-check weights. Three tests, all thresholds configurable through
``settings.GREENMFG_ANOMALY`` (a dict overriding :data:`DEFAULTS`):

- ``yoy``: a value moved by more than the field's threshold against the unit's form
  of the year before (relative change, e.g. 0.5 = ±50 %);
- ``report``: a value differs by more than ``report_tolerance`` from the value of the
  same indicator in the unit's latest submitted evaluation report (e.g. energy
  intensity against indicator C-01), where the report holds a number;
- ``peer``: a value is an outlier among the forms of the same data year, list type and
  industry code (``peer_industry_digits`` of the GB/T 4754 code): robust z-score
  0.6745·(x − median)/MAD above ``peer_z``, computed only with at least ``peer_min``
  forms with a value;
- ``permit``: main pollutant emissions above the permitted amount.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from statistics import median

from django.conf import settings
from django.utils.translation import gettext as _

from greenmfg.selection.models import EvaluationReport, ReportItem, ReportState
from greenmfg.supervision.dynamic.models import AnomalyFlag, DynamicForm, FormState

DEFAULTS: dict = {
    "yoy": {
        "output_value": 0.5,
        "energy_total": 0.5,
        "energy_intensity": 0.3,
        "water_withdrawal": 0.5,
        "water_intensity": 0.3,
        "co2_total": 0.5,
        "co2_intensity": 0.3,
    },
    "report_tolerance": 0.2,
    #: form field -> indicator codes of evaluation reports holding the same quantity
    "report_indicators": {
        "energy_intensity": ["C-01"],
        "co2_intensity": ["C-02"],
        "water_intensity": ["C-06"],
    },
    "peer_fields": ["energy_intensity", "water_intensity", "co2_intensity"],
    "peer_min": 5,
    "peer_z": 3.5,
    "peer_industry_digits": 4,
}

FILED_STATES = (FormState.SUBMITTED, FormState.ACCEPTED, FormState.ON_SITE_CHECK_REQUESTED)


def config() -> dict:
    out = dict(DEFAULTS)
    out.update(getattr(settings, "GREENMFG_ANOMALY", {}) or {})
    return out


def _label(name: str) -> str:
    return str(DynamicForm._meta.get_field(name).verbose_name)


def _num(raw) -> Decimal | None:
    """A number from an evaluation-report item value (a number, or JSON with ``value``)."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        pass
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict) and data.get("value") not in (None, ""):
        try:
            return Decimal(str(data["value"]))
        except InvalidOperation:
            return None
    return None


def yoy_flags(form: DynamicForm, cfg: dict, on: dt.date) -> list[AnomalyFlag]:
    prev = (
        DynamicForm.objects.filter(
            unit_id=form.unit_id,
            list_type=form.list_type,
            data_year=form.data_year - 1,
            state__in=FILED_STATES,
        )
        .only(*cfg["yoy"].keys(), "id")
        .first()
    )
    if prev is None:
        return []
    out = []
    for name, threshold in cfg["yoy"].items():
        now, before = getattr(form, name), getattr(prev, name)
        if now is None or before is None or before <= 0:
            continue
        change = (now - before) / before
        if abs(change) > Decimal(str(threshold)):
            out.append(
                AnomalyFlag(
                    form=form,
                    kind="yoy",
                    field=name,
                    value=now,
                    reference=before,
                    created_on=on,
                    message=_("{field}同比变化{change}%（上年{before}，阈值±{t}%）").format(
                        field=_label(name),
                        change=f"{change * 100:+.1f}",
                        before=before.normalize(),
                        t=f"{Decimal(str(threshold)) * 100:.0f}",
                    ),
                )
            )
    return out


def report_flags(form: DynamicForm, cfg: dict, on: dt.date) -> list[AnomalyFlag]:
    report = (
        EvaluationReport.objects.filter(
            unit_id=form.unit_id, list_type=form.list_type, state=ReportState.SUBMITTED
        )
        .order_by("-year", "-report_version", "-id")
        .first()
    )
    if report is None:
        return []
    codes = {c: f for f, cs in cfg["report_indicators"].items() for c in cs}
    items = ReportItem.objects.filter(report=report, indicator_code__in=list(codes))
    tol = Decimal(str(cfg["report_tolerance"]))
    out = []
    for item in items:
        name = codes[item.indicator_code]
        ours, theirs = getattr(form, name), _num(item.value)
        if ours is None or theirs is None or theirs <= 0:
            continue
        diff = (ours - theirs) / theirs
        if abs(diff) > tol:
            out.append(
                AnomalyFlag(
                    form=form,
                    kind="report",
                    field=name,
                    value=ours,
                    reference=theirs,
                    created_on=on,
                    message=_(
                        "{field}与{year}年评价报告指标{code}（{theirs}）相差{diff}%（允许±{t}%）"
                    ).format(
                        field=_label(name),
                        year=report.year,
                        code=item.indicator_code,
                        theirs=theirs.normalize(),
                        diff=f"{diff * 100:+.1f}",
                        t=f"{tol * 100:.0f}",
                    ),
                )
            )
    return out


def permit_flags(form: DynamicForm, on: dt.date) -> list[AnomalyFlag]:
    if (
        form.pollutant_emissions is not None
        and form.pollutant_permit_limit is not None
        and form.pollutant_emissions > form.pollutant_permit_limit
    ):
        return [
            AnomalyFlag(
                form=form,
                kind="permit",
                field="pollutant_emissions",
                value=form.pollutant_emissions,
                reference=form.pollutant_permit_limit,
                created_on=on,
                message=_("主要污染物排放量（{v}吨）超过排污许可量（{p}吨）").format(
                    v=form.pollutant_emissions.normalize(),
                    p=form.pollutant_permit_limit.normalize(),
                ),
            )
        ]
    return []


def peer_group(form: DynamicForm, cfg: dict):
    """The filed forms of the same data year, list type and industry code prefix."""
    industry = form.unit.industry.code if form.unit.industry_id else ""
    digits = int(cfg["peer_industry_digits"])
    if len(industry) < digits:
        return DynamicForm.objects.none()
    return DynamicForm.objects.filter(
        data_year=form.data_year,
        list_type=form.list_type,
        state__in=FILED_STATES,
        unit__industry__code__startswith=industry[:digits],
    )


def robust_z(values: list[Decimal], x: Decimal) -> float | None:
    """0.6745·(x − median)/MAD, or None when the MAD is 0."""
    floats = [float(v) for v in values]
    med = median(floats)
    mad = median([abs(v - med) for v in floats])
    if mad == 0:
        return None
    return 0.6745 * (float(x) - med) / mad


def refresh_peer_flags(form: DynamicForm, cfg: dict, on: dt.date) -> None:
    group = list(peer_group(form, cfg).select_related(None))
    if not group:
        return
    AnomalyFlag.objects.filter(form__in=group, kind="peer").delete()
    new = []
    for name in cfg["peer_fields"]:
        values = [(f, getattr(f, name)) for f in group if getattr(f, name) is not None]
        if len(values) < int(cfg["peer_min"]):
            continue
        all_values = [v for _f, v in values]
        med = Decimal(str(median([float(v) for v in all_values])))
        for f, v in values:
            z = robust_z(all_values, v)
            if z is not None and abs(z) > float(cfg["peer_z"]):
                new.append(
                    AnomalyFlag(
                        form=f,
                        kind="peer",
                        field=name,
                        value=v,
                        reference=med,
                        created_on=on,
                        message=_(
                            "{field}（{v}）偏离同行业{n}家单位中位数（{m}），稳健Z值{z}（阈值{t}）"
                        ).format(
                            field=_label(name),
                            v=v.normalize(),
                            n=len(values),
                            m=f"{med:.4f}",
                            z=f"{z:.1f}",
                            t=cfg["peer_z"],
                        ),
                    )
                )
    AnomalyFlag.objects.bulk_create(new)


def refresh_flags(form: DynamicForm, on: dt.date) -> list[AnomalyFlag]:
    """Recompute the flags of ``form`` (and the peer flags of its industry group)."""
    cfg = config()
    AnomalyFlag.objects.filter(form=form).exclude(kind="peer").delete()
    flags = [*yoy_flags(form, cfg, on), *report_flags(form, cfg, on), *permit_flags(form, on)]
    AnomalyFlag.objects.bulk_create(flags)
    refresh_peer_flags(form, cfg, on)
    return list(AnomalyFlag.objects.filter(form=form))
