"""Indicators measured, not typed: the figures the platform already computes that a task's indicator may be bound
to, each with its definition (printed beside the value). A figure is computed for the plan year from 1 January to
the measuring date, for the task's lead department when the figure is per department and the lead is on the
platform, else for the whole district (a figure that is district-wide says so). Reform sits above demands, projects
and inspections and reads their query functions only (`demands.queries.figures`, `projects.queries.clock_of`,
`inspections.figures.year_figures`), never their services."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable

from django.db.models import Count, Q


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    definition: str
    compute: Callable  # (start, end, department_id | None) -> (value | None, detail dict)
    per_department: bool = True  # False: always the whole district


def _pct(n, d):
    return None if not d else round(Decimal(100) * n / d, 2)


def _online_items(start, end, dep):
    from yiwang.catalog.models import ServiceItem

    qs = ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE, current_version__isnull=False)
    if dep:
        qs = qs.filter(department_id=dep)
    c = qs.aggregate(n=Count("id"), online=Count("id", filter=Q(current_version__fully_online=True)
                                                 | ~Q(current_version__online_url="")))
    return _pct(c["online"], c["n"]), {"items": c["n"], "online": c["online"]}


def _comprehensive_windows(start, end, dep):
    from yiwang.org.models import Window

    qs = Window.objects.filter(is_active=True, kind__in=[Window.Kind.COMPREHENSIVE, Window.Kind.DEDICATED])
    c = qs.aggregate(n=Count("id"), comp=Count("id", filter=Q(kind=Window.Kind.COMPREHENSIVE)))
    return _pct(c["comp"], c["n"]), {"windows": c["n"], "comprehensive": c["comp"]}


def _rollup(field):
    def compute(start, end, dep):
        from yiwang.supervision.figures import rollup_groups

        g = rollup_groups(start, end, "total", [dep] if dep else None)[0]
        v = g.get(field)
        return (None if v is None else Decimal(str(v))), {"received": g["received"], "decided": g["decided"]}
    return compute


def _rectification(start, end, dep):
    from yiwang.ratings.queries import figures

    f = figures(start, end, dep)
    v = f["rectification_rate"]
    return (None if v is None else round(Decimal(str(v)) * 100, 2)), {"negative": f["negative"],
                                                                       "rectified": f["rectified"]}


def _satisfaction(start, end, dep):
    from yiwang.ratings.queries import figures

    f = figures(start, end, dep)
    v = f["satisfaction_rate"]
    return (None if v is None else round(Decimal(str(v)) * 100, 2)), {"ratings": f["total"],
                                                                       "satisfied": f["satisfied"]}


def _orders_on_time(start, end, dep):
    from yiwang.supervision.figures import supervision_counts

    c = supervision_counts(start, end, [dep] if dep else None)
    due = sum(x["orders_due"] for x in c.values())
    ok = sum(x["orders_on_time"] for x in c.values())
    return _pct(ok, due), {"orders_due": due, "on_time": ok}


def _demands(field, count):
    def compute(start, end, dep):
        from yiwang.demands.models import Demand
        from yiwang.demands.queries import figures

        qs = Demand.objects.filter(lead_department_id=dep) if dep else None
        t = figures(start, end, dimension="month", today=end, qs=qs)["total"] or {}
        v = t.get(field)
        return (None if v is None else Decimal(str(v))), {k: t.get(k, 0) for k in count}
    return compute


def _project_days(start, end, dep):
    from yiwang.projects.models import Project
    from yiwang.projects.queries import clock_of

    projects = Project.objects.filter(stages__items__case__received_on__gte=start,
                                      stages__items__case__received_on__lte=end).distinct()
    days = [clock_of(p, today=end).government for p in projects.prefetch_related("intermediary_periods")]
    if not days:
        return None, {"projects": 0, "days": 0}
    return round(Decimal(sum(days)) / len(days), 1), {"projects": len(days), "days": sum(days)}


def _joint_inspections(start, end, dep):
    from yiwang.inspections.figures import year_figures

    f = year_figures(start.year)["totals"]
    v = f["joint_share"]
    return (None if v is None else Decimal(str(v))), {"plans": f["plans"]}


FIGURES: dict[str, Figure] = {f.key: f for f in [
    Figure("online_items_share", "政务服务事项可网办比例", "%",
           "在用事项（有已发布版本）中，全程网办或提供网上办理地址的事项所占比例。", _online_items),
    Figure("comprehensive_window_share", "综合窗口比例", "%",
           "启用的受理窗口（综合窗口与专业窗口，不含出件和咨询）中综合窗口所占比例（全区）。", _comprehensive_windows,
           per_department=False),
    Figure("on_time_rate", "按时办结率", "%",
           "期间内作出许可决定的办件中，决定日期不晚于办结期限（含延期、扣除特别程序）的比例。", _rollup("on_time_rate")),
    Figure("avg_days_used", "平均实际用时", "工作日",
           "期间内作出决定的办件，自受理次日至决定日的工作日数（扣除特别程序）的平均值。", _rollup("avg_days_used")),
    Figure("fully_online_share", "全程网办办件占比", "%", "期间内收件中，全程网办事项办件所占比例。",
           _rollup("fully_online_share")),
    Figure("one_visit_share", "最多跑一次办件占比", "%", "期间内收件中，最多跑动次数不超过1次的事项办件所占比例。",
           _rollup("one_visit_share")),
    Figure("rectification_rate", "差评整改率", "%", "期间内差评中已整改并答复的比例（好差评）。", _rectification),
    Figure("satisfaction_rate", "好评率", "%", "期间内评价中“基本满意”及以上所占比例（好差评）。", _satisfaction),
    Figure("orders_on_time_rate", "督办按时答复率", "%",
           "期间内督办单中，在答复期限内答复的比例（未答复且已逾期的计为未按时）。", _orders_on_time),
    Figure("demand_closure_rate", "企业诉求办结率", "%",
           "期间内提交并已受理的企业诉求（牵头部门为该单位）中已办结的比例：办结 ÷ 受理（不含不予受理和待受理）。",
           _demands("closure_rate", ("received", "accepted", "closed"))),
    Figure("demand_satisfaction", "企业诉求满意率", "%",
           "期间内提交的企业诉求（牵头部门为该单位）中，企业评价为满意或基本满意的 ÷ 作出评价的（自动办结不计入分母）。",
           _demands("satisfaction", ("received", "closed"))),
    Figure("project_chain_days", "工程建设项目全流程审批平均用时", "工作日",
           "期间内有审批事项提交的工程建设项目，自首个事项提交至计算日的政府审批用时（并联事项同日计一次；建设单位补正和"
           "阶段间准备、中介服务、特别程序时间不计）的平均工作日数（全区）。", _project_days, per_department=False),
    Figure("joint_inspection_share", "跨部门联合抽查占比", "%",
           "方案年度内双随机抽查计划中，跨部门联合抽查计划所占比例：联合抽查计划数 ÷ 全部计划数（全区）。",
           _joint_inspections, per_department=False),
]}

CHOICES = [("manual", "人工填报")] + [(f.key, f.label) for f in FIGURES.values()]


def measure(key: str, start: date, end: date, department_id: int | None):
    f = FIGURES[key]
    department_id = department_id if f.per_department else None
    value, detail = f.compute(start, end, department_id)
    return value, f"{f.label}：{f.definition}（{start:%Y-%m-%d}至{end:%Y-%m-%d}"\
        f"{'，牵头部门' if department_id else '，全区'}）", detail
