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

Keys. A green list's ``source_key`` is ``batch-<批次>``. A listing's is
``<list_type>-<批次>-<序号>`` for factories, parks and supply-chain enterprises
(序号 is unique within a batch there). In the design-product file 序号 is *not*
unique within a batch (318 repeated pairs; nine rows even carry a category heading in
序号), so design products use the 1-based data-row number of the file instead:
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

import csv
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from greenmfg.core.pagecache import register_changed
from greenmfg.core.vocabulary import Level, ListType
from greenmfg.jurisdictions.models import NATIONAL_CODE, Jurisdiction, JurisdictionLevel
from greenmfg.jurisdictions.reference import DATA_DIR
from greenmfg.register.documents import documents_queue_missing
from greenmfg.register.models import GreenList, Listing, ListingStatus, ListSource
from greenmfg.register.search import listing_search_text

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

#: spelling variants of 地区 → the normalised text
REGION_VARIANTS: dict[str, str] = {
    "内蒙": "内蒙古",
    "黑龙": "黑龙江",
    "兵团": "新疆生产建设兵团",
    "新疆兵团": "新疆生产建设兵团",
    "na": "",  # a truncated "nan" in the design-product file
}

#: separately planned cities (计划单列市) that the lists name instead of a province
PLANNED_CITIES: dict[str, str] = {
    "深圳": "440300",
    "宁波": "330200",
    "厦门": "350200",
    "青岛": "370200",
    "大连": "210200",
}

#: regions that have no division code and must never be matched by prefix
NO_DIVISION = frozenset({"新疆生产建设兵团"})

#: fields a re-run rewrites (from the source); the others are set on creation only
SOURCE_FIELDS = (
    "green_list_id",
    "unit_name",
    "list_type",
    "level",
    "year",
    "batch",
    "region_id",
    "region_text",
    "agency_name",
    "industry_text",
    "product_name",
    "product_model",
    "product_category",
    "details",
)

#: pandas wrote missing values as "nan" and glued them to cells: "…较小。nan", "…法规。Xnan"
STRAY_NAN = re.compile(r"nan$")
UNKNOWN = frozenset({"", "nan", "-"})


class ReferenceDataMissing(RuntimeError):
    """The jurisdiction tree is not loaded, so regions cannot be matched."""

    def __init__(self) -> None:
        super().__init__(
            "尚未载入参考数据（缺少全国辖区 000000），请先运行 `greenmfg load-reference`。"
            " Reference data missing (no national jurisdiction 000000): "
            "run `greenmfg load-reference` first."
        )


class SourceFileError(ValueError):
    """A list file is missing or malformed; the message names the file and row."""


def clean(value: str | None) -> str:
    """Normalise one cell: strip, drop a stray trailing "nan", map unknowns to "".

    In: the raw cell. Out: the cleaned text ("" = unknown), e.g.
    ``"…较小。nan"`` → ``"…较小。"``, ``"nan"``/``"-"``/``"  "`` → ``""``.
    """
    text = (value or "").strip()
    text = STRAY_NAN.sub("", text).strip()
    return "" if text in UNKNOWN else text


def normalise_region(value: str | None) -> str:
    """The normalised spelling of a 地区 cell (e.g. "内蒙" → "内蒙古", "兵团" →
    "新疆生产建设兵团"); "" when unknown."""
    text = clean(value)
    return REGION_VARIANTS.get(text, text)


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


def read_national_lists(directory: Path | None = None) -> list[SourceRow]:
    """Read and normalise the four CSV files.

    In: the folder holding them (default: the shipped copy).
    Out: one :class:`SourceRow` per data row, files in the order of :data:`FILES`.
    Raises :class:`SourceFileError` for a missing file or column, an unknown batch or
    a repeated key.
    """
    folder = Path(directory) if directory else DEFAULT_DIR
    rows: list[SourceRow] = []
    for list_type, spec in FILES.items():
        path = folder / spec.filename
        if not path.is_file():
            raise SourceFileError(f"找不到名单文件 / list file not found: {path}")
        seen: set[str] = set()
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = set(spec.columns) - set(reader.fieldnames or [])
            if missing:
                raise SourceFileError(
                    f"{spec.filename} 缺少列 / lacks columns: {', '.join(sorted(missing))}"
                )
            for number, raw in enumerate(reader, start=1):
                batch_key = clean(raw["批次"])
                if batch_key not in BATCHES:
                    raise SourceFileError(
                        f"{spec.filename} 第 {number} 行：未知批次 / row {number}: unknown batch {raw['批次']!r}"
                    )
                seq = clean(raw["序号"])
                ident = seq if spec.seq_is_key else f"r{number}"
                key = f"{list_type}-{batch_key}-{ident}"
                if key in seen:
                    raise SourceFileError(
                        f"{spec.filename} 第 {number} 行：序号重复 / row {number}: repeated key {key}"
                    )
                seen.add(key)
                row = SourceRow(
                    list_type=list_type,
                    batch_key=batch_key,
                    source_key=key,
                    unit_name=clean(raw[spec.name_column]),
                    region_text=normalise_region(raw["地区"]),
                    agency_name=clean(raw.get("第三方评价机构")),
                    industry_text=clean(raw.get("行业")),
                )
                if list_type == ListType.DESIGN_PRODUCT:
                    row = replace(
                        row,
                        product_name=clean(raw["产品名称"]),
                        product_model=clean(raw["产品型号"]),
                        product_category=clean(raw["种类"]),
                        details={
                            "recommended_by": clean(raw["推荐单位"]),
                            "highlights": clean(raw["绿色设计亮点"]),
                            "standard": clean(raw["适用评价标准"]),
                            "source_seq": seq,
                        },
                    )
                rows.append(row)
    return rows


class RegionMatcher:
    """Matches normalised 地区 texts to jurisdictions (one query, then in memory)."""

    def __init__(self) -> None:
        nodes = list(
            Jurisdiction.objects.filter(
                level__in=[
                    JurisdictionLevel.PROVINCE,
                    JurisdictionLevel.CITY,
                    JurisdictionLevel.DISTRICT,
                ]
            ).only("id", "code", "name", "full_name", "level", "is_statistical_zone")
        )
        self.by_code = {j.code: j for j in nodes}
        self.by_level: dict[str, list[Jurisdiction]] = {}
        for j in nodes:
            if j.level == JurisdictionLevel.DISTRICT and j.is_statistical_zone:
                continue
            self.by_level.setdefault(j.level, []).append(j)
        self._cache: dict[str, Jurisdiction | None] = {}

    def match(self, text: str) -> Jurisdiction | None:
        """The jurisdiction ``text`` names, or None (see the module docstring for the order)."""
        if text in self._cache:
            return self._cache[text]
        found: Jurisdiction | None = None
        if text and text not in NO_DIVISION:
            if text in PLANNED_CITIES:
                found = self.by_code.get(PLANNED_CITIES[text])
            else:
                for level in (
                    JurisdictionLevel.PROVINCE,
                    JurisdictionLevel.CITY,
                    JurisdictionLevel.DISTRICT,
                ):
                    hits = [j for j in self.by_level.get(level, []) if j.name.startswith(text)]
                    if len(hits) == 1:
                        found = hits[0]
                        break
                    if hits:  # ambiguous: do not guess
                        break
        self._cache[text] = found
        return found


@dataclass
class ImportReport:
    """What an import did and what it could not match.

    ``counts``: rows per list type; ``created``/``updated``/``unchanged``: listings;
    ``green_lists``/``green_lists_created``: batches; ``unmatched_regions``:
    {normalised 地区: rows} with no jurisdiction; ``empty_region`` and
    ``empty_unit_name``: rows whose 地区 / unit name is unknown;
    ``matched_below_province``: {地区: jurisdiction} for texts matched to a city or
    district rather than a province.
    """

    counts: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    green_lists: int = 0
    green_lists_created: int = 0
    unmatched_regions: dict[str, int] = field(default_factory=dict)
    empty_region: int = 0
    empty_unit_name: int = 0
    matched_below_province: dict[str, str] = field(default_factory=dict)

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
            "green_lists": self.green_lists,
            "green_lists_created": self.green_lists_created,
            "unmatched": {
                "regions": dict(self.unmatched_regions),
                "empty_region": self.empty_region,
                "empty_unit_name": self.empty_unit_name,
            },
            "matched_below_province": dict(self.matched_below_province),
        }

    def lines(self) -> list[str]:
        """The report as human-readable lines, Chinese first."""
        labels = dict(ListType.choices)
        out = [
            f"已导入国家级绿色制造名单 {self.green_lists} 批（新建 {self.green_lists_created}），"
            f"条目 {self.total} 条：新建 {self.created}，更新 {self.updated}，未变 {self.unchanged}。",
            f"Imported {self.green_lists} national lists ({self.green_lists_created} new), "
            f"{self.total} listings: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged.",
        ]
        for key, n in self.counts.items():
            out.append(f"  {labels.get(key, key)} / {key}: {n}")
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
        return out


def _ensure_green_lists(national: Jurisdiction, report: ImportReport) -> dict[str, GreenList]:
    """One GreenList per batch (update_or_create by source key); {批次: list}."""
    lists: dict[str, GreenList] = {}
    for key, info in BATCHES.items():
        green_list, created = GreenList.objects.update_or_create(
            source=SOURCE,
            source_key=f"batch-{key}",
            defaults={
                "jurisdiction": national,
                "level": Level.NATIONAL,
                "year": info.year,
                "batch": info.batch,
                "title": info.title,
                "document_no": info.document_no,
            },
        )
        lists[key] = green_list
        report.green_lists += 1
        report.green_lists_created += int(created)
    return lists


def import_national_lists(
    directory: Path | None = None, stdout: IO[str] | None = None
) -> ImportReport:
    """Import (or refresh) the MIIT national lists 2016–2021.

    In: ``directory`` — the folder with the four CSV files (default: the copy shipped
    in ``greenmfg/data/miit_green_lists_2017_2021``); ``stdout`` — where to write the
    report lines (optional).
    Out: an :class:`ImportReport`. Runs in one transaction; running it twice leaves
    the same rows (the second run creates and updates nothing).
    Raises :class:`ReferenceDataMissing` when ``load-reference`` has not run, and
    :class:`SourceFileError` for a malformed file.
    """
    national = Jurisdiction.objects.filter(code=NATIONAL_CODE).first()
    if national is None:
        raise ReferenceDataMissing()
    rows = read_national_lists(directory)
    report = ImportReport(counts={lt: 0 for lt in FILES})
    matcher = RegionMatcher()
    unmatched: Counter[str] = Counter()

    with transaction.atomic():
        lists = _ensure_green_lists(national, report)
        existing = {obj.source_key: obj for obj in Listing.objects.filter(source=SOURCE)}
        now = timezone.now()
        to_create: list[Listing] = []
        to_update: list[Listing] = []
        for row in rows:
            report.counts[row.list_type] += 1
            region = matcher.match(row.region_text)
            if not row.region_text:
                report.empty_region += 1
            elif region is None:
                unmatched[row.region_text] += 1
            elif (
                region.level != JurisdictionLevel.PROVINCE and row.region_text not in PLANNED_CITIES
            ):
                report.matched_below_province[row.region_text] = f"{region.code} {region.full_name}"
            if not row.unit_name:
                report.empty_unit_name += 1
            info = BATCHES[row.batch_key]
            values: dict[str, Any] = {
                "green_list_id": lists[row.batch_key].pk,
                "unit_name": row.unit_name,
                "list_type": row.list_type,
                "level": Level.NATIONAL,
                "year": info.year,
                "batch": info.batch,
                "region_id": region.pk if region else None,
                "region_text": row.region_text,
                "agency_name": row.agency_name,
                "industry_text": row.industry_text,
                "product_name": row.product_name,
                "product_model": row.product_model,
                "product_category": row.product_category,
                "details": dict(row.details),
            }
            current = existing.get(row.source_key)
            if current is None:
                to_create.append(
                    Listing(
                        **values,
                        source=SOURCE,
                        source_key=row.source_key,
                        status=ListingStatus.ACTIVE,
                        unit=None,
                        uscc="",
                        listed_on=None,
                    )
                )
            elif any(getattr(current, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(current, name, value)
                current.search_text = listing_search_text(current)
                current.updated_at = now
                current.version += 1
                to_update.append(current)
            else:
                report.unchanged += 1
        for listing in to_create:
            listing.search_text = listing_search_text(listing)
        Listing.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Listing.objects.bulk_update(
                to_update,
                [*SOURCE_FIELDS, "search_text", "updated_at", "version"],
                batch_size=200,
            )
    if to_create or to_update:
        register_changed()  # bulk writes send no signal (greenmfg/core/pagecache.py)
    # the lists' announcements and tables, rendered once now (background jobs; in-process
    # without a broker), never in a visitor's request (greenmfg/register/documents.py)

    documents_queue_missing(lists.values())
    report.created = len(to_create)
    report.updated = len(to_update)
    report.unmatched_regions = dict(unmatched.most_common())
    report.matched_below_province = dict(sorted(report.matched_below_province.items()))
    if stdout is not None:
        stdout.write("\n".join(report.lines()) + "\n")
    return report
