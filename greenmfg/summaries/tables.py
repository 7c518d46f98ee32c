"""The figures of a yearly summary as labelled rows (section, item, value), shared by the
page, the XLSX and the PDF, so that all three say the same thing in the user's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from greenmfg.core.vocabulary import Level, ListType
from greenmfg.cultivation.models import RegistrationState
from greenmfg.duties.models import DisclosureKind
from greenmfg.selection.models import ApplicationState
from greenmfg.supervision.common import cause_label
from greenmfg.supervision.complaints.models import ComplaintState
from greenmfg.supervision.dynamic.models import FormState
from greenmfg.supervision.spot_checks.models import SpotResult


def _label(enum, code: str) -> str:
    try:
        return str(enum(code).label)
    except ValueError:
        return code


def summary_rows(figures: dict) -> list[tuple[str, str, str]]:
    """(section, item, value) rows of ``figures`` (see ``summary_figures``)."""
    rows: list[tuple[str, str, str]] = []
    pool = figures.get("pool", {})
    sec = _("培育库")
    rows.append((sec, _("提交登记"), str(pool.get("submitted", 0))))
    for code, n in sorted(pool.get("by_state", {}).items()):
        rows.append((sec, _label(RegistrationState, code), str(n)))
    sec = _("申报")
    for code, n in sorted(figures.get("applications", {}).get("by_level", {}).items()):
        rows.append((sec, _label(Level, code), str(n)))
    for code, n in sorted(figures.get("applications", {}).get("by_state", {}).items()):
        rows.append((sec, _label(ApplicationState, code), str(n)))
    sec = _("绿色制造名单（年末有效）")
    lists = figures.get("lists", {})
    for level, by_type in lists.get("active_at_year_end", {}).items():
        for lt, n in sorted(by_type.items()):
            rows.append((sec, f"{_label(Level, level)} · {_label(ListType, lt)}", str(n)))
    rows.append((sec, _("本年列入"), str(lists.get("listed_in_year", 0))))
    rows.append((sec, _("本年移出"), str(lists.get("removed_in_year", 0))))
    sec = _("动态管理")
    dyn = figures.get("dynamic", {})
    for code, n in sorted(dyn.get("by_state", {}).items()):
        rows.append((sec, _label(FormState, code), str(n)))
    rows.append((sec, _("逾期提交"), str(dyn.get("late", 0))))
    indicator_labels = {
        "energy_intensity": _("单位产值综合能耗均值（吨标准煤/万元）"),
        "water_intensity": _("单位产值取水量均值（立方米/万元）"),
        "co2_intensity": _("单位产值二氧化碳排放量均值（吨/万元）"),
        "renewable_share": _("可再生能源使用比例均值（%）"),
        "solid_waste_utilisation_rate": _("一般工业固体废物综合利用率均值（%）"),
    }
    for key, value in dyn.get("averages", {}).items():
        rows.append((sec, str(indicator_labels.get(key, key)), value if value is not None else "—"))
    sec = _("移出")
    rows.append((sec, _("移出次数"), str(figures.get("removals", {}).get("count", 0))))
    for code, n in sorted(figures.get("removals", {}).get("by_cause", {}).items()):
        rows.append((sec, cause_label(code), str(n)))
    sec = _("抽查")
    for code, n in sorted(figures.get("spot_checks", {}).get("by_result", {}).items()):
        rows.append((sec, _label(SpotResult, code), str(n)))
    sec = _("举报")
    for code, n in sorted(figures.get("complaints", {}).get("by_state", {}).items()):
        rows.append((sec, _label(ComplaintState, code), str(n)))
    sec = _("培训与现场指导")
    rows.append((sec, _("举办培训"), str(figures.get("training", {}).get("courses", 0))))
    rows.append((sec, _("参训人次"), str(figures.get("training", {}).get("attendees", 0))))
    rows.append((sec, _("现场指导培育"), str(figures.get("guidance", {}).get("visits", 0))))
    sec = _("信息披露")
    for code, n in figures.get("disclosures", {}).items():
        rows.append((sec, _label(DisclosureKind, code), str(n)))
    return rows
