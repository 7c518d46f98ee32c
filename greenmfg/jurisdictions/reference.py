"""Loading the shipped reference data: the jurisdiction tree, one authority per
jurisdiction, and the GB/T 4754-2017 industry codes.

The files live in ``greenmfg/data/`` (see its README for sources and licences):

- ``admin_divisions/{provinces,cities,areas}.csv`` → :class:`Jurisdiction` (national
  root ``000000`` → 31 provinces → 342 cities → county-level districts, including the
  NBS statistical pseudo-county codes of development zones, 5th digit ``7``);
- the same tree → one :class:`~greenmfg.parties.models.Authority` per jurisdiction;
- ``gbt4754_2017/gbt4754_2017_flat.csv`` → :class:`IndustryCode`.

:func:`load_reference` is idempotent: jurisdictions and industry codes are upserted
by code (``bulk_create(update_conflicts=True)``), authorities are created where
missing and otherwise left alone, so an administrator's correction of an authority's
name (e.g. the real "北京市经济和信息化局") survives a re-run.

Three rows of ``areas.csv`` (东莞市 441900, 中山市 442000, 儋州市 460400 — prefecture
cities without districts) repeat the code of their city; codes are unique, so the
city node is kept and those area rows are skipped (counted as ``skipped_areas``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction

from greenmfg.jurisdictions.models import (
    NATIONAL_CODE,
    IndustryCode,
    Jurisdiction,
    JurisdictionLevel,
)
from greenmfg.parties.models import Authority

#: the reference data shipped inside the package
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

NATIONAL_NAME = "全国"
NATIONAL_AUTHORITY = "工业和信息化部"

#: slugs of the jurisdictions that have (or are planned to have) a ruleset
SLUGS: dict[str, str] = {
    NATIONAL_CODE: "national",
    "440000": "guangdong",
    "440100": "guangzhou",
    "440300": "shenzhen",
    "350000": "fujian",
    "350200": "xiamen",
    "410000": "henan",
    "410300": "luoyang",
}

#: city-level names of the municipalities' placeholder nodes (北京/天津/上海/重庆)
MUNICIPAL_PLACEHOLDERS = frozenset({"市辖区", "县"})

LEVEL_ORDER = (
    JurisdictionLevel.NATIONAL,
    JurisdictionLevel.PROVINCE,
    JurisdictionLevel.CITY,
    JurisdictionLevel.DISTRICT,
)


class ReferenceDataError(ValueError):
    """A reference file is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class DivisionNode:
    """One jurisdiction as read from the division files (before it is saved).

    ``parent_code`` is empty for the national root; ``authority_name`` is the default
    name of the jurisdiction's industry-and-IT authority.
    """

    code: str
    name: str
    full_name: str
    level: str
    parent_code: str
    path: str
    slug: str | None
    is_statistical_zone: bool
    authority_name: str


def _read_csv(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    """Rows of the CSV file ``path`` as dicts of stripped strings.

    In: the file and the columns it must have. Out: the rows.
    Raises :class:`ReferenceDataError` if the file is missing or lacks a column.
    """
    if not path.is_file():
        raise ReferenceDataError(f"找不到参考数据文件 / reference file not found: {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(required) - set(reader.fieldnames or [])
        if missing:
            raise ReferenceDataError(
                f"{path.name} 缺少列 / lacks columns: {', '.join(sorted(missing))}"
            )
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def read_divisions(data_dir: Path | None = None) -> tuple[list[DivisionNode], int]:
    """Build the jurisdiction tree from ``admin_divisions/`` without touching the database.

    In: the data directory (default: the shipped ``greenmfg/data``).
    Out: the nodes in level order (national, provinces, cities, districts) and the
    number of area rows skipped because they repeat their city's code.
    """
    folder = (data_dir or DATA_DIR) / "admin_divisions"
    provinces = _read_csv(folder / "provinces.csv", ("code", "name"))
    cities = _read_csv(folder / "cities.csv", ("code", "name", "provinceCode"))
    areas = _read_csv(folder / "areas.csv", ("code", "name", "cityCode", "provinceCode"))

    root_path = f"/{NATIONAL_CODE}/"
    nodes: list[DivisionNode] = [
        DivisionNode(
            code=NATIONAL_CODE,
            name=NATIONAL_NAME,
            full_name=NATIONAL_NAME,
            level=JurisdictionLevel.NATIONAL,
            parent_code="",
            path=root_path,
            slug=SLUGS.get(NATIONAL_CODE),
            is_statistical_zone=False,
            authority_name=NATIONAL_AUTHORITY,
        )
    ]
    by_code: dict[str, DivisionNode] = {}
    province_of: dict[str, DivisionNode] = {}

    for row in provinces:
        code = row["code"].ljust(6, "0")
        node = DivisionNode(
            code=code,
            name=row["name"],
            full_name=row["name"],
            level=JurisdictionLevel.PROVINCE,
            parent_code=NATIONAL_CODE,
            path=f"{root_path}{code}/",
            slug=SLUGS.get(code),
            is_statistical_zone=False,
            authority_name=f"{row['name']}工业和信息化厅",
        )
        by_code[code] = node
        province_of[row["code"]] = node
        nodes.append(node)

    city_of: dict[str, DivisionNode] = {}
    for row in cities:
        province = province_of.get(row["provinceCode"])
        if province is None:
            raise ReferenceDataError(
                f"cities.csv: {row['code']} 的省份 {row['provinceCode']} 不存在 / unknown province"
            )
        code = row["code"].ljust(6, "0")
        placeholder = row["name"] in MUNICIPAL_PLACEHOLDERS
        node = DivisionNode(
            code=code,
            name=row["name"],
            full_name=province.name + row["name"],
            level=JurisdictionLevel.CITY,
            parent_code=province.code,
            path=f"{province.path}{code}/",
            slug=SLUGS.get(code),
            is_statistical_zone=False,
            authority_name=f"{province.name if placeholder else row['name']}工业和信息化局",
        )
        by_code[code] = node
        city_of[row["code"]] = node
        nodes.append(node)

    skipped = 0
    for row in areas:
        city = city_of.get(row["cityCode"])
        if city is None:
            raise ReferenceDataError(
                f"areas.csv: {row['code']} 的城市 {row['cityCode']} 不存在 / unknown city"
            )
        code = row["code"]
        if code in by_code:  # 东莞市, 中山市, 儋州市: the area repeats its city's code
            skipped += 1
            continue
        prefix = (
            province_of[row["provinceCode"]].name
            if city.name in MUNICIPAL_PLACEHOLDERS
            else city.full_name
        )
        node = DivisionNode(
            code=code,
            name=row["name"],
            full_name=prefix + row["name"],
            level=JurisdictionLevel.DISTRICT,
            parent_code=city.code,
            path=f"{city.path}{code}/",
            slug=SLUGS.get(code),
            is_statistical_zone=code[4] == "7",
            authority_name=f"{row['name']}工业和信息化局",
        )
        by_code[code] = node
        nodes.append(node)
    return nodes, skipped


def read_industry_codes(data_dir: Path | None = None) -> list[IndustryCode]:
    """Unsaved :class:`IndustryCode` objects from ``gbt4754_2017/gbt4754_2017_flat.csv``.

    In: the data directory (default: the shipped ``greenmfg/data``).
    Out: one object per row (level as int 1–4).
    """
    path = (data_dir or DATA_DIR) / "gbt4754_2017" / "gbt4754_2017_flat.csv"
    rows = _read_csv(path, ("code", "name", "level", "parent_code", "section"))
    return [
        IndustryCode(
            code=r["code"],
            name=r["name"],
            level=int(r["level"]),
            parent_code=r["parent_code"],
            section=r["section"],
        )
        for r in rows
    ]


def _upsert_jurisdictions(nodes: list[DivisionNode]) -> dict[str, int]:
    """Insert or update ``nodes`` level by level; return {code: id} of all of them.

    A node's slug is written only when it has one, so a slug an administrator gave
    another jurisdiction is not erased.
    """
    ids: dict[str, int] = {}
    common = ["name", "full_name", "level", "parent", "path", "is_statistical_zone"]
    for level in LEVEL_ORDER:
        level_nodes = [n for n in nodes if n.level == level]
        objs = [
            Jurisdiction(
                code=n.code,
                name=n.name,
                full_name=n.full_name,
                level=n.level,
                parent_id=ids[n.parent_code] if n.parent_code else None,
                path=n.path,
                slug=n.slug,
                is_statistical_zone=n.is_statistical_zone,
            )
            for n in level_nodes
        ]
        with_slug = [o for o in objs if o.slug]
        without_slug = [o for o in objs if not o.slug]
        for batch, fields in ((with_slug, [*common, "slug"]), (without_slug, common)):
            if batch:
                Jurisdiction.objects.bulk_create(
                    batch,
                    batch_size=500,
                    update_conflicts=True,
                    unique_fields=["code"],
                    update_fields=fields,
                )
        ids.update(Jurisdiction.objects.filter(level=level).values_list("code", "id"))
    return ids


def load_reference(data_dir: Path | None = None, stdout: IO[str] | None = None) -> dict[str, int]:
    """Load (or refresh) jurisdictions, authorities and industry codes.

    In: ``data_dir`` — a folder laid out like ``greenmfg/data`` (default: the shipped
    copy); ``stdout`` — where to write a one-line summary (optional).
    Out: counts — ``jurisdictions``, ``authorities`` and ``industry_codes`` (rows in
    the files, i.e. ensured in the database), ``created`` (rows that did not exist
    before, all three tables together) and ``skipped_areas``.

    Runs in one transaction and is idempotent: a second run creates nothing and
    leaves every row as it was.
    """
    nodes, skipped = read_divisions(data_dir)
    industry = read_industry_codes(data_dir)

    with transaction.atomic():
        before = (
            Jurisdiction.objects.count() + Authority.objects.count() + IndustryCode.objects.count()
        )
        ids = _upsert_jurisdictions(nodes)
        Authority.objects.bulk_create(
            [Authority(jurisdiction_id=ids[n.code], name=n.authority_name) for n in nodes],
            batch_size=500,
            ignore_conflicts=True,
        )
        IndustryCode.objects.bulk_create(
            industry,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent_code", "section"],
        )
        after = (
            Jurisdiction.objects.count() + Authority.objects.count() + IndustryCode.objects.count()
        )

    counts = {
        "jurisdictions": len(nodes),
        "authorities": len(nodes),
        "industry_codes": len(industry),
        "created": after - before,
        "skipped_areas": skipped,
    }
    if stdout is not None:
        stdout.write(
            f"已载入辖区 {counts['jurisdictions']} 个、主管部门 {counts['authorities']} 个、"
            f"行业代码 {counts['industry_codes']} 个，新建 {counts['created']} 条；"
            f"跳过与所属城市同码的区县 {skipped} 个。\n"
            f"Loaded {counts['jurisdictions']} jurisdictions, {counts['authorities']} authorities, "
            f"{counts['industry_codes']} industry codes; {counts['created']} rows created; "
            f"{skipped} area rows skipped (same code as their city).\n"
        )
    return counts
