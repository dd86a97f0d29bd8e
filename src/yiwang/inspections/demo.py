"""The demo district's 双随机、一公开: item lists of four departments, the inspector directory with one declared
conflict, the 首违不罚 list and discretion benchmarks of 市场监管, an annual plan with a finished public-information
check (drawn, inspected, published), a joint plan of 市场监管 and 卫生健康 over catering with one recusal, one notice
and one visit per object, results published and one 首违不罚 decision, one more task announced for tomorrow's
witnessed draw, and a joint task drawn three days ago whose visits are scheduled and whose results the drawn
inspectors have still to enter (the work on their workbench). Idempotent; everything through the service functions (with the history's own dates)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from yiwang.org.models import Department, Role, User

from . import services
from .models import Inspector, Item, LeniencyEntry, Plan, Task

ITEMS = [
    ("SCJ", "SCJ-CC-001", "企业公示信息抽查", "《企业信息公示暂行条例》第十四条", "年度报告、即时信息公示的真实性、及时性",
     "书面检查、网络监测、实地核查", "general"),
    ("SCJ", "SCJ-CC-002", "食品经营者落实进货查验制度情况检查", "《中华人民共和国食品安全法》第五十三条、第六十五条",
     "进货查验记录、供货者许可证和产品合格证明文件", "现场检查、查阅资料", "key"),
    ("SCJ", "SCJ-CC-003", "特种设备使用单位安全管理检查", "《中华人民共和国特种设备安全法》第三十三条",
     "使用登记、定期检验、作业人员持证", "现场检查", "key"),
    ("SCJ", "SCJ-CC-004", "价格行为检查", "《中华人民共和国价格法》第十三条", "明码标价、收费公示", "现场检查", "general"),
    ("WJW", "WJW-CC-001", "公共场所卫生监督检查", "《公共场所卫生管理条例》第三条、第七条",
     "卫生许可证、从业人员健康合格证明、卫生检测报告", "现场检查、查阅资料", "key"),
    ("WJW", "WJW-CC-002", "餐饮具集中消毒单位卫生监督检查", "《中华人民共和国食品安全法》第五十六条",
     "消毒流程、出厂检验记录", "现场检查", "general"),
    ("YJJ", "YJJ-CC-001", "工贸企业安全生产标准化检查", "《中华人民共和国安全生产法》第四条",
     "安全生产责任制、隐患排查治理台账", "现场检查、查阅资料", "key"),
    ("STHJ", "STHJ-CC-001", "排污单位执行排污许可制度情况检查", "《排污许可管理条例》第二十二条",
     "排污许可证、自行监测记录、执行报告", "现场检查、监测", "key"),
]
INSPECTORS = {  # username → (执法证号, 执法领域)
    "scj_inspector": ("32990126000101", ["食品安全", "企业信息公示"]),
    "scj_inspector2": ("32990126000102", ["食品安全", "价格监督"]),
    "scj_inspector3": ("32990126000103", ["特种设备", "企业信息公示"]),
    "scj_inspector4": ("32990126000104", ["食品安全"]),
    "scj_inspector5": ("32990126000105", ["企业信息公示", "价格监督"]),
    "wjw_inspector": ("32990226000201", ["公共卫生"]),
    "wjw_inspector2": ("32990226000202", ["公共卫生"]),
    "wjw_inspector3": ("32990226000203", ["公共卫生", "餐饮具消毒"]),
    "wjw_inspector4": ("32990226000204", ["公共卫生"]),
}
LENIENCY = [
    ("SCJ-SW-01", "食品经营者未按规定建立并遵守进货查验记录制度，初次违法且危害后果轻微并及时改正",
     "《中华人民共和国行政处罚法》第三十三条第一款；明湖区市场监管领域轻微违法行为不予处罚清单第5项"),
    ("SCJ-SW-02", "经营者未按规定明码标价，初次违法且及时改正", "《中华人民共和国行政处罚法》第三十三条第一款；清单第12项"),
    ("SCJ-SW-03", "企业未按时公示即时信息，初次违法且及时补报", "《中华人民共和国行政处罚法》第三十三条第一款；清单第20项"),
]
BENCHMARKS = [
    ("SCJ-SW-01", "未按规定建立并遵守进货查验记录制度", "轻微", "警告", "罚款5000元",
     "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项"),
    ("SCJ-SW-01", "未按规定建立并遵守进货查验记录制度", "一般", "罚款5000元", "罚款2万元",
     "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项"),
    ("SCJ-SW-01", "未按规定建立并遵守进货查验记录制度", "严重", "罚款2万元", "罚款5万元，责令停产停业",
     "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项"),
    ("SCJ-SW-02", "不明码标价", "一般", "责令改正，没收违法所得", "罚款5000元", "《中华人民共和国价格法》第四十二条"),
]
OTHER_OBJECTS = [
    ("site", "CS-329901-0001", "明湖农贸市场", ["食品经营许可"]),
    ("site", "CS-329901-0002", "金塘镇集贸市场", ["食品经营许可"]),
    ("product", "CP-329901-0001", "明湖区学校食堂桶装饮用水", []),
    ("project", "GC-329901-2026-0017", "明湖科技园三期厂房工程", ["建筑工程施工许可证"]),
]
SOURCES = ["见证人一（区纪委监委派驻纪检组）所报三个数字", "见证人二（企业代表）所报三个数字",
           "抽取日前一日中国体育彩票“排列5”开奖号码"]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def load(actor) -> Counter:
    made = Counter()
    deps = {d.code: d for d in Department.objects.filter(code__in=["SCJ", "WJW", "YJJ", "STHJ"])}
    del actor  # each department's own section head acts (no demo account manages every department)
    if "SCJ" not in deps or "WJW" not in deps or not User.objects.filter(username="wjw_inspector").exists():
        return made
    heads = {code: User.objects.filter(staff_roles__role=Role.SECTION_HEAD, staff_roles__department=d).order_by(
        "username").first() for code, d in deps.items()}
    heads.update({code: None for code in ("YJJ", "STHJ") if code not in heads})
    for code, icode, name, basis, content, method, kind in ITEMS:
        if heads[code] is not None and not Item.objects.filter(code=icode).exists():
            services.save_item(actor=heads[code], department=deps[code], code=icode, name=name,
                               legal_basis=basis, object_kinds=["enterprise"], content=content, method=method,
                               kind=kind)
            made["抽查事项"] += 1
    for username, (cert, fields) in INSPECTORS.items():
        user = User.objects.filter(username=username).first()
        if user and not Inspector.objects.filter(cert_no=cert).exists():
            dep = deps[username[:3].upper()]
            services.save_inspector(actor=heads[dep.code], department=dep, name=user.display_name or username,
                                    cert_no=cert, user=user, fields=fields)
            made["执法人员"] += 1
    scj = deps["SCJ"]
    for code, violation, basis in LENIENCY:
        if not LeniencyEntry.objects.filter(department=scj, code=code).exists():
            services.save_leniency_entry(actor=heads["SCJ"], department=scj, code=code, violation=violation, basis=basis)
            made["首违不罚清单"] += 1
    from .models import Benchmark

    for code, violation, circ, low, high, basis in BENCHMARKS:
        if not Benchmark.objects.filter(department=scj, code=code, circumstance=circ).exists():
            services.save_benchmark(actor=heads["SCJ"], department=scj, code=code, violation=violation,
                                    circumstance=circ, low=low, high=high, basis=basis)
            made["裁量基准"] += 1
    from .models import OtherObject

    for kind, code, name, licences in OTHER_OBJECTS:
        if not OtherObject.objects.filter(code=code).exists():
            services.add_object(actor=heads["SCJ"], department=scj, kind=kind, code=code, name=name,
                                licences=licences, address="江澄市明湖区")
            made["其他检查对象"] += 1
    if not Plan.objects.filter(department=scj).exists():
        _history(heads, deps, made)
    if not Task.objects.filter(title__endswith=OPEN_TASK).exists():
        _open_task(heads, deps, made)
    return made


OPEN_TASK = "食品销售和餐饮单位联合抽查（第二批）"


def _open_task(heads, deps, made):
    """Drawn three days ago over food sellers, catering and lodging, visits in the coming days, no result entered yet: every
    demo inspector of both departments has objects to inspect."""
    head = heads["SCJ"]
    joint = Plan.objects.filter(department=deps["SCJ"], kind=Plan.Kind.JOINT).order_by("pk").first()
    if joint is None:
        return
    today = timezone.localdate()
    items = {i.code: i for i in Item.objects.filter(code__in=["SCJ-CC-002", "WJW-CC-001"])}
    d = today - dt.timedelta(days=3)
    task = services.create_task(
        actor=head, plan=joint, title=f"{today.year}年{OPEN_TASK}", items=[items["SCJ-CC-002"], items["WJW-CC-001"]],
        starts_on=d, ends_on=today + dt.timedelta(days=27), seed_sources=SOURCES, draw_at=_at(d, 10),
        scope={"industry_sections": ["F", "H"]}, ratios={"A": "5", "B": "20", "C": "60", "D": "100", "N": "30"},
        now=_at(d - dt.timedelta(days=3), 9))
    services.announce_task(actor=head, task=task, today=d - dt.timedelta(days=2))
    services.draw_task(actor=head, task=task, values=["7 21 38", "15 29 44", "2 9 6 0 4"],
                       witnesses="区纪委监委派驻纪检组 方敏；区餐饮行业协会 王芳", now=_at(d, 10) + dt.timedelta(minutes=5))
    for n, s in enumerate(task.sampled.order_by("rank", "code")):
        services.schedule_visit(actor=head, sampled=s, visit_on=today + dt.timedelta(days=1 + n % 5))
    made["抽取"] += 1
    made["抽查任务"] += 1


def _history(heads, deps, made):
    head = heads["SCJ"]
    today = timezone.localdate()
    year = today.year
    scj, wjw = deps["SCJ"], deps["WJW"]
    items = {i.code: i for i in Item.objects.all()}
    conflict_target = None
    annual = services.create_plan(actor=head, department=scj, year=year,
                                  title=f"明湖区市场监管局{year}年度“双随机、一公开”抽查计划")
    joint = services.create_plan(actor=head, department=scj, year=year, kind=Plan.Kind.JOINT, participants=[wjw],
                                 title=f"{year}年餐饮服务单位跨部门联合抽查计划（市场监管、卫生健康）")
    made["抽查计划"] += 2
    # 1. The annual public-information check, drawn 45 days ago, inspected, published.
    d0 = today - dt.timedelta(days=45)
    t1 = services.create_task(
        actor=head, plan=annual, title=f"{year}年企业公示信息抽查（第二批）", items=[items["SCJ-CC-001"]],
        starts_on=d0, ends_on=today - dt.timedelta(days=5), seed_sources=SOURCES, draw_at=_at(d0, 10),
        ratios={"A": "3", "B": "5", "C": "21", "D": "61", "N": "5"}, public_info_check=True,
        now=_at(d0 - dt.timedelta(days=3), 9))
    services.announce_task(actor=head, task=t1, today=d0 - dt.timedelta(days=2))
    services.draw_task(actor=head, task=t1, values=["3 17 42", "8 26 51", "4 0 7 9 2"],
                       witnesses="区纪委监委派驻纪检组 方敏；企业代表 江澄星辰科技有限公司 刘洋", now=_at(d0, 10) +
                       dt.timedelta(minutes=3))
    made["抽取"] += 1
    _inspect(t1, head, visit=d0 + dt.timedelta(days=7), made=made)
    services.publish(actor=head, task=t1, now=_at(d0 + dt.timedelta(days=14), 16))
    # 2. The joint catering inspection: one draw, each department its inspectors, one notice, one visit.
    d1 = today - dt.timedelta(days=30)
    t2 = services.create_task(
        actor=head, plan=joint, title=f"{year}年餐饮服务单位联合抽查", items=[items["SCJ-CC-002"], items["WJW-CC-001"]],
        starts_on=d1, ends_on=today + dt.timedelta(days=30), seed_sources=SOURCES, draw_at=_at(d1, 10),
        scope={"industry_sections": ["H"]}, ratios={"A": "5", "B": "20", "C": "60", "D": "100", "N": "30"},
        now=_at(d1 - dt.timedelta(days=3), 9))
    services.announce_task(actor=head, task=t2, today=d1 - dt.timedelta(days=2))
    services.draw_task(actor=head, task=t2, values=["5 19 33", "12 27 40", "6 1 8 3 5"],
                       witnesses="区纪委监委派驻纪检组 方敏；区餐饮行业协会 王芳", now=_at(d1, 10) + dt.timedelta(minutes=4))
    made["抽取"] += 1
    s = t2.sampled.order_by("rank", "code").first()
    if s is not None:
        a = s.assignments.filter(department=scj).order_by("order").first()
        services.declare_conflict(actor=head, inspector=a.inspector, object_code=s.code, kind="relative",
                                  note="表弟任该单位店长", declared_on=d1)
        conflict_target = s
        services.recuse(actor=a.inspector.user, assignment=a, reason="申报近亲属在该单位任职（利害关系）",
                        now=_at(d1 + dt.timedelta(days=1), 9))
        made["回避"] += 1
    _inspect(t2, head, visit=d1 + dt.timedelta(days=6), made=made, lenient=conflict_target)
    services.publish(actor=head, task=t2, now=_at(d1 + dt.timedelta(days=15), 16))
    # 3. Announced, drawn tomorrow at 10:00 at the witnessed draw.
    t3 = services.create_task(
        actor=head, plan=annual, title=f"{year}年特种设备使用单位专项抽查", items=[items["SCJ-CC-003"]],
        starts_on=today + dt.timedelta(days=1), ends_on=today + dt.timedelta(days=40), seed_sources=SOURCES,
        draw_at=_at(today + dt.timedelta(days=1), 10), scope={"industry_sections": ["C"]},
        ratios={"A": "3", "B": "10", "C": "30", "D": "80", "N": "10"})
    services.announce_task(actor=head, task=t3, today=today)
    made["抽查任务"] += 3


def _inspect(task: Task, head, *, visit: dt.date, made: Counter, lenient=None):
    items = list(task.items.all())
    for n, s in enumerate(task.sampled.all()):
        services.schedule_visit(actor=head, sampled=s, visit_on=visit)
        for item in items:
            a = s.assignments.filter(recused=False, department=item.department).order_by("order").first()
            outcome, extra = "no_problem", {}
            if lenient is not None and s.pk == lenient.pk and item.department.code == "SCJ":
                outcome = "violation"
                extra = dict(detail="抽查当日进货查验记录缺少3批次冷冻食品的供货者许可证复印件，已当场补齐",
                             follow_up="rectify", rectify_by=visit + dt.timedelta(days=7))
            elif n % 7 == 3:
                outcome = "rectified"
                extra = dict(detail="公示的从业人数与社保缴费人数不一致", rectify_by=visit + dt.timedelta(days=14))
            elif n % 11 == 5:
                outcome = "not_published"
                extra = dict(detail="未按期公示上一年度年度报告", follow_up="rectify",
                             rectify_by=visit + dt.timedelta(days=10))
            r = services.enter_result(actor=a.inspector.user, sampled=s, item=item, outcome=outcome,
                                      inspected_on=visit, today=visit + dt.timedelta(days=1), **extra)
            made["检查结果"] += 1
            if outcome == "violation":
                v = services.record_violation(actor=a.inspector.user, result=r, code="SCJ-SW-01", circumstance="轻微",
                                              minor=True, corrected=True, harmless=True,
                                              today=visit + dt.timedelta(days=1))
                services.decide_violation(actor=head, violation=v, decision="no_penalty",
                                          decided_on=visit + dt.timedelta(days=2), today=visit + dt.timedelta(days=2))
                made["首违不罚"] += 1
