import datetime as dt

import pytest
from django.utils import timezone

from yiwang.credit import services as credit
from yiwang.credit.models import Subject
from yiwang.inspections import services
from yiwang.inspections.models import Plan
from yiwang.org.models import Role

from tests.enterprises.factories import EnterpriseFactory
from tests.factories import staff

CLASSES = "AABBBBCCDN"


@pytest.fixture
def insp(org):
    """The market and health departments with inspection items, inspectors (with accounts) and 40 enterprises in
    the registry with credit risk classes; an annual plan of the market department and a joint plan with health."""
    org.manager = staff("scj_head", Role.SECTION_HEAD, department=org.market)
    org.health_manager = staff("wjw_head", Role.SECTION_HEAD, department=org.health)
    org.inspectors = {}
    for dep, prefix, names in [(org.market, "scj", ["单宏伟", "严丽", "钱进", "孙晓", "周明"]),
                               (org.health, "wjw", ["冯晓丽", "陈立", "褚强", "卫东"])]:
        for n, name in enumerate(names):
            user = staff(f"{prefix}_i{n}", Role.INSPECTOR, department=dep)
            org.inspectors[user.username] = services.save_inspector(
                actor=org.manager if dep == org.market else org.health_manager, department=dep, name=name,
                cert_no=f"{'3201' if dep == org.market else '3202'}26{n:06d}", user=user, fields=["食品"])
    org.enterprises = [EnterpriseFactory(name=f"江澄示范{i}商贸有限公司") for i in range(40)]
    for i, e in enumerate(org.enterprises):
        s = credit.ensure_subject(code=e.uscc, name=e.name)
        Subject.objects.filter(pk=s.pk).update(risk_class="" if CLASSES[i % 10] == "N" else CLASSES[i % 10],
                                               enterprise=e)
    org.item = services.save_item(
        actor=org.manager, department=org.market, code="SCJ-2026-001", name="食品经营者落实进货查验制度情况检查",
        legal_basis="《中华人民共和国食品安全法》第五十三条", object_kinds=["enterprise"],
        content="进货查验记录、供货者许可证和产品合格证明", method="现场检查、查阅资料", kind="key")
    org.general_item = services.save_item(
        actor=org.manager, department=org.market, code="SCJ-2026-002", name="企业公示信息抽查",
        legal_basis="《企业信息公示暂行条例》第十四条", object_kinds=["enterprise"],
        content="年度报告公示信息的真实性", method="书面检查、实地核查", kind="general")
    org.health_item = services.save_item(
        actor=org.health_manager, department=org.health, code="WJW-2026-001", name="公共场所卫生监督检查",
        legal_basis="《公共场所卫生管理条例》第三条", object_kinds=["enterprise"],
        content="卫生许可证、从业人员健康证明、卫生检测报告", method="现场检查", kind="key")
    org.plan = services.create_plan(actor=org.manager, department=org.market, year=2026,
                                    title="明湖区市场监管局2026年度双随机抽查计划")
    org.joint_plan = services.create_plan(actor=org.manager, department=org.market, year=2026,
                                          kind=Plan.Kind.JOINT, participants=[org.health],
                                          title="2026年餐饮服务单位跨部门联合抽查计划")
    org.draw_at = timezone.make_aware(dt.datetime(2026, 12, 3, 10, 0))
    return org


def new_task(o, *, plan=None, items=None, ratios=None, **kw):
    return services.create_task(
        actor=o.manager, plan=plan or o.plan, title=kw.pop("title", "2026年第四季度食品经营抽查"),
        items=items or [o.item], starts_on=dt.date(2026, 12, 3), ends_on=dt.date(2026, 12, 31),
        seed_sources=["见证人甲所报数字", "见证人乙所报数字"], draw_at=o.draw_at,
        ratios=ratios or {"A": "5", "B": "20", "C": "50", "D": "100", "N": "10"},
        now=o.draw_at - dt.timedelta(days=1), **kw)


def drawn_task(o, **kw):
    task = new_task(o, **kw)
    services.announce_task(actor=o.manager, task=task, today=dt.date(2026, 12, 2))
    services.draw_task(actor=o.manager, task=task, values=["17 4 29", "0815"], witnesses="区纪委 王明；企业代表 李华",
                       now=o.draw_at + dt.timedelta(minutes=5))
    task.refresh_from_db()
    return task
