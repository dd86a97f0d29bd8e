"""A district administrator loads the published catalogue through the import page: dry run, confirm, progress,
report — and sees a second upload told to wait. Then the departments page shows the codes."""
import pytest
from huey.contrib.djhuey import HUEY

from yiwang.catalog.importing import synth
from yiwang.catalog.models import ImportJob, ServiceItem
from yiwang.org.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def immediate_huey():
    was = HUEY.immediate
    HUEY.immediate = True  # the consumer's work, done in the server thread
    yield
    HUEY.immediate = was


def test_import_page_dry_run_confirm_and_report(page, login_as, org, tmp_path, immediate_huey):
    Region.objects.create(code=synth.AREA, name="广安区", level=Region.Level.DISTRICT)
    items, _ = synth.rows(shapes=[("standard", 20), ("short_basic", 6), ("body17", 3), ("service8", 1)])
    src = tmp_path / "广安区事项目录.xlsx"
    src.write_bytes(synth.workbook(items))
    login_as("sysadmin")
    page.goto(page.base_url + "/catalog/manage/import/")
    assert "事项编码" in page.inner_text("main") and "下载导入模板" in page.inner_text("main")
    with page.expect_download() as dl:
        page.click("text=下载导入模板")
    assert dl.value.suggested_filename.endswith(".xlsx")
    page.set_input_files("#f-file", str(src))
    page.check("#f-create")
    page.click("text=上传并检查")
    page.wait_for_selector("#confirm")
    assert page.inner_text("#count-create") == "30" and ServiceItem.objects.count() == 0
    assert "将创建的部门" in page.inner_text("main") and "实施主体编码" in page.inner_text("#problems")
    page.click("#confirm")
    page.wait_for_selector("text=已导入：新增30项")
    assert ServiceItem.objects.filter(status="active").count() == 30
    with page.expect_download() as dl:
        page.click("text=下载报告（Excel）")
    assert dl.value.suggested_filename.startswith("import-report-")

    ImportJob.objects.update(running=None)
    running = ImportJob.objects.create(filename="另一个.xlsx", content=b"x", effective_date="2026-01-01",
                                       state="importing", running=True, created_by=None)
    page.goto(page.base_url + "/catalog/manage/import/")
    page.set_input_files("#f-file", str(src))
    page.click("text=上传并检查")
    assert "已有一个导入正在进行" in page.inner_text(".messages")
    running.delete()

    page.goto(page.base_url + "/org/departments/")
    assert "广安区人力资源和社会保障局" in page.inner_text("main")
