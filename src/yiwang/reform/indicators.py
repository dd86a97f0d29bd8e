"""Indicators measured, not typed: the figures the platform already computes that a task's indicator may be bound
to, each with its definition (printed beside the value). A figure is computed for the plan year from 1 January to
the measuring date, for the task's lead department when the figure is per department and the lead is on the
platform, else for the whole district. Demands, projects and inspections figures join this list when those apps
are on the platform."""
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


FIGURES: dict[str, Figure] = {f.key: f for f in [
    Figure("online_items_share", "政务服务事项可网办比例", "%",
           "在用事项（有已发布版本）中，全程网办或提供网上办理地址的事项所占比例。", _online_items),
    Figure("comprehensive_window_share", "综合窗口比例", "%",
           "启用的受理窗口（综合窗口与专业窗口，不含出件和咨询）中综合窗口所占比例（全区）。", _comprehensive_windows),
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
]}

CHOICES = [("manual", "人工填报")] + [(f.key, f.label) for f in FIGURES.values()]


def measure(key: str, start: date, end: date, department_id: int | None):
    f = FIGURES[key]
    value, detail = f.compute(start, end, department_id)
    return value, f"{f.label}：{f.definition}（{start:%Y-%m-%d}至{end:%Y-%m-%d}"\
        f"{'，牵头部门' if department_id else '，全区'}）", detail
