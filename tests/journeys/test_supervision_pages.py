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


def test_board_cards_count_what_the_tables_list_and_the_warnings_table_pins_its_case_column(page, login_as, org,
                                                                                          overdue_case):
    from tests.cases.factories import accepted as accept_case

    accept_case(org, build_items(org).two, today=date(2025, 10, 20))  # a second overdue case: more red rows
    login_as("supervisor")
    page.goto(page.base_url + "/supervision/")
    cards = page.locator("#board-summary .kpi")
    assert cards.count() == 4
    red = page.locator("#warnings tbody tr.level-red").count()
    yellow = page.locator("#warnings tbody tr.level-yellow").count()
    assert red >= 2
    assert page.inner_text("#count-red") == str(red)
    assert page.inner_text("#count-yellow") == str(yellow)
    assert page.inner_text("#count-anomalies") == str(page.locator("#anomalies tbody tr[data-kind]").count())
    assert page.inner_text("#count-orders") == str(page.locator("#orders tbody tr", has_text="待答复").count())
    page.wait_for_selector("#warning-chart[data-ready='1'] canvas")

    # the red card opens the red rows; its count still equals the table's
    page.locator("#board-summary .kpi-red a").first.click()
    page.wait_for_url("**level=red**")
    assert page.locator("#warnings tbody tr.level-red").count() == red == int(page.inner_text("#count-red"))

    # on a phone the warnings table scrolls inside its box with the case number pinned at the left
    page.set_viewport_size({"width": 390, "height": 844})
    box = page.locator("#warnings").locator("xpath=..")
    assert "table-scroll" in box.get_attribute("class")
    # the chart redraws itself at the new width on the window's resize event: wait for it, then the page fits
    page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=10000)
    first = page.locator("#warnings tbody tr").first.locator("td").first
    assert overdue_case.number[:10] in page.inner_text("#warnings tbody") and first.locator("a").count() == 1
    third = page.locator("#warnings tbody tr").first.locator("td").nth(2)
    x, x3 = first.bounding_box()["x"], third.bounding_box()["x"]
    box.evaluate("b => { b.scrollLeft = 300; }")
    assert third.bounding_box()["x"] < x3 - 200  # the rest of the row scrolled…
    assert abs(first.bounding_box()["x"] - x) < 4  # …while the case column stayed pinned
    assert page.evaluate("getComputedStyle(document.querySelector('#warnings tbody td')).position") == "sticky"


def test_board_and_dashboard_charts_say_no_data_when_there_is_nothing_to_draw(page, login_as, org):
    login_as("supervisor")
    page.goto(page.base_url + "/supervision/")
    empty = page.locator("#warning-chart")
    assert empty.inner_text().strip() == "暂无数据" and "chart-empty" in empty.get_attribute("class")
    assert page.inner_text("#count-red") == "0"

    page.goto(page.base_url + "/supervision/dashboard/?start=2025-11-01&end=2025-11-30")  # no case in the period
    chart = page.locator("#chart")
    assert chart.inner_text().strip() == "暂无数据" and chart.get_attribute("data-empty") == "1"
    assert page.locator("#chart canvas").count() == 0
    assert chart.bounding_box()["height"] > 100  # a visible box with its message, not a collapsed or blank one
