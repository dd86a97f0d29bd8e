"""Browser journey: the reform office uploads seed 004 as issued, reviews the reading beside the document, resolves
the one unit left unmatched, publishes; then a co-unit gives its part and the lead unit reports a quarter."""
import pytest

from tests.factories import DepartmentFactory, RegionFactory, staff
from tests.reform.test_reader import PLAN
from yiwang.org.models import Region, Role
from yiwang.reform import services
from yiwang.reform.models import Plan, UnitAlias

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def district(db):
    region = RegionFactory(code="310114000000", name="嘉定区", level=Region.Level.DISTRICT)
    zx = DepartmentFactory(code="ZX", name="上海市嘉定区行政服务中心", short_name="区行政服务中心", region=region)
    scj = DepartmentFactory(code="SCJ", name="上海市嘉定区市场监督管理局", short_name="区市场监管局", region=region)
    sw = DepartmentFactory(code="SW", name="国家税务总局上海市嘉定区税务局", short_name="嘉定区税务局", region=region)
    officer = staff("reform", Role.REFORM_OFFICER, zx)
    staff("scj_liaison", Role.REFORM_LIAISON, scj)
    staff("sw_liaison", Role.REFORM_LIAISON, sw)
    # every unit of the plan already known but one (区税务局), as after earlier plans
    reading = services.read(PLAN.name, PLAN.read_bytes())
    names = {u["name"] for m in reading.as_dict()["measures"] for k in ("leads", "co") for u in m["units"][k]
             if not u.get("catch_all")}
    for n in sorted(names - {"区行政服务中心", "区市场监管局", "区税务局"}):
        UnitAlias.objects.create(alias=n, external=True, resolved_by=officer)
    return {"scj": scj, "sw": sw}


def test_upload_review_resolve_publish_then_report(page, login_as, district):
    login_as("reform")
    page.goto(page.base_url + "/reform/")
    page.set_input_files("#upload input[name=file]", str(PLAN))
    page.click("#upload button[type=submit]")
    page.wait_for_load_state()
    assert "已识别172项任务" in page.inner_text(".messages")
    assert page.locator("#tasks tbody tr").count() == 172
    assert "嘉府发〔2021〕7号" in page.inner_text("main")
    assert page.locator("#original li").count() > 150  # the document beside the reading
    row = page.locator("#tasks tr[data-path='二.(一).4']")
    assert "区市场监管局" in row.inner_text() and "区税务局" in row.inner_text()
    page.click("#publish")
    page.wait_for_load_state()
    assert "以下单位尚未确认对应部门，不能发布：区税务局" in page.inner_text(".messages")
    pending = page.locator("#pending tr[data-unit='区税务局']")
    assert "国家税务总局上海市嘉定区税务局" in pending.inner_text()  # the fuzzy candidate shown
    pending.locator("select").select_option(str(district["sw"].pk))
    pending.locator("button").click()
    page.wait_for_load_state()
    assert "已确认“区税务局”" in page.inner_text(".messages")
    page.click("#publish")
    page.wait_for_load_state()
    assert page.inner_text("#plan-status") == "已发布"
    plan = Plan.objects.get()
    task = plan.tasks.get(path="二.(一).5")  # 区市场监管局 leads, 区税务局 co-operates

    login_as("sw_liaison")
    page.goto(page.base_url + f"/reform/tasks/{task.pk}/")
    page.fill("#contribute-form textarea[name=text]", "清税证明实时传送功能已上线")
    page.click("#contribute-form button[type=submit]")
    page.wait_for_load_state()
    assert "清税证明实时传送功能已上线" in page.inner_text("#contributions")

    login_as("scj_liaison")
    page.goto(page.base_url + f"/reform/tasks/{task.pk}/")
    assert "清税证明实时传送功能已上线" in page.inner_text("#contributions")
    page.fill("#report-form textarea[name=progress]", "企业注销一窗通平台跨部门预检已上线")
    page.select_option("#report-form select[name=status]", "in_progress")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    assert "企业注销一窗通平台跨部门预检已上线" in page.inner_text("#reports")
    assert "推进中" in page.inner_text("#task-status")
