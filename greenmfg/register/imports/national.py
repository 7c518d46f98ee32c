"""Importing MIIT's national green-manufacturing lists 2016–2021 as historical listings.

Input: the four CSV files of ``greenmfg/data/miit_green_lists_2017_2021/`` (see its
README): 绿色工厂名单, 绿色工业园区名单, 绿色供应链管理示范企业名单 and
绿色设计产品名单. Output: one :class:`GreenList` per batch (批次) and one
:class:`Listing` per CSV row, all with ``source = miit_green_lists_2017_2021``.

Batches. ``批次`` holds "1"…"5" and "2021" (= batch 6, 工信厅节函〔2022〕7号):

====== ========== ====== ===========================
批次    batch       year   note
====== ========== ====== ===========================
1       第一批      2017   covers 2016/17 (published 2017-08, 工信厅节函〔2017〕491号)
2       第二批      2017
3       第三批      2018
4       第四批      2019   工信厅节函〔2019〕196号
5       第五批      2020
2021    第六批      2021   published 2022-01, 工信厅节函〔2022〕7号
====== ========== ====== ===========================

Engine. The files are read by :mod:`greenmfg.register.imports.reading` (header
synonyms; heading and blank rows skipped with their reason: the nine category headings
of the 第三批 design-product list are not listings) and written by
:mod:`greenmfg.register.imports.engine` (a row never overwrites another unit's listing;
all rows reported by number; one transaction; an audit event per run and per listing
created or changed). Besides the six shipped batches any national batch is accepted: a
year (``2022`` → 2022年度) or a batch number with a known year (``7`` → 第七批, 2022).

Keys. A green list's ``source_key`` is ``batch-<批次>``. A listing's is
``<list_type>-<批次>-<序号>`` for factories, parks and supply-chain enterprises
(序号 is unique within a batch there). In the design-product file 序号 is *not*
unique within a batch (318 repeated pairs; nine rows even carry a category heading in
序号; the nine heading rows are skipped but keep their numbers), so design products
use the 1-based data-row number of the file instead:
``design_product-<批次>-r<row>``; the original 序号 is kept in ``details["source_seq"]``.

Normalisation. Cells are stripped; a stray trailing ``nan`` (e.g. "…。nan") is
removed; a cell that is then empty, ``nan`` or ``-`` is unknown (""). ``地区`` is
normalised (内蒙→内蒙古, 黑龙→黑龙江, 兵团/新疆兵团→新疆生产建设兵团, ``na``→"") and
matched, in this order, to: a province whose name starts with it (广西→广西壮族自治区);
a separately planned city (深圳 440300, 宁波 330200, 厦门 350200, 青岛 370200, 大连
210200); the one prefecture city, else the one county-level district, whose name
starts with it (the design-product file also names cities such as 合肥 and the county
景泰). What matches nothing (新疆生产建设兵团 has no division code; 海信 and 蒙娜 are
fragments of company names) keeps ``region = None`` and is reported.

Nothing is invented: the source has no unified social credit code, no listing date
and no platform organisation, so ``uscc`` is "", ``listed_on`` and ``unit`` are None.

Idempotency. Rows are matched to existing listings by ``(source, source_key)``.
Fields that come from the source are rewritten only when they differ; fields the
platform curates after import (``status``, ``unit``, ``uscc``, ``listed_on``, star,
grade) are set only when the listing is created, so a later removal (移出) or a link
to an organisation survives a re-run.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from greenmfg.audit.services import record_event
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.jurisdictions.models import NATIONAL_CODE, Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.reference import DATA_DIR
from greenmfg.register.documents import documents_queue_missing
from greenmfg.register.imports.engine import (
    ImportRow,
    ListTarget,
    RowReport,
    list_counts,
    plan_rows,
    write_plan,
)
from greenmfg.register.imports.official_counts import official_count
from greenmfg.register.imports.reading import FileUnreadable, clean, parse_file
from greenmfg.register.imports.regions import (
    PLANNED_CITIES,
    RegionMatcher,
    normalise_region,
)
from greenmfg.register.models import ListSource

__all__ = [
    "BATCHES",
    "DEFAULT_DIR",
    "FILES",
    "ImportReport",
    "ReferenceDataMissing",
    "RegionMatcher",
    "SourceFileError",
    "SourceRow",
    "batch_info",
    "clean",
    "import_national_lists",
    "normalise_region",
    "read_national_lists",
]

#: the MIIT lists shipped with the package
DEFAULT_DIR = DATA_DIR / "miit_green_lists_2017_2021"

SOURCE = ListSource.MIIT_2017_2021


@dataclass(frozen=True)
class BatchInfo:
    """What the source's ``批次`` value means."""

    year: int
    batch: str
    title: str
    document_no: str = ""


BATCHES: dict[str, BatchInfo] = {
    "1": BatchInfo(2017, "第一批", "第一批绿色制造名单", "工信厅节函〔2017〕491号"),
    "2": BatchInfo(2017, "第二批", "第二批绿色制造名单"),
    "3": BatchInfo(2018, "第三批", "第三批绿色制造名单"),
    "4": BatchInfo(2019, "第四批", "第四批绿色制造名单", "工信厅节函〔2019〕196号"),
    "5": BatchInfo(2020, "第五批", "第五批绿色制造名单"),
    "2021": BatchInfo(2021, "第六批", "2021年度绿色制造名单", "工信厅节函〔2022〕7号"),
}
#: later national batches by number (the yearly lists since 2021)
LATER_BATCHES: dict[str, BatchInfo] = {
    "6": BATCHES["2021"],
    "7": BatchInfo(2022, "第七批", "2022年度绿色制造名单"),
}
YEAR = re.compile(r"^(20\d\d)(年|年度)?$")


def batch_info(value: str) -> BatchInfo | None:
    """What a ``批次`` cell means: a shipped batch ("1"…"5", "2021"), a later batch by
    number ("7" = 第七批, 2022), or a year ("2023", "2023年度" → 2023年度); None if it
    names none of these."""
    value = clean(value)
    if value in BATCHES:
        return BATCHES[value]
    if value in LATER_BATCHES:
        return LATER_BATCHES[value]
    m = YEAR.match(value)
    if m:
        year = int(m.group(1))
        if year == 2022:
            return LATER_BATCHES["7"]
        return BatchInfo(year, f"{year}年度", f"{year}年度绿色制造名单")
    return None


@dataclass(frozen=True)
class FileSpec:
    """How one CSV file maps to listings: its name, the column of the unit's name,
    and whether its 序号 can serve as the key (unique within a batch)."""

    filename: str
    name_column: str
    columns: tuple[str, ...]
    seq_is_key: bool = True


FILES: dict[str, FileSpec] = {
    ListType.FACTORY: FileSpec(
        "绿色工厂名单.csv",
        "工厂名称",
        ("序号", "地区", "工厂名称", "行业", "第三方评价机构", "批次"),
    ),
    ListType.PARK: FileSpec(
        "绿色工业园区名单.csv", "园区", ("序号", "地区", "园区", "第三方评价机构", "批次")
    ),
    ListType.SUPPLY_CHAIN: FileSpec(
        "绿色供应链管理示范企业名单.csv",
        "企业名称",
        ("序号", "地区", "企业名称", "第三方评价机构", "批次"),
    ),
    ListType.DESIGN_PRODUCT: FileSpec(
        "绿色设计产品名单.csv",
        "企业名称",
        (
            "序号",
            "企业名称",
            "产品名称",
            "产品型号",
            "推荐单位",
            "地区",
            "批次",
            "种类",
            "绿色设计亮点",
            "适用评价标准",
        ),
        seq_is_key=False,
    ),
}


class ReferenceDataMissing(RuntimeError):
    """The jurisdiction tree is not loaded, so regions cannot be matched."""

    def __init__(self) -> None:
        super().__init__(
            "尚未载入参考数据（缺少全国辖区 000000），请先运行 `greenmfg load-reference`。"
            " Reference data missing (no national jurisdiction 000000): "
            "run `greenmfg load-reference` first."
        )


class SourceFileError(ValueError):
    """A list file is missing or malformed; the message names the file and every bad row."""


@dataclass(frozen=True)
class SourceRow:
    """One listing as read from a file, already normalised (no database access)."""

    list_type: str
    batch_key: str
    source_key: str
    unit_name: str
    region_text: str
    agency_name: str = ""
    industry_text: str = ""
    product_name: str = ""
    product_model: str = ""
    product_category: str = ""
    details: dict[str, str] = field(default_factory=dict)
    number: int = 0
    filename: str = ""


@dataclass
class NationalRead:
    """What reading the four files gives: the rows, the rows skipped (file, report) and
    the errors (file, row, message)."""

    rows: list[SourceRow] = field(default_factory=list)
    skipped: list[tuple[str, RowReport]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sha256: dict[str, str] = field(default_factory=dict)


SKIP_REASONS = {
    "blank": "空行",
    "header": "重复的表头行",
    "heading": "分类标题行，不是名单条目",
}


def _read(directory: Path | None) -> NationalRead:
    folder = Path(directory) if directory else DEFAULT_DIR
    out = NationalRead()
    for list_type, spec in FILES.items():
        path = folder / spec.filename
        if not path.is_file():
            raise SourceFileError(f"找不到名单文件 / list file not found: {path}")
        out.sha256[spec.filename] = hashlib.sha256(path.read_bytes()).hexdigest()
        try:
            parsed = parse_file(path, list_type)
        except FileUnreadable as exc:
            raise SourceFileError(f"{spec.filename}: {exc}") from exc
        header = {v: k for k, v in parsed.columns.items()}
        missing = [c for c in ("seq", "region", "batch") if c not in header]
        if parsed.problems or missing:
            problems = [m for _n, m in parsed.problems] + [f"缺少列 {c}" for c in missing]
            raise SourceFileError(
                f"{spec.filename} 缺少列或列名无法识别 / lacks columns: {'；'.join(problems)}"
            )
        data_number = 0
        for parsed_row in parsed.rows:
            data_number += 1  # the 1-based data-row number (the header is row 1)
            if parsed_row.kind != "data":
                out.skipped.append(
                    (
                        spec.filename,
                        RowReport(
                            parsed_row.number,
                            "skipped",
                            code=parsed_row.kind,
                            reason=f"{spec.filename}：{SKIP_REASONS[parsed_row.kind]}"
                            + (f"（{parsed_row.text[:60]}）" if parsed_row.text else ""),
                        ),
                    )
                )
                continue
            values = parsed_row.values
            raw_batch = values.get("batch", "")
            info = batch_info(raw_batch)
            if info is None:
                out.errors.append(
                    f"{spec.filename} 第 {parsed_row.number} 行：未知批次 / row "
                    f"{parsed_row.number}: unknown batch {raw_batch!r}"
                )
                continue
            batch_key = next(
                (k for k, v in BATCHES.items() if v == info), raw_batch if info else ""
            )
            seq = values.get("seq", "")
            ident = seq if spec.seq_is_key else f"r{data_number}"
            row = SourceRow(
                list_type=list_type,
                batch_key=batch_key,
                source_key=f"{list_type}-{batch_key}-{ident}",
                unit_name=values.get("unit_name", ""),
                region_text=normalise_region(values.get("region")),
                agency_name=values.get("agency", ""),
                industry_text=values.get("industry", ""),
                number=parsed_row.number,
                filename=spec.filename,
            )
            if list_type == ListType.DESIGN_PRODUCT:
                row = replace(
                    row,
                    product_name=values.get("product_name", ""),
                    product_model=values.get("product_model", ""),
                    product_category=values.get("product_category", ""),
                    details={
                        "recommended_by": values.get("recommended_by", ""),
                        "highlights": values.get("highlights", ""),
                        "standard": values.get("standard", ""),
                        "source_seq": seq,
                    },
                )
            out.rows.append(row)
    return out


def read_national_lists(directory: Path | None = None) -> list[SourceRow]:
    """Read and normalise the four CSV files.

    In: the folder holding them (default: the shipped copy).
    Out: one :class:`SourceRow` per listing row (heading and blank rows left out), files
    in the order of :data:`FILES`. Raises :class:`SourceFileError` for a missing file or
    column, or an unknown batch (every bad row named).
    """
    read = _read(directory)
    if read.errors:
        raise SourceFileError("\n".join(read.errors))
    return read.rows


@dataclass
class ImportReport:
    """What an import did and what it could not match.

    ``counts``: listing rows per list type; ``created``/``updated``/``unchanged``/
    ``conflicts``: listings; ``skipped``: rows that are not listings (headings, blank
    rows) with their reason; ``green_lists``/``green_lists_created``: batches;
    ``unmatched_regions``: {normalised 地区: rows} with no jurisdiction;
    ``empty_region`` and ``empty_unit_name``: rows whose 地区 / unit name is unknown;
    ``matched_below_province``: {地区: jurisdiction} for texts matched to a city or
    district rather than a province; ``official_counts``: the published count of each
    batch and type and the difference; ``rows``: the row report (file, row, outcome).
    """

    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    green_lists: int = 0
    green_lists_created: int = 0
    unmatched_regions: dict[str, int] = field(default_factory=dict)
    empty_region: int = 0
    empty_unit_name: int = 0
    matched_below_province: dict[str, str] = field(default_factory=dict)
    official_counts: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``unmatched`` groups what could not be matched)."""
        return {
            "counts": dict(self.counts),
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "skipped": list(self.skipped),
            "green_lists": self.green_lists,
            "green_lists_created": self.green_lists_created,
            "unmatched": {
                "regions": dict(self.unmatched_regions),
                "empty_region": self.empty_region,
                "empty_unit_name": self.empty_unit_name,
            },
            "matched_below_province": dict(self.matched_below_province),
            "official_counts": list(self.official_counts),
        }

    def lines(self) -> list[str]:
        """The report as human-readable lines, Chinese first."""
        labels = dict(ListType.choices)
        out = [
            f"已导入国家级绿色制造名单 {self.green_lists} 批（新建 {self.green_lists_created}），"
            f"条目 {self.total} 条：新建 {self.created}，更新 {self.updated}，未变 {self.unchanged}，"
            f"冲突 {self.conflicts}；跳过 {len(self.skipped)} 行。",
            f"Imported {self.green_lists} national lists ({self.green_lists_created} new), "
            f"{self.total} listings: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.conflicts} conflicts; "
            f"{len(self.skipped)} rows skipped.",
        ]
        for key, n in self.counts.items():
            out.append(f"  {labels.get(key, key)} / {key}: {n}")
        if self.skipped:
            out.append("跳过的行 / rows skipped:")
            out += [f"  {s['file']} 第 {s['row']} 行: {s['reason']}" for s in self.skipped]
        conflicts = [r for r in self.rows if r["outcome"] == "conflict"]
        if conflicts:
            out.append("冲突（未写入）/ conflicts (not written):")
            out += [f"  {r['file']} 第 {r['row']} 行: {r['reason']}" for r in conflicts]
        if self.matched_below_province:
            out.append("地区匹配到市或区县 / regions matched to a city or district:")
            out += [f"  {k} → {v}" for k, v in self.matched_below_province.items()]
        out.append("未能匹配的地区 / regions not matched:")
        if self.unmatched_regions:
            out += [f"  {k}: {n}" for k, n in self.unmatched_regions.items()]
        else:
            out.append("  （无 / none）")
        out.append(f"地区为空 / empty region: {self.empty_region}")
        out.append(f"单位名称为空 / empty unit name: {self.empty_unit_name}")
        differences = [c for c in self.official_counts if c.get("difference")]
        out.append("与公布数量的差异 / differences from the published counts:")
        if differences:
            out += [
                f"  {c['list']} {labels.get(c['list_type'], c['list_type'])}: "
                f"{c['listed']} / {c['official']} ({c['difference']:+d})"
                for c in differences
            ]
        else:
            out.append("  （无 / none）")
        return out


def import_national_lists(
    directory: Path | None = None, stdout: IO[str] | None = None, *, actor=None
) -> ImportReport:
    """Import (or refresh) the MIIT national lists 2016–2021 (and any later national
    batch the files name).

    In: ``directory`` — the folder with the four CSV files (default: the copy shipped
    in ``greenmfg/data/miit_green_lists_2017_2021``); ``stdout`` — where to write the
    report lines (optional); ``actor`` — who runs it (None = the system).
    Out: an :class:`ImportReport`. Runs in one transaction; running it twice leaves
    the same rows (the second run creates and updates nothing). A row naming another
    unit than the listing of its key is a conflict and is not written. An audit event
    ``list_import.national`` records the files' SHA-256 and the counts.
    Raises :class:`ReferenceDataMissing` when ``load-reference`` has not run, and
    :class:`SourceFileError` for a malformed file (every bad row named; nothing written).
    """
    national = Jurisdiction.objects.filter(code=NATIONAL_CODE).first()
    if national is None:
        raise ReferenceDataMissing()
    read = _read(directory)
    if read.errors:
        raise SourceFileError("\n".join(read.errors))
    report = ImportReport(counts={lt: 0 for lt in FILES})
    matcher = RegionMatcher()
    unmatched: Counter[str] = Counter()
    targets: dict[str, ListTarget] = {}
    rows: list[ImportRow] = []
    files: dict[int, str] = {}
    for src in read.rows:
        info = batch_info(src.batch_key) or BATCHES[src.batch_key]
        key = f"batch-{src.batch_key}"
        if key not in targets:
            targets[key] = ListTarget(
                key=key,
                source=SOURCE,
                level=Level.NATIONAL,
                jurisdiction=national,
                year=info.year,
                batch=info.batch,
                title=info.title,
                document_no=info.document_no,
            )
        report.counts[src.list_type] += 1
        region = matcher.match(src.region_text)
        if not src.region_text:
            report.empty_region += 1
        elif region is None:
            unmatched[src.region_text] += 1
        elif region.level != JurisdictionLevel.PROVINCE and src.region_text not in PLANNED_CITIES:
            report.matched_below_province[src.region_text] = f"{region.code} {region.full_name}"
        if not src.unit_name:
            report.empty_unit_name += 1
        # rows of the four files are told apart by a running number in the plan
        number = len(rows) + 1
        files[number] = f"{src.filename}:{src.number}"
        rows.append(
            ImportRow(
                number=number,
                target=key,
                list_type=src.list_type,
                source_key=src.source_key,
                unit_name=src.unit_name,
                region=region,
                region_text=src.region_text,
                agency_name=src.agency_name,
                industry_text=src.industry_text,
                product_name=src.product_name,
                product_model=src.product_model,
                product_category=src.product_category,
                details=dict(src.details),
            )
        )
    for key in BATCHES:  # the shipped batches always exist, even when a file is short
        info = BATCHES[key]
        targets.setdefault(
            f"batch-{key}",
            ListTarget(
                key=f"batch-{key}",
                source=SOURCE,
                level=Level.NATIONAL,
                jurisdiction=national,
                year=info.year,
                batch=info.batch,
                title=info.title,
                document_no=info.document_no,
            ),
        )
    plan = plan_rows(source=SOURCE, targets=targets, rows=rows, reported=[])
    report.green_lists = len(targets)
    report.green_lists_created = len(plan.lists_created)
    counts = plan.counts()
    report.created, report.updated = counts["created"], counts["updated"]
    report.unchanged, report.conflicts = counts["unchanged"], counts["conflicts"]
    report.skipped = [
        {"file": filename, "row": r.row, "code": r.code, "reason": r.reason}
        for filename, r in read.skipped
    ]
    for r in plan.rows:
        filename, _sep, line = files[r.row].partition(":")
        report.rows.append({**r.as_dict(), "file": filename, "row": int(line)})
    if plan.has_errors:
        raise SourceFileError(
            "\n".join(
                f"{r['file']} 第 {r['row']} 行：{r['reason']}"
                for r in report.rows
                if r["outcome"] == "error"
            )
        )
    with transaction.atomic():
        lists = write_plan(plan, targets=targets, actor=actor, run_uuid="national")
        record_event(
            actor=actor,
            action="list_import.national",
            object_type="register.greenlist",
            object_uuid=str(lists["batch-2021"].uuid) if "batch-2021" in lists else "",
            object_label="工业和信息化部国家级绿色制造名单",
            jurisdiction_path=national.path,
            payload={
                "files": read.sha256,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "conflicts": report.conflicts,
                "skipped": len(report.skipped),
            },
        )
    report.official_counts = _official_after(targets, lists)
    report.unmatched_regions = dict(unmatched.most_common())
    report.matched_below_province = dict(sorted(report.matched_below_province.items()))
    # the lists' announcements and tables, rendered once now (background jobs; in-process
    # without a broker), never in a visitor's request (greenmfg/register/documents.py)
    documents_queue_missing(lists.values())
    if stdout is not None:
        stdout.write("\n".join(report.lines()) + "\n")
    return report


def _official_after(targets: dict[str, ListTarget], lists) -> list[dict[str, Any]]:
    """The published count of every batch and type against the listings it has now."""
    out = []
    for key, target in targets.items():
        have = list_counts(lists[key])
        for list_type in FILES:
            expected = official_count(target.level, target.year, target.batch, list_type)
            if expected is None:
                continue
            listed = have.get(list_type, 0)
            out.append(
                {
                    "list": target.title,
                    "list_type": list_type,
                    "listed": listed,
                    "official": expected.count,
                    "difference": listed - expected.count,
                    "source": expected.source,
                    "note": expected.note,
                }
            )
    return out
