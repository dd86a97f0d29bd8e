"""A district's construction chain: the departments, the catalogue items tagged with their stages and put in the
stage plan, a builder with its agent, the review centre's clerk and the bureau's project staff."""
from datetime import date
from types import SimpleNamespace

import pytest

from yiwang.catalog.services import tag_project_stage
from yiwang.cases import services as cases
from yiwang.org.models import Role, StaffRole
from yiwang.projects import services
from yiwang.projects.domain.classes import Kind, Route

from tests.cases.factories import make_item
from tests.enterprises.factories import ParkFactory, register
from tests.factories import DepartmentFactory, staff

MON = date(2026, 3, 2)  # a Monday of an ordinary week (no holiday near)


def _item(dep, name, stage, actor, limit=5):
    v = make_item(dep, name=name, limit=limit, tier="one_step",
                  materials=[{"name": f"{name}申请表", "is_key": True}])
    tag_project_stage(v.item, stage=stage, actor=actor)
    v.item.refresh_from_db()
    return v


@pytest.fixture
def chain(org):
    d = org.district
    fgw = DepartmentFactory(code="FGW", name="区发展和改革委员会", short_name="区发展改革委", region=d)
    ghzy = DepartmentFactory(code="GHZY", name="区规划和自然资源局", short_name="区规划资源局", region=d)
    jsw = DepartmentFactory(code="JSW", name="区住房和城乡建设管理委员会", short_name="区建设管理委", region=d)
    bdc = DepartmentFactory(code="BDC", name="区不动产登记事务中心", short_name="区不动产登记中心", region=d)
    centre = staff("gcjs", Role.PROJECT_REVIEWER)
    bureau = staff("jsw_gcjs", Role.PROJECT_REVIEWER, department=jsw)
    admin = staff("catadmin", Role.CATALOG_ADMIN, department=fgw)
    v = SimpleNamespace(
        approval=_item(fgw, "企业投资项目核准", "s1", admin),
        filing=_item(fgw, "企业投资项目备案", "s1", admin, limit=0),
        gov=_item(fgw, "政府投资项目可行性研究报告审批", "s1", admin),
        site=_item(ghzy, "建设项目用地预审与选址意见书核发", "s1", admin),
        land=_item(ghzy, "建设用地规划许可证核发", "s1", admin),
        quake=_item(jsw, "地震安全性评价审查", "s1", admin, limit=3),
        works=_item(ghzy, "建设工程规划许可证核发", "s2", admin),
        fire=_item(jsw, "特殊建设工程消防设计审查", "s3", admin),
        permit=_item(jsw, "建筑工程施工许可证核发", "s3", admin, limit=3),
        acceptance=_item(ghzy, "建设工程竣工规划资源验收", "s4", admin),
        filing4=_item(jsw, "房屋建筑和市政基础设施工程竣工验收备案", "s4", admin, limit=3),
        first_reg=_item(bdc, "不动产首次登记", "s4", admin),
    )
    F = ["项目名称", "投资项目统一代码", "建设单位", "建设地点"]
    S = services.set_stage_item
    S(actor=bureau, item=v.approval.item, kinds=[Kind.APPROVED], fields=F + ["总投资（万元）", "项目申请报告摘要"])
    S(actor=bureau, item=v.filing.item, kinds=[Kind.FILED], fields=F + ["总投资（万元）", "建设规模及内容"])
    S(actor=bureau, item=v.gov.item, kinds=[Kind.GOVERNMENT], fields=F + ["总投资（万元）", "资金来源"])
    S(actor=bureau, item=v.site.item, fields=F + ["用地面积（平方米）", "拟选址位置"], order=1)
    from yiwang.projects.models import StageItem

    S(actor=bureau, item=v.land.item, fields=F + ["用地面积（平方米）", "土地出让合同编号"], order=2,
      after=StageItem.objects.get(item=v.site.item))
    S(actor=bureau, item=v.quake.item, fields=F + ["拟选址位置"], assessment="seismic", order=3)
    S(actor=bureau, item=v.works.item, fields=F + ["总建筑面积（平方米）", "建筑高度（米）", "设计单位"])
    S(actor=bureau, item=v.fire.item, fields=F + ["总建筑面积（平方米）", "设计单位", "消防设计文件编号"],
      routes=[Route.STANDARD, Route.ONE_STOP])
    S(actor=bureau, item=v.permit.item, fields=F + ["施工单位", "监理单位", "合同价格（万元）"])
    S(actor=bureau, item=v.acceptance.item, fields=F + ["竣工日期", "施工单位"])
    S(actor=bureau, item=v.filing4.item, fields=F + ["竣工日期", "监理单位"])
    S(actor=bureau, item=v.first_reg.item, fields=F + ["竣工日期", "不动产单元号"], routes=[Route.LOW_RISK_INDUSTRIAL])
    for dep in (fgw, ghzy, jsw, bdc):  # the centre's window officer decides the one-step items it accepted
        StaffRole.objects.create(user=org.clerk, role=Role.REVIEWER, department=dep)
    org.clerk = type(org.clerk).objects.get(pk=org.clerk.pk)
    org.enterprise = register(applicant=org.company, industry="C3911")
    org.park = ParkFactory(code="MHKJ", name="明湖科技园", region=d)
    return SimpleNamespace(org=org, v=v, centre=centre, bureau=bureau, fgw=fgw, ghzy=ghzy, jsw=jsw, bdc=bdc,
                           builder=org.enterprise, agent=org.agent, clerk=org.clerk, park=org.park)


CODES = {Kind.GOVERNMENT: "2026-310114-48-01-000101", Kind.APPROVED: "2026-310114-47-02-000102",
         Kind.FILED: "2026-310114-39-03-000103"}


def project(chain, kind=Kind.FILED, *, code=None, use="工业厂房", floor_area=8000, height=18, park=None, **kw):
    return services.register_project(
        actor=chain.agent, code=code or CODES[kind], name=kw.pop("name", "明湖智能装备厂房项目"), builder=chain.builder,
        kind=kind, region=chain.org.district, park=park, land_area=20000, floor_area=floor_area, height=height, use=use,
        total_investment=12000, today=MON, **kw)


def decide(chain, case, *, accept_on, approve_on):
    """The centre's window officer accepts the case and decides it (one-step items)."""
    case = cases.accept(case, actor=chain.clerk, expected_version=case.version, today=accept_on)
    return cases.approve(case, actor=chain.clerk, expected_version=case.version, today=approve_on)


def answers(chain, project, stage, **extra):
    """What the builder types into the stage form: only the fields asked (the form shows the rest)."""
    _plan, form = services.form_of(project, stage)
    given = {"项目申请报告摘要": "年产智能装备2万台", "建设规模及内容": "新建厂房3栋", "资金来源": "区级财政",
             "拟选址位置": "明湖科技园B-07地块", "土地出让合同编号": "JC-2026-017", "设计单位": "江澄市建筑设计研究院",
             "消防设计文件编号": "XF-2026-031", "施工单位": "江澄明湖建工集团有限公司", "监理单位": "江澄工程监理有限公司",
             "合同价格（万元）": "8600", "竣工日期": "2026-09-30", "不动产单元号": "329901001001GB00017F00010001"}
    return {f: extra.get(f, given.get(f, "某值")) for f in form.asked}


def materials(project, stage):
    """Every material of the stage, each file given once (a PDF)."""
    plan = services.plan_of(project, stage)
    return {m["key"]: (f"{m['name']}.pdf", b"%PDF-1.7\n" + m["name"].encode() * 5, "application/pdf")
            for m in services.stage_materials(plan)}
