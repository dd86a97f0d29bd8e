"""Indicators bound to the platform's figures fill themselves with their definition; manual ones are entered;
the yearly assessment scores units by weights with its calculation shown, and exports to Excel."""
import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest

from tests.catalog.helpers import make_item
from tests.factories import HallFactory, WindowFactory, staff
from yiwang.api.errors import Conflict, DomainError
from yiwang.org.models import Role, Window
from yiwang.reform import excel, queries, services
from yiwang.reform import services_reports as rs
from yiwang.reform.domain import assessment as core
from yiwang.reform.models import IndicatorValue, TaskStatus, TypicalCase


@pytest.fixture
def published(reform_org, plan_text):
    o = reform_org
    p = services.create_plan(actor=o.officer, filename="方案.txt", content=plan_text.encode())
    services.resolve_unit(actor=o.officer, name="区税务局", department=o.swj)
    services.resolve_unit(actor=o.officer, name="区经委", external=True)
    return services.publish_plan(actor=o.officer, plan=p, expected_version=p.version, today=date(2025, 2, 20))


def test_bound_indicators_fill_themselves_from_the_platform(reform_org, published):
    o = reform_org
    hall = HallFactory(region=o.zwb.region)
    for kind in ["comprehensive"] * 4 + ["dedicated", "delivery"]:
        WindowFactory(hall=hall, kind=kind)
    cat = SimpleNamespace(market=o.scj, catalog_admin=staff("catalog", Role.CATALOG_ADMIN, o.scj))
    make_item(cat, 1, fully_online=True, max_visits=0)
    make_item(cat, 2, online_url="https://zwfw.example.gov.cn/apply/2")
    make_item(cat, 3)
    windows = rs.add_indicator(actor=o.officer, task=published.tasks.get(path="一.(一).2"), name="",
                               target="80", source="comprehensive_window_share")
    online = rs.add_indicator(actor=o.officer, task=published.tasks.get(path="二.(一).1"), name="可网办比例",
                              target="95", source="online_items_share")
    manual = rs.add_indicator(actor=o.officer, task=published.tasks.get(path="一.(一).3"), name="差评回访率",
                              target="100", source="manual")
    assert windows.name == "综合窗口比例" and windows.unit == "%"
    assert rs.measure_indicators(today=date(2025, 6, 1)) == {"measured": 2}
    w = IndicatorValue.objects.get(indicator=windows)
    assert (w.value, w.measured, w.detail) == (Decimal("80.00"), True, {"windows": 5, "comprehensive": 4})
    assert "综合窗口所占比例" in w.definition and windows.attained(w.value)
    v = IndicatorValue.objects.get(indicator=online)
    assert v.value == Decimal("66.67") and "牵头部门" in v.definition and not online.attained(v.value)
    with pytest.raises(Conflict, match="自动计算"):
        rs.enter_indicator_value(actor=o.officer, indicator=windows, value="90")
    with pytest.raises(DomainError, match="请填写数字"):
        rs.enter_indicator_value(actor=o.officer, indicator=manual, value="很好")
    rs.enter_indicator_value(actor=o.zwb_liaison, indicator=manual, value="100", on=date(2025, 6, 1))
    assert manual.values.get().value == Decimal("100")


def test_the_score_shows_its_calculation_and_rescales_missing_parts():
    f = core.UnitFacts(name="区市场监管局", reports_due=4, reports_on_time=3, tasks=2, tasks_done=1, cases=2,
                       cases_state=1, evaluations=[90.0])
    row = core.score(f)
    steps = {s["key"]: s for s in row["steps"]}
    assert steps["on_time"]["value"] == 75.0 and steps["completed"]["value"] == 50.0
    assert steps["indicators"]["value"] is None and steps["indicators"]["points"] == 0  # none set: not counted
    assert steps["cases"]["value"] == 9.0  # 2×2 + state 5
    # weights 30/30/10/10 of 80 → 0.375, 0.375, 0.125, 0.125
    assert row["score"] == round(75 * .375 + 50 * .375 + 9 * .125 + 90 * .125, 2)


def test_yearly_assessment_from_reports_cases_and_evaluations(reform_org, published):
    o = reform_org
    for t in published.tasks.filter(lead=o.scj):
        rs.submit_report(actor=o.scj_liaison, task=t, year=2025, quarter=1, progress="推进中", today=date(2025, 3, 10))
    t = published.tasks.get(path="二.(一).1")
    services.update_task(actor=o.scj_liaison, task=t, expected_version=type(t).objects.get(pk=t.pk).version,
                         status=TaskStatus.DONE)
    r = rs.submit_report(actor=o.zwb_liaison, task=published.tasks.get(path="一.(一).1"), year=2025, quarter=1,
                         progress="推进", cases=[("一网通办", "案例")], today=date(2025, 3, 20))
    rs.mark_adoption(actor=o.officer, case=TypicalCase.objects.get(), adoption="city")
    with pytest.raises(Exception):
        rs.evaluate(actor=o.officer, plan=published, department=o.scj, score=80, comments="x")
    with pytest.raises(DomainError, match="0至100"):
        rs.evaluate(actor=o.evaluator, plan=published, department=o.scj, score=120, comments="x")
    rs.evaluate(actor=o.evaluator, plan=published, department=o.scj, score="88", comments="推进有力")
    rows = queries.assessment(published, date(2025, 4, 1))
    by = {r["unit"]: r for r in rows}
    scj = {s["key"]: s for s in by["明湖区市场监督管理局"]["steps"]}
    assert scj["on_time"]["basis"] == "2/2" and scj["completed"]["basis"] == "1/2"
    assert scj["evaluation"]["value"] == 88.0
    zwb = {s["key"]: s for s in by["明湖区政务服务办公室"]["steps"]}
    assert zwb["on_time"]["basis"] == "0/3"  # one late, two missing
    assert zwb["cases"]["value"] == 5.0  # 2 + city 3
    assert rows[0]["unit"] == "明湖区市场监督管理局" and rows[0]["rank"] == 1
    # weights configurable
    services_p = rs.set_weights(actor=o.officer, plan=published, weights={"evaluation": "0", "cases": "0"})
    rows2 = queries.assessment(services_p, date(2025, 4, 1))
    assert {s["key"]: s for s in rows2[0]["steps"]}["evaluation"]["effective_weight"] == 0
    wb = openpyxl.load_workbook(io.BytesIO(excel.assessment_xlsx(published, rows)))
    assert wb.sheetnames == ["年度考核", "计算过程"]
    assert wb["年度考核"]["B2"].value == "明湖区市场监督管理局"
    assert any(row[1] == "按时报送率" and row[2] == "2/2" for row in wb["计算过程"].iter_rows(values_only=True))
    div = openpyxl.load_workbook(io.BytesIO(excel.division_xlsx(published)))["任务分工表"]
    assert [c.value for c in div[1]][:5] == ["编号", "章", "节", "任务内容", "牵头单位"]
    assert any(r[0] == "二.(一).1" and r[7] == "已完成" for r in div.iter_rows(values_only=True))
