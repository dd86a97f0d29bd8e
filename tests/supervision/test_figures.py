"""Efficiency figures over the rollup equal hand counts on a small fixed data set."""
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.cases.factories import MON, accepted, file_all
from yiwang.cases import services as cs
from yiwang.supervision import excel, figures, services
from yiwang.supervision.domain.levels import level_for, ranking, step_limits
from yiwang.supervision.models import DailyRollup

pytestmark = pytest.mark.django_db
START, END = date(2026, 3, 1), date(2026, 4, 30)


@pytest.fixture
def data(org, items):
    """market: A approved on day 3 (2 used, limit 20: on time, early); B approved 2026-03-31, one day late (21 used);
    C received, supplement notice, withdrawn; health: D accepted and still open. One online item for all.
    4 received, 3 accepted, 3 concluded (A, B, C), 2 decided."""
    a = accepted(org, items.two)
    a = cs.forward(a, actor=org.reviewer, expected_version=a.version, today=date(2026, 3, 3))
    cs.approve(a, actor=org.section_head, expected_version=a.version, today=date(2026, 3, 4))
    b = accepted(org, items.two)
    b = cs.forward(b, actor=org.reviewer2, expected_version=b.version, today=date(2026, 3, 20))
    cs.approve(b, actor=org.section_head, expected_version=b.version, today=date(2026, 3, 31))
    c = file_all(org, items.two, skip={0})
    c = cs.notify_supplement(c, actor=org.clerk, expected_version=c.version, today=MON).case
    cs.withdraw(c, actor=org.person_user, expected_version=c.version, today=date(2026, 3, 5))
    accepted(org, items.health)
    figures.refresh_rollups(START, END)
    return org


def test_rollup_figures_equal_hand_counts(data):
    total = figures.rollup_groups(START, END, "total")[0]
    assert (total["received"], total["accepted"], total["concluded"], total["decided"]) == (4, 3, 3, 2)
    assert total["on_time_rate"] == 50.0 and total["early_rate"] == 50.0
    assert total["avg_days_used"] == 11.5  # (2 + 21) / 2
    assert total["avg_days_promised"] == 20 and total["avg_days_legal"] == 20
    assert total["supplement_rate"] == 25.0 and total["fully_online_share"] == 0.0
    assert total["one_visit_share"] == 100.0 and total["immediate_share"] == 0.0
    by_dept = {g["label"]: g for g in figures.rollup_groups(START, END, "department")}
    assert by_dept["区市场监督管理局"]["received"] == 3 and by_dept["区卫生健康委员会"]["accepted"] == 1
    by_channel = {g["key"]: g["received"] for g in figures.rollup_groups(START, END, "channel")}
    assert by_channel == {"online": 4}
    months = {g["label"]: g["concluded"] for g in figures.rollup_groups(START, END, "month")}
    assert months == {"2026年03月": 3}


def test_refresh_is_idempotent_and_scoped_to_departments(data):
    n = DailyRollup.objects.count()
    figures.refresh_rollups(START, END)
    assert DailyRollup.objects.count() == n
    only = figures.rollup_groups(START, END, "total", department_ids=[data.health.pk])[0]
    assert only["received"] == 1


def test_dashboard_counts_warnings_orders_and_ranks(data):
    services.sync_warnings(today=date(2026, 3, 31))
    d = figures.dashboard(START, END, "department")
    market = next(g for g in d["groups"] if g["key"] == data.market.pk)
    assert market["warnings_red"] >= 1
    assert [r["rank"] for r in d["ranking"]] == sorted(r["rank"] for r in d["ranking"])
    wb = load_workbook(BytesIO(excel.dashboard_xlsx(d)))
    assert wb.sheetnames == ["效能指标", "部门排名", "指标口径", "说明"]
    assert wb["效能指标"]["A1"].value == "部门" and wb["效能指标"].max_row == len(d["groups"]) + 2
    # filtered to one department, the total's warnings are that department's, not the district's
    health_only = figures.dashboard(START, END, "department", filters={"department_id": data.health.pk})
    health_warnings = sum(g.get("warnings_red", 0) + g.get("warnings_yellow", 0) for g in d["groups"]
                          if g["key"] == data.health.pk)
    assert health_only["total"]["warnings_red"] + health_only["total"]["warnings_yellow"] == health_warnings
    assert d["total"]["warnings_red"] >= 1 and health_warnings < d["total"]["warnings_red"] + d["total"]["warnings_yellow"]


def test_pure_cores():
    assert level_for(5, 20, warn_days=2, warn_share=0.2).value == "none"
    assert level_for(4, 20, warn_days=2, warn_share=0.2).value == "yellow"
    assert level_for(2, 5, warn_days=2, warn_share=0.2).value == "yellow"
    assert level_for(-1, 5, warn_days=2, warn_share=0.2).value == "red"
    assert level_for(None, 5, warn_days=2, warn_share=0.2).value == "none"
    assert step_limits(20, (0.2, 0.5, 0.3)) == [4, 10, 6] and sum(step_limits(7, (0.6, 0.4))) == 7
    r = ranking({"a": {"x": 1.0, "y": 0.0}, "b": {"x": 0.5, "y": None}, "c": {"x": 0.5, "y": 0.5}},
                {"x": 0.5, "y": 0.5})
    assert r == [("a", 50.0, 1), ("b", 50.0, 1), ("c", 50.0, 1)]
    r = ranking({"a": {"x": 0.9}, "b": {"x": 0.4}, "c": {"x": None}}, {"x": 1})
    assert r == [("a", 90.0, 1), ("b", 40.0, 2), ("c", None, 3)]
