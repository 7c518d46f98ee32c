"""Dynamic adjustments of published lists (动态调整, issue 13 item 3): an authority's
notice that removes units from its lists (移出名单) or records their new names
(更名名单), imported from the notice's table and applied to the listings as
transitions.

The file (CSV in UTF-8 or GB18030, or XLSX; the first sheet) has a header row (title
rows above it are skipped) with these columns, in any order (synonyms as published):

- removal (``--kind removal``): 企业名称/单位名称/名称/工厂名称/园区名称 (required);
  统一社会信用代码; 名单类型/类别; 批次/年度; 产品名称 (design products); 移出原因/原因/备注;
  地区/省份/所在地 (read, not matched on).
- rename (``--kind rename``): 原名称/原企业名称/变更前名称 and 新名称/现名称/变更后名称
  (required); 统一社会信用代码; 名单类型/类别; 批次/年度; 地区.

A header no synonym maps is an error naming the column. A row holding only a list
type (一、绿色工厂) is a heading: it is skipped, and the rows under it take that list
type. Blank rows are skipped.

Matching is within the lists the issuing jurisdiction published
(``GreenList.jurisdiction``): by unified social credit code when the row has one,
else by the normalised name (:func:`name_key`: NFKC full/half width, no spaces,
brackets alike), narrowed by list type, batch or year and product. Each row gets one
outcome (:data:`OUTCOMES`) with its row number:

- ``matched``: the listings it applies to (a rename renames every listing of the unit
  on the authority's lists; a removal must name exactly one active listing);
- ``already_applied``: the listing is already removed, or already carries the new name;
- ``not_found``: no listing of the authority carries the name (reported, not an error:
  a notice may name units of lists not imported);
- ``ambiguous``: several listings and nothing in the row tells them apart;
- ``invalid``: a required cell is empty, a list type unknown, or the row repeats one above;
- ``skipped``: a blank or heading row.

**Nothing half-written**: if any row is ``invalid`` or ``ambiguous`` the notice is not
applied at all (the report says why); otherwise every matched listing moves in one
transaction, each by its service (:func:`greenmfg.register.services.listings_remove`:
removed on the notice's date citing its number; :func:`~greenmfg.register.services.
listing_rename`: the name history kept) with its own audit event, and the run writes
``adjustment.apply`` on the notice with the file's SHA-256 and the counts. A dry run
gives the same report and writes nothing. Running a notice again finds its rows
``already_applied``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from greenmfg.audit.services import record_event
from greenmfg.core.decisions import Decision
from greenmfg.core.vocabulary import ListType
from greenmfg.jurisdictions.models import Jurisdiction
from greenmfg.register.models import (
    AdjustmentKind,
    AdjustmentNotice,
    Listing,
    ListingStatus,
)
from greenmfg.register.services import listing_rename, listings_remove

#: the outcomes of a row, in the report's order
OUTCOMES = ("matched", "already_applied", "not_found", "ambiguous", "invalid", "skipped")
#: the outcomes as the page shows them
OUTCOME_LABELS = {
    "matched": gettext_lazy("匹配"),
    "already_applied": gettext_lazy("已应用过"),
    "not_found": gettext_lazy("未找到"),
    "ambiguous": gettext_lazy("不明确"),
    "invalid": gettext_lazy("无效"),
    "skipped": gettext_lazy("跳过"),
}
#: outcomes that stop the whole notice (nothing is applied)
BLOCKING = ("ambiguous", "invalid")

#: column -> the header texts that mean it (normalised by :func:`header_key`)
HEADERS: dict[str, tuple[str, ...]] = {
    "unit_name": (
        "企业名称",
        "单位名称",
        "名称",
        "工厂名称",
        "园区名称",
        "园区",
        "企业（园区）名称",
        "申报单位",
    ),
    "old_name": ("原名称", "原企业名称", "原单位名称", "变更前名称", "更名前名称", "原名"),
    "new_name": ("新名称", "现名称", "新企业名称", "现企业名称", "变更后名称", "更名后名称"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码"),
    "list_type": ("名单类型", "类别", "类型", "名单类别"),
    "batch": ("批次", "年度", "所属批次", "入选批次", "批次/年度"),
    "product_name": ("产品名称",),
    "reason": ("移出原因", "原因", "备注", "调整原因", "更名原因"),
    "region": ("地区", "省份", "所在地", "省（区、市）", "所在地区"),
    "seq": ("序号", "编号"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    AdjustmentKind.REMOVAL: ("unit_name",),
    AdjustmentKind.RENAME: ("old_name", "new_name"),
}
#: list-type texts as published -> ListType
LIST_TYPE_NAMES: dict[str, str] = {
    "绿色工厂": ListType.FACTORY,
    "工厂": ListType.FACTORY,
    "绿色工业园区": ListType.PARK,
    "绿色园区": ListType.PARK,
    "工业园区": ListType.PARK,
    "绿色供应链管理企业": ListType.SUPPLY_CHAIN,
    "绿色供应链管理示范企业": ListType.SUPPLY_CHAIN,
    "绿色供应链": ListType.SUPPLY_CHAIN,
    "绿色设计产品": ListType.DESIGN_PRODUCT,
    "绿色设计产品名单": ListType.DESIGN_PRODUCT,
    **{lt.value: lt.value for lt in ListType},
}
_HEADING_PREFIX = re.compile(r"^[一二三四五六七八九十]+[、.．]|^[（(][一二三四五六七八九十]+[)）]")
_YEAR = re.compile(r"^(\d{4})(年度|年)?$")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})


class AdjustmentFileError(ValueError):
    """The notice file cannot be read as a table of this kind; the message names the
    column or the problem."""


def name_key(name: str | None) -> str:
    """A unit name normalised for matching: NFKC (full-width → half-width), brackets
    alike, no spaces, lower case."""
    text = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    return re.sub(r"\s+", "", text).lower()


def header_key(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).translate(_BRACKETS)


_HEADER_LOOKUP = {header_key(h): col for col, names in HEADERS.items() for h in names}


def list_type_of(text: str) -> str | None:
    """The ListType a published text names (绿色工厂, 一、绿色工厂, factory), else None."""
    text = _HEADING_PREFIX.sub("", header_key(text)).strip("：:")
    return LIST_TYPE_NAMES.get(text)


# --- reading ------------------------------------------------------------------------------------


def read_table(content: bytes, filename: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV or XLSX file as (row number from 1, cell texts)."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl  # noqa: PLC0415 - only XLSX notices need it

        try:
            wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook
            raise AdjustmentFileError(
                _("无法读取 XLSX 文件 {name}：{error}").format(name=filename, error=exc)
            ) from exc
        ws = wb.worksheets[0]
        rows = [
            (i, ["" if v is None else str(v).strip() for v in row])
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1)
        ]
        wb.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AdjustmentFileError(
            _("无法识别文件 {name} 的编码（应为 UTF-8 或 GB18030）").format(name=filename)
        )
    return [
        (i, [c.strip() for c in row])
        for i, row in enumerate(csv.reader(io.StringIO(text)), start=1)
    ]


@dataclass
class NoticeRow:
    """One data row of the notice, mapped to columns."""

    row: int
    values: dict[str, str]


def parse_notice(content: bytes, filename: str, kind: str) -> tuple[list[NoticeRow], list]:
    """The data rows of the notice file and the report rows of skipped ones (blank,
    headings; a heading's list type is carried onto the rows below it). Raises
    :class:`AdjustmentFileError` when no header row is found, a header is unknown or
    a required column is missing."""
    table = read_table(content, filename)
    required = REQUIRED[kind]
    header_at = None
    for idx, (_n, cells) in enumerate(table[:15]):
        keys = {_HEADER_LOOKUP.get(header_key(c)) for c in cells if c}
        if any(col in keys for col in required):
            header_at = idx
            break
    if header_at is None:
        names = "、".join(HEADERS[c][0] for c in required)
        raise AdjustmentFileError(_("未找到表头行：调整表须有列 {names}").format(names=names))
    header_row, header_cells = table[header_at]
    columns: list[str | None] = []
    for cell in header_cells:
        if not cell:
            columns.append(None)
            continue
        col = _HEADER_LOOKUP.get(header_key(cell))
        if col is None:
            raise AdjustmentFileError(
                _("第 {row} 行：无法识别的列“{column}”").format(row=header_row, column=cell)
            )
        columns.append(col)
    missing = [HEADERS[c][0] for c in required if c not in columns]
    if missing:
        raise AdjustmentFileError(_("缺少必需的列：{columns}").format(columns="、".join(missing)))
    rows: list[NoticeRow] = []
    skipped: list[RowResult] = []
    heading_type = ""
    for number, cells in table[header_at + 1 :]:
        filled = [c for c in cells if c]
        if not filled:
            skipped.append(RowResult(number, "skipped", message=_("空行")))
            continue
        if len(filled) == 1 and list_type_of(filled[0]):
            heading_type = list_type_of(filled[0]) or ""
            skipped.append(
                RowResult(number, "skipped", message=_("标题行：{text}").format(text=filled[0]))
            )
            continue
        values = {col: cell for col, cell in zip(columns, cells, strict=False) if col and cell}
        if heading_type and not values.get("list_type"):
            values["list_type"] = heading_type
        rows.append(NoticeRow(number, values))
    return rows, skipped


# --- matching -----------------------------------------------------------------------------------


@dataclass
class RowResult:
    """The outcome of one row: its number, outcome, the names it read, the listings it
    applies to (uuids) and why."""

    row: int
    outcome: str
    name: str = ""
    new_name: str = ""
    listings: list[str] = field(default_factory=list)
    message: str = ""
    pks: list[int] = field(default_factory=list, repr=False)

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "outcome": self.outcome,
            "name": self.name,
            "new_name": self.new_name,
            "listings": self.listings,
            "message": self.message,
        }


@dataclass
class AdjustmentReport:
    """The row report of one run (the same for a dry run and a real one)."""

    kind: str
    notice_no: str
    sha256: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    applied: bool = False
    error: str = ""
    notice_uuid: str = ""

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(OUTCOMES, 0)
        for r in self.rows:
            out[r.outcome] += 1
        return out

    @property
    def blocked(self) -> bool:
        return bool(self.error) or any(r.outcome in BLOCKING for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "notice_no": self.notice_no,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "error": self.error,
            "notice": self.notice_uuid,
            **self.counts,
            "rows": [r.as_dict() for r in sorted(self.rows, key=lambda r: r.row)],
        }

    def lines(self) -> list[str]:
        out = [f"{self.notice_no} ({self.kind}) SHA-256 {self.sha256}"]
        if self.error:
            out.append(f"错误 / error: {self.error}")
        out.append("  ".join(f"{k} {v}" for k, v in self.counts.items()))
        for r in sorted(self.rows, key=lambda r: r.row):
            if r.outcome == "skipped":
                continue
            target = f" → {r.new_name}" if r.new_name else ""
            note = f" ({r.message})" if r.message else ""
            out.append(f"第{r.row}行 row {r.row}: {r.outcome} {r.name}{target}{note}")
        if self.dry_run:
            out.append("试运行，未写入 / dry run: nothing written")
        elif self.applied:
            out.append("已应用 / applied")
        else:
            out.append("未应用：请先更正上述行 / not applied: correct the rows above")
        return out


class _Index:
    """The issuing jurisdiction's listings by normalised name and by USCC."""

    def __init__(self, jurisdiction: Jurisdiction):
        self.by_name: dict[str, list[Listing]] = defaultdict(list)
        self.by_uscc: dict[str, list[Listing]] = defaultdict(list)
        qs = Listing.objects.filter(green_list__jurisdiction=jurisdiction).only(
            "id",
            "uuid",
            "unit_name",
            "uscc",
            "list_type",
            "year",
            "batch",
            "product_name",
            "status",
        )
        for li in qs:
            self.by_name[name_key(li.unit_name)].append(li)
            if li.uscc:
                self.by_uscc[li.uscc.upper()].append(li)


def _narrow(candidates: list[Listing], values: dict[str, str]) -> tuple[list[Listing], str]:
    """``candidates`` narrowed by the row's list type, batch/year and product; an error
    text for an unreadable list type."""
    out = candidates
    if values.get("list_type"):
        list_type = list_type_of(values["list_type"])
        if list_type is None:
            return [], _("未知名单类型“{value}”").format(value=values["list_type"])
        out = [li for li in out if li.list_type == list_type]
    batch = values.get("batch", "")
    if batch:
        year = _YEAR.match(batch)
        out = [
            li
            for li in out
            if (year and li.year == int(year.group(1))) or name_key(li.batch) == name_key(batch)
        ]
    if values.get("product_name"):
        key = name_key(values["product_name"])
        out = [li for li in out if name_key(li.product_name) == key]
    return out, ""


def _candidates(index: _Index, name: str, uscc: str) -> list[Listing]:
    if uscc:
        return list(index.by_uscc.get(uscc.upper(), []))
    return list(index.by_name.get(name_key(name), []))


def plan(kind: str, rows: list[NoticeRow], index: _Index) -> list[RowResult]:
    """The outcome of every data row (no writes)."""
    results: list[RowResult] = []
    seen: dict[tuple, int] = {}
    for r in rows:
        v = r.values
        if kind == AdjustmentKind.REMOVAL:
            name, new = v.get("unit_name", ""), ""
        else:
            name, new = v.get("old_name", ""), v.get("new_name", "")
        res = RowResult(r.row, "invalid", name=name, new_name=new)
        results.append(res)
        missing = [HEADERS[c][0] for c in REQUIRED[kind] if not v.get(c)]
        if missing:
            res.message = _("{columns}为空").format(columns="、".join(missing))
            continue
        if kind == AdjustmentKind.RENAME and name_key(name) == name_key(new):
            res.message = _("新名称与原名称相同")
            continue
        key = (
            name_key(name),
            v.get("uscc", "").upper(),
            list_type_of(v.get("list_type", "")) or v.get("list_type", ""),
            name_key(v.get("batch", "")),
            name_key(v.get("product_name", "")),
        )
        if key in seen:
            res.message = _("与第 {row} 行重复").format(row=seen[key])
            continue
        seen[key] = r.row
        uscc = v.get("uscc", "")
        found, error = _narrow(_candidates(index, name, uscc), v)
        if error:
            res.message = error
            continue
        if kind == AdjustmentKind.REMOVAL:
            _plan_removal(res, found)
        else:
            already, _err = _narrow(index.by_name.get(name_key(new), []) if not uscc else [], v)
            if uscc:
                already = [li for li in found if name_key(li.unit_name) == name_key(new)]
                found = [li for li in found if name_key(li.unit_name) != name_key(new)]
            _plan_rename(res, found, already, name)
    return results


def _plan_removal(res: RowResult, found: list[Listing]) -> None:
    active = [li for li in found if li.status == ListingStatus.ACTIVE]
    if not found:
        res.outcome, res.message = "not_found", _("未找到该单位的名单条目")
    elif not active:
        res.outcome, res.message = "already_applied", _("已移出")
        res.listings = [str(li.uuid) for li in found]
    elif len(active) > 1:
        res.outcome = "ambiguous"
        res.message = _("{n} 个有效条目，请在表中注明名单类型、批次或产品名称").format(
            n=len(active)
        )
        res.listings = [str(li.uuid) for li in active]
    else:
        res.outcome = "matched"
        res.listings, res.pks = [str(active[0].uuid)], [active[0].pk]


def _plan_rename(res: RowResult, found: list[Listing], already: list[Listing], name) -> None:
    usccs = {li.uscc.upper() for li in found if li.uscc}
    if found and len(usccs) > 1:
        res.outcome = "ambiguous"
        res.message = _("同名的 {n} 个不同单位，请在表中注明统一社会信用代码").format(n=len(usccs))
        res.listings = [str(li.uuid) for li in found]
    elif found:
        res.outcome = "matched"
        res.listings = [str(li.uuid) for li in found]
        res.pks = [li.pk for li in found]
    elif already:
        res.outcome, res.message = "already_applied", _("已是新名称")
        res.listings = [str(li.uuid) for li in already]
    else:
        res.outcome, res.message = "not_found", _("未找到该单位的名单条目")


# --- who may apply ------------------------------------------------------------------------------


def can_apply(user, jurisdiction: Jurisdiction) -> Decision:
    """Whether ``user`` may apply adjustment notices of ``jurisdiction``: an official
    of the authority of that jurisdiction (the authority that publishes its lists and
    removes from them: 000 第二十一条, 004 第十六条); ``None`` is the platform itself
    (the ``import-adjustments`` command)."""
    decision = Decision()
    if user is None:
        return decision
    if not (
        getattr(user, "is_official", False)
        and user.authority_id
        and user.authority.jurisdiction_id == jurisdiction.pk
    ):
        decision.refuse(
            "adjustment.not_issuing_authority",
            gettext_lazy("只有{name}主管部门的工作人员可以导入其动态调整通知"),
            "000 第二十一条",
            name=jurisdiction.full_name,
        )
    elif jurisdiction.level not in ("national", "province", "city"):
        decision.refuse(
            "adjustment.level_publishes_no_list",
            gettext_lazy("{name}不发布绿色制造名单，无动态调整可导入"),
            "004 第十六条",
            name=jurisdiction.full_name,
        )
    return decision


# --- the run ------------------------------------------------------------------------------------


def import_adjustments(
    *,
    actor,
    content: bytes,
    filename: str,
    kind: str,
    notice_no: str,
    notice_date: dt.date,
    jurisdiction: Jurisdiction,
    title: str = "",
    url: str = "",
    dry_run: bool = False,
) -> AdjustmentReport:
    """Read an adjustment notice's table and apply it (see the module docstring).

    In: the acting user (``None`` = the platform, from the command line), the file's
    bytes and name (``.csv`` or ``.xlsx``), ``kind`` (``removal``/``rename``), the
    notice's number (文号), date, issuing jurisdiction, title and URL; ``dry_run``.
    Out: the :class:`AdjustmentReport` (``applied`` says whether anything was written;
    ``error`` a whole-file error). Raises ``RuleViolation`` when ``actor`` may not
    apply notices of ``jurisdiction`` (:func:`can_apply`) and ``ValueError`` for an
    unknown kind or an empty number. Removals take effect on ``notice_date``
    (000 第二十一条, 004 第十六条), renames from it (000 第二十三条, 004 第十五条).
    """
    can_apply(actor, jurisdiction).raise_if_refused()
    if kind not in AdjustmentKind.values:
        raise ValueError(f"unknown adjustment kind {kind!r}")
    notice_no = (notice_no or "").strip()
    if not notice_no:
        raise ValueError("an adjustment notice needs its number (文号)")
    report = AdjustmentReport(
        kind=kind,
        notice_no=notice_no,
        sha256=hashlib.sha256(content).hexdigest(),
        dry_run=dry_run,
    )
    try:
        rows, skipped = parse_notice(content, filename, kind)
    except AdjustmentFileError as exc:
        report.error = str(exc)
        return report
    report.rows = [*skipped, *plan(kind, rows, _Index(jurisdiction))]
    if report.blocked or dry_run:
        return report
    with transaction.atomic():
        notice, _created = AdjustmentNotice.objects.update_or_create(
            jurisdiction=jurisdiction,
            kind=kind,
            notice_no=notice_no,
            defaults={
                "notice_date": notice_date,
                "title": title,
                "url": url,
                "file_sha256": report.sha256,
                "applied_by": actor,
            },
        )
        citations = [notice_no]
        matched = [r for r in report.rows if r.outcome == "matched"]
        if kind == AdjustmentKind.REMOVAL and matched:
            listings = list(Listing.objects.filter(pk__in=[pk for r in matched for pk in r.pks]))
            listings_remove(
                actor=actor,
                listings=listings,
                on=notice_date,
                reason=f"{notice_no} {title}".strip(),
                citations=citations,
            )
        elif kind == AdjustmentKind.RENAME:
            by_pk = Listing.objects.in_bulk([pk for r in matched for pk in r.pks])
            for r in matched:
                for pk in r.pks:
                    listing_rename(
                        actor=actor,
                        listing=by_pk[pk],
                        name=r.new_name,
                        on=notice_date,
                        reason=f"{notice_no} {title}".strip(),
                        citations=citations,
                        notice=notice,
                    )
        report.applied = True
        report.notice_uuid = str(notice.uuid)
        notice.report = report.as_dict()
        notice.save(update_fields=["report", "updated_at"])
        record_event(
            actor=actor,
            action="adjustment.apply",
            obj=notice,
            citations=citations,
            payload={"kind": kind, "sha256": report.sha256, "counts": report.counts},
        )
    return report
