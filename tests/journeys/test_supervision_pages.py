"""Browser journeys: the supervision board (a live warning, an order issued and answered) and the dashboard."""
from datetime import date

import pytest

from tests.cases.factories import accepted, build_items
from yiwang.supervision import figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue_case(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    items = build_items(org)
    return accepted(org, items.two, today=date(2025, 11, 3))


def test_board_order_round_trip(page, login_as, org, overdue_case):
    login_as("supervisor")
    page.goto(page.base_url + "/supervision/")
    row = page.locator("#warnings tr[data-kind=case_limit]", has_text=overdue_case.number)
    assert "红色预警" in row.inner_text()
    row.locator("input[name=instruction]").fill("请说明超期原因并限期办结")
    row.locator("button", has_text="督办").click()
    page.wait_for_load_state()
    assert "待答复" in page.inner_text("#order-status")
    order_url = page.url
    login_as("section_head")
    page.goto(order_url)
    page.fill("textarea[name=reply]", "已督促承办人办结")
    page.click("button:has-text('提交答复')")
    page.wait_for_load_state()
    assert "已答复" in page.inner_text("#order-status")
    assert "已督促承办人办结" in page.inner_text("#order-reply")


def test_dashboard_chart_and_numbers(page, login_as, org, overdue_case):
    figures.refresh_rollups(date(2025, 11, 1), date(2025, 11, 30))
    login_as("supervisor")
    page.goto(page.base_url + "/supervision/dashboard/?start=2025-11-01&end=2025-11-30")
    page.wait_for_selector("#chart[data-ready='1']")
    assert page.locator("#chart canvas").count() >= 1
    assert "区市场监督管理局" in page.inner_text("#figures")
    assert "按时办结率" in page.inner_text("#definitions")
    login_as("clerk")
    resp = page.goto(page.base_url + "/supervision/dashboard/")
    assert resp.status == 403
