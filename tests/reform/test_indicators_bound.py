"""Indicators bound to the figures of demands, projects and inspections fill themselves from the platform's data:
the demand closure and satisfaction rates of the lead department, the whole-chain working days of construction
projects and the share of joint inspections (district-wide), each with its definition."""
from datetime import date

from django.utils import timezone

from tests.demands.conftest import loop  # noqa: F401 (fixture)
from tests.demands.test_loop import _raise, _to_answered
from tests.factories import staff
from tests.projects.conftest import MON, chain, decide, project  # noqa: F401 (fixture)
from tests.projects.test_stages import file, names
from yiwang.demands import services as demands
from yiwang.inspections import services as inspections
from yiwang.inspections.models import Plan as InspectionPlan
from yiwang.org.models import Role
from yiwang.projects.domain.classes import Kind
from yiwang.reform import services
from yiwang.reform import services_reports as rs
from yiwang.reform.models import IndicatorValue


def _plan(org, lead: str, year: int):
    """A one-measure plan whose lead is named as the platform names the department (resolved on upload)."""
    text = (f"明湖区{year}年优化营商环境工作方案\n一、提升服务效能\n（一）重点指标。具体措施：\n"
            f"1.相关指标达到年度目标。（责任单位：{lead}）\n")
    officer = staff("reform_office", Role.REFORM_OFFICER, department=org.market)
    p = services.create_plan(actor=officer, filename="方案.txt", content=text.encode(), year=year)
    p = services.publish_plan(actor=officer, plan=p, expected_version=p.version, today=date(year, 1, 5))
    return officer, p.tasks.get()


def _measured(officer, task, source, today):
    i = rs.add_indicator(actor=officer, task=task, name="", target="90", source=source)
    rs.measure_indicators(today=today)
    return IndicatorValue.objects.get(indicator=i, on=today)


def test_demand_closure_and_satisfaction_of_the_lead_department(org, loop):  # noqa: F811
    today = timezone.localdate()
    closed = _to_answered(org, _raise(org))
    demands.evaluate(closed, actor=org.agent, evaluation="satisfied", comment="增容已完成，很及时")
    still_open = demands.submit(actor=org.centre, channel="hotline", category="policy", enterprise=org.enterprise,
                                title="首台套政策咨询", description="咨询首台套装备认定的申报条件和时间。")
    demands.accept(still_open, actor=org.centre)
    demands.dispatch(still_open, actor=org.centre, lead=org.market, lead_task="答复申报条件")
    elsewhere = demands.submit(actor=org.centre, channel="hotline", category="policy", enterprise=org.enterprise,
                               title="职业卫生咨询", description="咨询新厂房职业病危害预评价要求。")
    demands.accept(elsewhere, actor=org.centre)
    demands.dispatch(elsewhere, actor=org.centre, lead=org.health, lead_task="答复预评价要求")

    officer, task = _plan(org, "区市场监督管理局", today.year)
    assert task.lead == org.market
    v = _measured(officer, task, "demand_closure_rate", today)
    assert v.measured and v.value == 50  # 2 accepted with the market leading, 1 closed; health's demand not counted
    assert v.detail == {"received": 2, "accepted": 2, "closed": 1}
    assert v.definition.startswith("企业诉求办结率：") and "办结 ÷ 受理" in v.definition and "牵头部门" in v.definition
    v = _measured(officer, task, "demand_satisfaction", today)
    assert v.value == 100 and "满意或基本满意" in v.definition


def test_whole_chain_project_working_days(chain, django_capture_on_commit_callbacks):  # noqa: F811
    p = project(chain, Kind.FILED)
    app = file(chain, p, "s1")
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("企业投资项目备案", "地震安全性评价审查", "建设项目用地预审与选址意见书核发"):
            decide(chain, names(app)[name].case, accept_on=MON, approve_on=date(2026, 3, 4))
    with django_capture_on_commit_callbacks(execute=True):
        decide(chain, names(app)["建设用地规划许可证核发"].case, accept_on=date(2026, 3, 5), approve_on=date(2026, 3, 10))

    officer, task = _plan(chain.org, "区住房和城乡建设管理委员会", 2026)
    v = _measured(officer, task, "project_chain_days", date(2026, 6, 30))
    # three items in parallel (Tue–Wed), then the land-use permit (Thu–Tue): six working days, counted once
    assert v.value == 6 and v.detail == {"projects": 1, "days": 6}
    assert v.definition.startswith("工程建设项目全流程审批平均用时：") and "全区" in v.definition
    assert "2026-01-01至2026-06-30" in v.definition


def test_joint_inspection_share_of_the_plan_year(org):
    market_head = staff("scj_plans", Role.SECTION_HEAD, department=org.market)
    health_head = staff("wjw_plans", Role.SECTION_HEAD, department=org.health)
    inspections.create_plan(actor=market_head, department=org.market, year=2026,
                            title="区市场监管局2026年度双随机抽查计划")
    inspections.create_plan(actor=health_head, department=org.health, year=2026,
                            title="区卫生健康委2026年度双随机抽查计划")
    inspections.create_plan(actor=market_head, department=org.market, year=2026, kind=InspectionPlan.Kind.JOINT,
                            participants=[org.health], title="2026年餐饮服务单位跨部门联合抽查计划")
    inspections.create_plan(actor=market_head, department=org.market, year=2025, kind=InspectionPlan.Kind.JOINT,
                            participants=[org.health], title="2025年跨部门联合抽查计划")  # another year

    officer, task = _plan(org, "区市场监督管理局", 2026)
    v = _measured(officer, task, "joint_inspection_share", date(2026, 9, 30))
    assert str(v.value) == "33.30" and v.detail == {"plans": 3}  # 1 joint of 3 plans in 2026
    assert "联合抽查计划数 ÷ 全部计划数" in v.definition and "全区" in v.definition
