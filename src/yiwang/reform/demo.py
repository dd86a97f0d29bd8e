"""Demo: the Jiading 2021 business-environment implementation plan (嘉府发〔2021〕7号, kept in reform/data) uploaded by
the reform office as its own document and read by the reader; its unit names resolved to the demo district's
departments (those it has no counterpart for tracked by name); published for the current year; reports for the
quarters past, some tasks lagging, one 督办; indicators bound to the platform's figures and measured."""
from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from django.utils import timezone

from yiwang.org.models import Department, User

from . import services
from . import services_reports as rs
from .domain import quarters
from .models import Plan, TaskStatus

DOCUMENT = Path(__file__).parent / "data" / "jiading-2021-business-environment-plan.txt"
# the plan's way of writing a unit → the demo department's code
ALIASES = {
    "区行政服务中心": "ZWB", "区大数据中心": "ZWB", "区发改委": "FGW", "区建管委": "JSW", "区税务局": "SWJU",
    "区人力资源社会保障局": "RSJ", "区卫健委": "WJW", "区市场局": "SCJ", "嘉定供电公司": "GD", "区自来水公司": "GS",
    "燃气市北销售有限公司嘉定分公司": "RQ", "公安嘉定分局": "GAJ",
}
INDICATORS = [("一.(一).1", "online_items_share", "95"), ("一.(二).1", "comprehensive_window_share", "80"),
              ("一.(四).1", "rectification_rate", "100"), ("二.(二).2", "on_time_rate", "98")]
LAGGING = ["二.(二).1", "二.(四).3", "三.(四).2"]


def load(actor) -> Counter:
    made = Counter()
    officer = User.objects.filter(username="reform").first()
    if officer is None or Plan.objects.filter(doc_number="嘉府发〔2021〕7号").exists():
        return made
    today = timezone.localdate()
    year = today.year
    plan = services.create_plan(actor=officer, filename=DOCUMENT.name, content=DOCUMENT.read_bytes(), year=year)
    Plan.objects.filter(pk=plan.pk).update(year=year)
    plan.refresh_from_db()
    made["改革方案"] += 1
    made["改革任务"] += plan.tasks.count()
    deps = {d.code: d for d in Department.objects.all()}
    for name, match in services.unresolved(plan).items():
        code = ALIASES.get(name)
        services.resolve_unit(actor=officer, name=name, department=deps.get(code) if code else None,
                              external=code not in deps, plan=plan)
        made["单位别名"] += 1
    plan = services.publish_plan(actor=officer, plan=plan, expected_version=plan.version, today=date(year, 1, 10))
    for path, source, target in INDICATORS:
        t = plan.tasks.filter(path=path).first()
        if t is not None:
            rs.add_indicator(actor=officer, task=t, name="", target=target, source=source)
            made["绑定指标"] += 1
    liaisons = {}
    for u in User.objects.filter(staff_roles__role="reform_liaison").distinct():
        for r in u.staff_roles.filter(role="reform_liaison"):
            liaisons.setdefault(r.department_id, u)
    for y, q, due in quarters.due_quarters(year, today, plan.report_day):
        for i, t in enumerate(plan.tasks.filter(lead_id__in=list(liaisons)).order_by("position")):
            if i % 4 == 3:
                continue  # some not reported: overdue warnings
            day = due if i % 5 else min(today, date.fromordinal(due.toordinal() + 2))  # a few late
            status = TaskStatus.LAGGING if t.path in LAGGING else (TaskStatus.DONE if i % 7 == 0 and q > 1 else
                                                                   TaskStatus.IN_PROGRESS)
            if t.status == TaskStatus.DONE:
                continue
            rs.submit_report(actor=liaisons[t.lead_id], task=t, year=y, quarter=q,
                             progress=f"{y}年第{q}季度：按方案推进“{t.text[:24]}……”，已完成阶段性工作。",
                             problems="部分事项需市级系统配合改造。" if status == TaskStatus.LAGGING else "",
                             next_steps="下季度完成剩余工作。", status=status, confidence=2 if status ==
                             TaskStatus.LAGGING else 4, today=day,
                             cases=[("企业开办“一窗通”全程网办", "申请人一表填报、一窗领取，平均用时压缩至1个工作日。")]
                             if i == 0 else None)
            made["季度报送"] += 1
    lagging = plan.tasks.filter(path__in=LAGGING).exclude(lead__isnull=True)
    for t in lagging:
        if t.status != TaskStatus.LAGGING:
            t = services.update_task(actor=officer, task=t, expected_version=t.version, status=TaskStatus.LAGGING)
    first = lagging.first()
    if first is not None:
        rs.issue_order(actor=officer, task=first, instruction="任务滞后，请说明原因并报送整改计划", reply_days=5)
        made["督办"] += 1
    made["指标值"] += rs.measure_indicators(today=today, plan=plan)["measured"]
    return made
