"""Browser journeys of reform tracking: a quarterly report not filed by its deadline raises a warning — a red row
on the supervision board and a message to the lead unit — which a late report clears; and the yearly assessment,
computed on its page, exported to Excel with the same scores."""
import io
from datetime import date

import openpyxl
import pytest

from tests.reform.conftest import PLAN_TEXT, reform_org  # noqa: F401 (fixture)
from yiwang.notify import sending
from yiwang.reform import services
from yiwang.reform import services_reports as rs
from yiwang.reform.models import TaskStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = date.today().year - 1  # last year's plan: its last quarter's report (before 15 December) is past due


@pytest.fixture
def last_year(reform_org):  # noqa: F811
    o = reform_org
    text = PLAN_TEXT.replace("2025", str(YEAR))
    p = services.create_plan(actor=o.officer, filename="方案.txt", content=text.encode(), year=YEAR)
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    return services.publish_plan(actor=o.officer, plan=p, expected_version=p.version, today=date(YEAR, 2, 20))


def test_an_overdue_quarterly_report_raises_a_warning_cleared_by_the_late_report(page, login_as, reform_org,
                                                                                last_year):
    o = reform_org
    task = last_year.tasks.get(path="二.(一).1")  # 区市场监管局 leads
    for t in last_year.tasks.exclude(pk=task.pk):  # every other task reported its first quarter and is done
        rs.submit_report(actor=o.zwb_liaison if t.lead == o.zwb else o.scj_liaison, task=t, year=YEAR, quarter=1,
                         progress="按计划完成", status=TaskStatus.DONE, today=date(YEAR, 3, 1))
    rs.send_report_notices()  # the daily task
    sending.send_pending()  # the outbox, as the worker sends it

    login_as("supervisor")
    page.goto(page.base_url + "/supervision/")
    rows = page.locator("#other-warnings tr", has_text=f"{task.path} 第4季度报送")
    assert rows.count() == 1
    assert "红色预警" in rows.inner_text() and "逾期未报送" in rows.inner_text()
    assert "明湖区市场监督管理局" in rows.inner_text()
    assert page.locator("#other-warnings tr", has_text="一.(一).1").count() == 0  # reported and done

    login_as("scj_head")
    page.goto(page.base_url + "/messages/")
    assert f"【逾期未报送】明湖区市场监督管理局 {task.path} {YEAR}年第4季度" in page.inner_text("main")

    login_as("scj_liaison")
    page.goto(page.base_url + "/reform/")
    assert "逾期未报送" in page.inner_text("#due")
    page.goto(page.base_url + f"/reform/tasks/{task.pk}/")
    page.select_option("#report-form select[name=period]", f"{YEAR}-4")
    page.fill("#report-form textarea[name=progress]", "企业开办一窗通已上线，全程电子化率达到92%")
    page.select_option("#report-form select[name=status]", TaskStatus.DONE)
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()
    assert f"已报送{YEAR}年第4季度情况（逾期报送）" in page.inner_text(".messages")
    assert "逾期" in page.inner_text("#reports")

    login_as("supervisor")
    page.goto(page.base_url + "/supervision/")
    assert page.locator("#other-warnings tr", has_text=f"{task.path} 第4季度报送").count() == 0


def test_the_yearly_assessment_is_exported_to_excel_with_the_pages_scores(page, login_as, reform_org, last_year):
    o = reform_org
    for t in last_year.tasks.filter(lead=o.scj):  # the market bureau reports on time and completes its tasks
        rs.submit_report(actor=o.scj_liaison, task=t, year=YEAR, quarter=1, progress="按计划完成",
                         status=TaskStatus.DONE, today=date(YEAR, 3, 10))
    first = last_year.tasks.filter(lead=o.zwb).first()  # the services office reports one quarter late
    rs.submit_report(actor=o.zwb_liaison, task=first, year=YEAR, quarter=1, progress="推进中",
                     status=TaskStatus.IN_PROGRESS, today=date(YEAR, 3, 20))

    login_as("reform")
    page.goto(page.base_url + f"/reform/plans/{last_year.pk}/assessment/")
    rows = {r.locator("td").nth(1).inner_text(): r for r in page.locator("#assessment > tbody > tr").all()}
    market = rows["明湖区市场监督管理局"]
    shown = market.locator("td").nth(2).inner_text()
    assert market.locator("td").nth(0).inner_text() == "1"  # ranked first
    assert float(shown) > float(rows["明湖区政务服务办公室"].locator("td").nth(2).inner_text())
    with page.expect_download() as dl:
        page.click("#export")
    book = openpyxl.load_workbook(io.BytesIO(open(dl.value.path(), "rb").read()))
    sheet = book["年度考核"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["名次", "单位", "总分"]
    by_unit = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_unit["明湖区市场监督管理局"][0] == 1
    assert float(by_unit["明湖区市场监督管理局"][2]) == float(shown)
    steps = {(r[0], r[1]): r for r in book["计算过程"].iter_rows(min_row=2, values_only=True)}
    assert float(steps[("明湖区市场监督管理局", "按时报送率")][3]) == 100
    assert float(steps[("明湖区政务服务办公室", "按时报送率")][3]) < 100
