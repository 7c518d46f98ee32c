"""A provincial official imports a provincial list in the browser (issue 13 item 1), in
the Chinese UI: 名单导入 in the navigation, the upload form, the dry run's row report with
its progress bar, a conflict resolved by taking the row, then the real import. Jobs run
in-process (no broker), so each run has ended when its page loads; the bar then stands at
100 %. Screenshots: artifacts/screenshots/list-import-*.png."""

from __future__ import annotations

import pytest

from tests.browser_support import Walker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "序号,地市,企业名称,第三方评价机构"


@pytest.fixture
def guangdong(browser_reference, settings):
    from tests.cast import official_of

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the jobs in-process, as without a broker
    return official_of("province", "440000")


def _upload(page, w, path, year="2025"):
    w.go("/register/imports/")
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("select[name=list_type]").select_option("factory")
    page.locator("input[name=year]").fill(year)
    page.get_by_test_id("import-upload").click(timeout=120_000)
    page.wait_for_load_state()


def test_a_provincial_official_imports_a_list_and_resolves_a_conflict(
    live_server, browser_page, guangdong, tmp_path
):
    from greenmfg.register.models import Listing

    page = browser_page
    w = Walker(page, live_server.url, prefix="list-import")
    w.login(guangdong.username)
    page.get_by_test_id("nav-list-imports").click()
    page.wait_for_load_state()
    assert "名单导入" in page.locator("h1").inner_text()

    first = tmp_path / "gd.csv"
    first.write_text(
        "\n".join(
            [
                "2025年广东省绿色工厂名单",
                HEADER,
                "一、广州市（2家）,,,",
                "1,广州市,广州甲制造有限公司,评价院",
                "2,天河区,广州乙电子有限公司,评价院",
            ]
        ),
        encoding="utf-8",
    )
    _upload(page, w, first)
    assert page.get_by_test_id("import-state").inner_text() == "已预览（未写入）"
    assert page.locator("#import-progress progress").get_attribute("value") == "100"
    report = page.get_by_test_id("row-report").inner_text()
    assert "分类标题行" in report and "表头之上的标题行" in report
    w.shot("preview")
    # the real run also renders the list's PDF and XLSX in-process: slow on a busy machine
    page.get_by_test_id("import-run").click(timeout=180_000)
    page.wait_for_load_state()
    from greenmfg.register.models import ListImport

    last = ListImport.objects.order_by("-id").first()
    assert page.get_by_test_id("import-state").inner_text() == "已导入", last.error
    assert page.get_by_test_id("count-created").inner_text() == "2"
    w.shot("imported")

    renamed = tmp_path / "renamed.csv"
    renamed.write_text("\n".join([HEADER, "1,广州市,广州甲智造有限公司,评价院"]), "utf-8")
    _upload(page, w, renamed)
    assert page.get_by_test_id("count-conflicts").inner_text() == "1"
    page.get_by_test_id("resolve-2").select_option("take")
    w.shot("conflict")
    # the real run also renders the list's PDF and XLSX in-process: slow on a busy machine
    page.get_by_test_id("import-run").click(timeout=180_000)
    page.wait_for_load_state()
    assert page.get_by_test_id("count-updated").inner_text() == "1"
    assert Listing.objects.filter(unit_name="广州甲智造有限公司").count() == 1
    w.shot("resolved")
