"""Figures of 双随机、一公开 for a year, each with its definition (口径): plans and tasks by department, the joint
share, the share of draws using risk classes, objects inspected, inspections per enterprise (distribution), problem
rate per risk class and per inspector by quarter, on-time entry and publication, item coverage (全覆盖), 首违不罚."""
from __future__ import annotations

from collections import Counter, defaultdict

from .models import PROBLEM_OUTCOMES, Assignment, Item, Plan, Result, Sampled, Task, Violation

DEFINITIONS = [
    ("plans", "抽查计划数", "个", "本年度制定的部门年度计划和联合抽查计划"),
    ("joint_share", "联合抽查占比", "%", "联合抽查计划数 ÷ 全部计划数"),
    ("tasks", "抽查任务数", "个", "本年度已公告的抽查任务（不含作废任务）"),
    ("risk_share", "按信用风险分类抽查占比", "%", "按风险分类设定比例的已抽取任务 ÷ 已抽取任务"),
    ("objects", "抽查对象户次", "户次", "本年度抽中的对象（一次联合检查计一户次）"),
    ("inspected", "已检查户次", "户次", "已录入检查结果的户次"),
    ("problem_rate", "问题发现率", "%", "检查结果中发现问题的户次 ÷ 已检查户次"),
    ("entry_on_time", "按时录入率", "%", "检查后规定工作日内录完结果的户次 ÷ 已检查户次"),
    ("publish_on_time", "按时公示率", "%", "检查后20个工作日内公示的户次 ÷ 已公示户次"),
    ("coverage", "抽查事项覆盖率（全覆盖）", "%", "本年度至少抽查一次的事项 ÷ 清单内全部事项"),
    ("leniency", "首违不罚决定数", "件", "决定不予处罚的违法行为（首违不罚）"),
]


def _pct(a, b):
    return round(100 * a / b, 1) if b else None


def quarter(d):
    return (d.month - 1) // 3 + 1


def year_figures(year: int) -> dict:
    plans = Plan.objects.filter(year=year)
    n_plans = plans.count()
    joint = plans.filter(kind=Plan.Kind.JOINT).count()
    tasks = Task.objects.filter(plan__year=year).exclude(status__in=[Task.Status.DRAFT, Task.Status.VOID])
    drawn_tasks = tasks.filter(status__in=[Task.Status.DRAWN, Task.Status.PUBLISHED])
    sampled = list(Sampled.objects.filter(year=year).prefetch_related("results"))
    inspected = [s for s in sampled if s.inspected_on]
    problem = [s for s in inspected if any(r.outcome in PROBLEM_OUTCOMES for r in s.results.all())]
    on_time = [s for s in inspected if s.results.all() and not any(r.late_entry for r in s.results.all())]
    published = [s for s in inspected if s.published_at]
    pub_on_time = [s for s in published if s.publish_due and s.published_at.date() <= s.publish_due]
    items = Item.objects.filter(active=True).count()
    covered = Item.objects.filter(active=True, tasks__in=drawn_tasks).distinct().count()
    per_ent = Counter(Counter(s.code for s in sampled if s.kind == "enterprise").values())
    by_class = defaultdict(lambda: [0, 0])
    by_inspector = defaultdict(lambda: [0, 0])
    for s in inspected:
        bad = any(r.outcome in PROBLEM_OUTCOMES for r in s.results.all())
        q = quarter(s.inspected_on)
        by_class[(q, s.risk_class)][0] += 1
        by_class[(q, s.risk_class)][1] += bad
    for a in Assignment.objects.filter(sampled__in=inspected, recused=False).select_related("inspector", "sampled"):
        bad = any(r.outcome in PROBLEM_OUTCOMES for r in a.sampled.results.all())
        key = (quarter(a.sampled.inspected_on), a.inspector.name, a.inspector.cert_no)
        by_inspector[key][0] += 1
        by_inspector[key][1] += bad
    by_dep = Counter(plans.values_list("department__name", flat=True))
    tasks_by_dep = Counter(tasks.values_list("plan__department__name", flat=True))
    return {
        "year": year,
        "totals": {
            "plans": n_plans, "joint_share": _pct(joint, n_plans), "tasks": tasks.count(),
            "risk_share": _pct(drawn_tasks.filter(uses_risk_classes=True).count(), drawn_tasks.count()),
            "objects": len(sampled), "inspected": len(inspected), "problem_rate": _pct(len(problem), len(inspected)),
            "entry_on_time": _pct(len(on_time), len(inspected)),
            "publish_on_time": _pct(len(pub_on_time), len(published)), "coverage": _pct(covered, items),
            "leniency": Violation.objects.filter(decision=Violation.Decision.NO_PENALTY, decided_on__year=year).count(),
        },
        "by_department": [{"department": d, "plans": by_dep.get(d, 0), "tasks": tasks_by_dep.get(d, 0)}
                          for d in sorted(set(by_dep) | set(tasks_by_dep))],
        "per_enterprise": sorted(per_ent.items()),
        "by_class": [{"quarter": q, "risk_class": c, "inspected": n, "problems": p, "rate": _pct(p, n)}
                     for (q, c), (n, p) in sorted(by_class.items())],
        "by_inspector": [{"quarter": q, "inspector": name, "cert_no": cert, "inspected": n, "problems": p,
                          "rate": _pct(p, n)} for (q, name, cert), (n, p) in sorted(by_inspector.items())],
        "uncovered": list(Item.objects.filter(active=True).exclude(tasks__in=drawn_tasks).distinct()
                          .values_list("name", flat=True)),
    }


def results_outcomes(year: int) -> Counter:
    return Counter(Result.objects.filter(sampled__year=year).values_list("outcome", flat=True))
