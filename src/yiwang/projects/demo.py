"""The demo district's construction projects: the catalogue's construction items tagged with their stages and put in
the stage plan, the construction bureau's project account, and projects of each class and route in several stages —
filed, accepted and decided through the real services with dates in the recent past, so the tracking board has a
clock to show (one near its target) — written with the demo's case history (`load_history`), never with
`--history none`. Idempotent (keyed by the project code)."""
from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.cases import services as cases
from yiwang.cases.domain import lifecycle as lc
from yiwang.catalog.models import ServiceItem
from yiwang.catalog.services import tag_project_stage
from yiwang.enterprises.models import Enterprise
from yiwang.org.models import Park, Region, User
from yiwang.workdays.services import get_calendar

from . import services
from .domain.classes import Kind, Route
from .models import Project, StageApplication, StageItem

DISTRICT = "329901000000"  # 明湖区
F = ("项目名称", "投资项目统一代码", "建设单位", "建设地点")
# (item name, stage, kinds, routes, after (item name), fields, order)
PLAN = [
    ("企业投资项目备案", "s1", ["filed"], [], None, F + ("总投资（万元）", "建设规模及内容"), 1),
    ("企业投资项目核准", "s1", ["approved"], [], None, F + ("总投资（万元）", "建设规模及内容", "项目申请报告编制单位"), 1),
    ("政府投资项目可行性研究报告审批", "s1", ["government"], [], None, F + ("总投资（万元）", "资金来源", "建设规模及内容"), 1),
    ("建设项目用地预审与选址意见书核发", "s1", [], [], None, F + ("用地面积（平方米）", "拟选址位置"), 2),
    ("建设用地规划许可证核发", "s1", [], [], "建设项目用地预审与选址意见书核发",
     F + ("用地面积（平方米）", "土地出让合同编号"), 3),
    ("建设工程规划许可证核发", "s2", [], [], None, F + ("总建筑面积（平方米）", "建筑高度（米）", "设计单位"), 1),
    ("特殊建设工程消防设计审查", "s3", [], ["standard", "one_stop"], None,
     F + ("总建筑面积（平方米）", "设计单位", "消防设计文件编号"), 1),
    ("建筑工程施工许可证核发", "s3", [], [], None, F + ("施工单位", "监理单位", "合同价格（万元）"), 2),
    ("建设工程竣工规划资源验收", "s4", [], [], None, F + ("竣工日期", "施工单位"), 1),
    ("特殊建设工程消防验收", "s4", [], ["standard", "one_stop"], None, F + ("竣工日期", "消防设计文件编号"), 2),
    ("房屋建筑和市政基础设施工程竣工验收备案", "s4", [], [], None, F + ("竣工日期", "监理单位"), 3),
    ("不动产首次登记", "s4", [], ["low_risk"], None, F + ("竣工日期", "不动产单元号"), 4),
    ("供水接入（用水报装）", "ut", [], [], None, F + ("用水性质", "接水点位置"), 1),
    ("低压用电接入（用电报装）", "ut", [], [], None, F + ("用电容量（千伏安）",), 2),
    ("燃气接入（用气报装）", "ut", [], [], None, F + ("用气设备",), 3),
]
ANSWERS = {"建设规模及内容": "新建生产厂房及配套用房", "项目申请报告编制单位": "江澄工程咨询有限公司", "资金来源": "区级财政资金",
           "拟选址位置": "明湖科技园B-07地块", "土地出让合同编号": "JC(MH)-2026-017", "设计单位": "江澄市建筑设计研究院有限公司",
           "消防设计文件编号": "XFSJ-2026-031", "施工单位": "江澄明湖建工集团有限公司", "监理单位": "江澄工程监理咨询有限公司",
           "合同价格（万元）": "8600", "竣工日期": "2026-11-20", "不动产单元号": "329901001001GB00017F00010001",
           "用水性质": "工业用水", "接水点位置": "厂区东侧市政管网", "用电容量（千伏安）": "1250", "用气设备": "食堂灶具"}
# (code, name, builder, kind, use, floor area, height, hazardous, park, stages: (stage, working days each of its
#  items takes, None: accepted and still under review), prep: the builder's working days between stages, ago: working
#  days since the first filing). The school is near its 33 days (the board warns); the others well within.
PROJECTS = [
    ("2026-329901-39-03-000118", "江澄星辰智能装备生产基地", "江澄星辰科技有限公司", Kind.FILED, "工业厂房", 9600, 18,
     False, "MHKJ", [("s1", 3), ("s3", 4), ("s4", None)], 4, 22),
    ("2026-329901-83-01-000107", "明湖区实验学校新建工程", "江澄明湖建工集团有限公司", Kind.GOVERNMENT, "公共建筑", 36000,
     23.5, False, None, [("s1", 5), ("s2", 6), ("s3", None)], 3, 34),
    ("2026-329901-72-02-000126", "明湖湖畔商务中心", "江澄星辰科技有限公司", Kind.APPROVED, "办公", 42000, 79.8, False,
     None, [("s1", None)], 0, 6),
    ("2026-329901-59-03-000131", "明湖智慧物流园（一期）", "江澄星辰科技有限公司", Kind.FILED, "商业", 18000, 21, False,
     None, [("s1", 2), ("s2", 3), ("s3", 3), ("ut", None)], 2, 18),
    ("2026-329901-26-03-000142", "明湖精细化工品仓库", "江澄星辰科技有限公司", Kind.FILED, "仓储物流", 6000, 12, True,
     "MHKJ", [("s1", None)], 0, 4),
]

def _plan(actor, made: Counter) -> bool:
    items = {i.name: i for i in ServiceItem.objects.filter(name__in=[p[0] for p in PLAN], delegated_from=None)}
    if len(items) < len(PLAN):
        return False
    bureau = User.objects.filter(username="jsw_gcjs").first() or actor
    for name, stage, kinds, routes, after, fields, order in PLAN:
        item = items[name]
        if item.project_stage != stage:
            item = tag_project_stage(item, stage=stage, actor=actor)
            made["工程建设事项阶段标注"] += 1
        if not StageItem.objects.filter(item=item).exists():
            services.set_stage_item(actor=bureau, item=item, kinds=kinds, routes=routes,
                                    after=StageItem.objects.get(item=items[after]) if after else None,
                                    fields=fields, order=order)
            made["阶段事项"] += 1
    return True


def _holder(case, role, used):
    qs = User.objects.filter(staff_roles__role=role, staff_roles__department=case.department).exclude(
        pk__in=[u.pk for u in used]).order_by("username")
    return qs.first()


def _clerk(case):
    return User.objects.filter(staff_roles__role="clerk", staff_roles__hall=case.hall).order_by(
        "-staff_roles__is_window_officer", "username").first()


def _drive(case, accept_on: date, decide_on: date) -> bool:
    """Accept the case and take it through its tier's steps to approval; False where the demo lacks a step's
    holder (the case stays with its department, as real ones do)."""
    clerk = _clerk(case)
    if clerk is None:
        return False
    case = cases.accept(case, actor=clerk, expected_version=case.version, today=accept_on)
    steps, used = lc.steps_of(case.tier), [clerk]
    for k, step in enumerate(steps):
        actor = clerk if step in ("officer", "acceptor") else _holder(case, lc.STEP_ROLE[step], used)
        if actor is None:
            return False
        used.append(actor)
        try:
            if k < len(steps) - 1:
                case = cases.forward(case, actor=actor, expected_version=case.version, opinion="同意", today=decide_on)
            else:
                case = cases.approve(case, actor=actor, expected_version=case.version, opinion="符合条件，准予许可",
                                     today=decide_on)
        except DomainError:  # a rule of the case refused the demo's shortcut: the case stays open
            return False
    return True


def _stage(project, stage, filer, on, days, cal) -> StageApplication:
    project.refresh_from_db()
    _plan_, form = services.form_of(project, stage)
    app = services.file_stage(project, stage, actor=filer, answers={f: ANSWERS.get(f, "详见附件") for f in form.asked},
                              files={m["key"]: (f"{m['name']}.pdf", b"%PDF-1.7\n" + m["name"].encode() * 8,
                                                "application/pdf") for m in services.stage_materials(_plan_)},
                              expected_version=project.version, today=on)
    if days is None:  # accepted by the centre's window, now with the departments
        for sc in app.items.exclude(case=None).select_related("case"):
            clerk = _clerk(sc.case)
            if clerk is not None:
                cases.accept(sc.case, actor=clerk, expected_version=sc.case.version,
                             today=cal.add_working_days(on, 1))
        return app
    for _round in range(3):  # parallel items, then the ones that follow them
        for sc in app.items.exclude(case=None).select_related("case"):
            if sc.case.state == lc.State.RECEIVED.value:
                start = max(sc.case.received_on, on)
                _drive(sc.case, cal.add_working_days(start, 1), cal.add_working_days(start, days))
        app = services.advance(app.pk)
    return app


def load(actor) -> Counter:
    """The stage plan (catalogue items tagged and planned) and the bureau's matrix page need no cases."""
    made = Counter()
    _plan(actor, made)
    return made


def load_history(actor) -> Counter:
    """The projects, filed and decided through the case services (only when the demo writes a history)."""
    made = Counter()
    if not _plan(actor, made):
        return made
    centre_clerk = User.objects.filter(username="clerk01").first()
    district = Region.objects.filter(code=DISTRICT).first() or Region.objects.filter(
        level=Region.Level.DISTRICT).order_by("code").first()
    cal, today = get_calendar(), timezone.localdate()
    for code, name, builder_name, kind, use, floor, height, hazardous, park, stages, prep, ago in PROJECTS:
        if Project.objects.filter(code=code).exists():
            continue
        builder = Enterprise.objects.filter(name=builder_name, applicant__isnull=False).select_related(
            "applicant").first()
        if builder is None or district is None:
            continue
        agent = builder.applicant.agents.order_by("username").first()
        filer = agent or centre_clerk  # no agent: the review centre's window takes the intake
        if filer is None:
            continue
        start = cal.add_working_days(today, -ago)
        project = services.register_project(
            actor=agent or User.objects.filter(username="gcjs").first() or actor, code=code, name=name,
            builder=builder, kind=kind, region=district, park=Park.objects.filter(code=park).first() if park else None,
            land_area=round(floor * 1.6), floor_area=floor, height=height, use=use,
            total_investment=round(floor * 0.45), hazardous=hazardous, today=start)
        made["工程建设项目"] += 1
        on = start
        for stage, days in stages:
            app = _stage(project, stage, filer, on, days, cal)
            made["阶段申报"] += 1
            if app.status != StageApplication.Status.CONCLUDED or app.concluded_on is None:
                break
            on = cal.add_working_days(app.concluded_on, prep)
            if on > today:
                break
        if project.route == Route.LOW_RISK_INDUSTRIAL:
            made["低风险工业项目"] += 1
    return made
