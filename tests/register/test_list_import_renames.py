"""Re-importing a national list never undoes a rename from an MIIT adjustment notice
(issue 13; 000 第二十三条, 004 第十五条: the list carries the unit's new name, the
former one stays searchable as 曾用名)."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.jurisdictions.models import NATIONAL_CODE, Jurisdiction
from greenmfg.jurisdictions.reference import load_reference
from greenmfg.register.adjustments import import_adjustments
from greenmfg.register.imports.national import import_national_lists
from greenmfg.register.models import Listing, ListingName
from greenmfg.register.selectors import search_listings

D = dt.date
OLD, NEW = "甲河钢铁有限公司", "甲河绿色钢铁有限公司"
OTHER_FILES = {
    "绿色工业园区名单.csv": "序号,地区,园区,第三方评价机构,批次\n",
    "绿色供应链管理示范企业名单.csv": "序号,地区,企业名称,第三方评价机构,批次\n",
    "绿色设计产品名单.csv": "序号,企业名称,产品名称,产品型号,推荐单位,地区,批次,种类,"
    "绿色设计亮点,适用评价标准\n",
}


@pytest.fixture
def lists_dir(db, tmp_path):
    """A national batch (2022 = 第七批) of two factories, the other files empty."""
    if not Jurisdiction.objects.filter(code=NATIONAL_CODE).exists():
        load_reference()
    (tmp_path / "绿色工厂名单.csv").write_text(
        "序号,地区,工厂名称,行业,第三方评价机构,批次\n"
        f"1,广东,{OLD},钢铁,乙评价机构,2022\n"
        "2,福建,丙水电器股份有限公司,家电,乙评价机构,2022\n",
        encoding="utf-8",
    )
    for name, text in OTHER_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _rename_notice(notice_no="工信厅节函〔2023〕88号"):
    content = f"原企业名称,变更后名称\n{OLD},{NEW}\n".encode()
    return import_adjustments(
        actor=None,
        content=content,
        filename="更名.csv",
        kind="rename",
        notice_no=notice_no,
        notice_date=D(2023, 9, 1),
        jurisdiction=Jurisdiction.objects.get(code=NATIONAL_CODE),
    )


def test_reimport_keeps_the_name_a_rename_notice_gave_000_23(lists_dir):
    import_national_lists(lists_dir)
    assert _rename_notice().applied
    listing = Listing.objects.get(unit_name=NEW)
    version = listing.version

    again = import_national_lists(lists_dir)

    assert (again.created, again.updated, again.conflicts, again.unchanged) == (0, 0, 0, 2)
    [row] = [r for r in again.rows if r.get("code") == "renamed"]
    assert row["outcome"] == "unchanged" and row["row"] == 2
    assert "工信厅节函〔2023〕88号" in row["reason"] and NEW in row["reason"]
    listing.refresh_from_db()
    assert listing.unit_name == NEW
    assert listing.details["former_names"] == [OLD]
    assert listing.version == version
    history = ListingName.objects.filter(listing=listing).order_by("id")
    assert [(h.name, h.valid_until) for h in history] == [(OLD, D(2023, 9, 1)), (NEW, None)]


def test_the_old_name_stays_searchable_as_former_name_after_reimport_000_23(lists_dir):
    import_national_lists(lists_dir)
    _rename_notice()
    import_national_lists(lists_dir)
    found = list(search_listings(q=OLD))
    assert [li.unit_name for li in found] == [NEW]


def test_reimport_with_a_changed_field_updates_it_but_keeps_the_new_name(lists_dir):
    """The row's other fields still come from the file; only the name and the former
    names are the platform's."""
    import_national_lists(lists_dir)
    _rename_notice()
    path = lists_dir / "绿色工厂名单.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("乙评价机构,2022\n", "丁评价机构,2022\n", 1),
        encoding="utf-8",
    )

    again = import_national_lists(lists_dir)

    [row] = [r for r in again.rows if r.get("code") == "renamed"]
    assert row["outcome"] == "updated" and row["fields"] == ["agency_name"]
    listing = Listing.objects.get(source_key=Listing.objects.get(unit_name=NEW).source_key)
    assert (listing.unit_name, listing.agency_name) == (NEW, "丁评价机构")
    assert listing.details["former_names"] == [OLD]
    assert [li.unit_name for li in search_listings(q=OLD)] == [NEW]


def test_a_name_that_was_never_the_listings_is_still_a_conflict(lists_dir):
    """Only a former name is taken for the renamed unit; any other name is another unit."""
    import_national_lists(lists_dir)
    _rename_notice()
    path = lists_dir / "绿色工厂名单.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(OLD, "戊山钢铁有限公司"), encoding="utf-8"
    )
    again = import_national_lists(lists_dir)
    assert again.conflicts == 1
    assert Listing.objects.filter(unit_name=NEW).exists()


def test_import_list_of_a_provincial_list_keeps_a_platform_rename_004_15(db, tmp_path):
    """The same through ``import-list`` (a province's list), for a 名称变更 accepted on the
    platform (no notice): the reason names the new name, the name is kept."""
    from greenmfg.register.imports.runs import ImportSpec, import_list
    from greenmfg.register.services import listing_rename

    path = tmp_path / "gd.csv"
    path.write_text(
        "序号,地市,企业名称,统一社会信用代码,第三方评价机构,备注\n"
        "1,广州市,广州甲制造有限公司,,广州评价院,\n",
        encoding="utf-8-sig",
    )
    spec = ImportSpec(
        level="provincial",
        jurisdiction=Jurisdiction.objects.get(code="440000"),
        list_type="factory",
        year=2025,
    )
    assert import_list(path, spec).report["created"] == 1
    listing = Listing.objects.get()
    listing_rename(actor=None, listing=listing, name="广州甲智造有限公司", on=D(2026, 3, 1))

    again = import_list(path, spec)

    [row] = again.report["rows"]
    assert (row["outcome"], row["code"]) == ("unchanged", "renamed")
    assert "广州甲智造有限公司" in row["reason"]
    listing.refresh_from_db()
    assert listing.unit_name == "广州甲智造有限公司"
    assert listing.details["former_names"] == ["广州甲制造有限公司"]
