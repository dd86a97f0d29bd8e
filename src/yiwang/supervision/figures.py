"""Efficiency figures (效能): the daily rollup (refreshed by the periodic task) and the figures read from it.

Each rollup column is anchored on its own date (see DEFINITIONS): a figure for a period sums the rows whose day
falls in it, so a year for the whole district is one indexed aggregate over at most days × departments × items ×
halls × channels rows, whatever the number of cases."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.models import Case, CaseEvent, Suspension

from . import conf
from .domain.levels import ranking, ratio
from .models import Anomaly, DailyRollup, RunState, SupervisionOrder, Warning

SUMS = [f.name for f in DailyRollup._meta.fields
        if f.get_internal_type() == "IntegerField" and f.name not in ("id",)]
DECIDED_STATES = [lc.State.APPROVED.value, lc.State.DENIED.value, lc.State.DELIVERED.value, lc.State.REVOKED.value]
CONCLUDED_STATES = [s.value for s in lc.CONCLUDED]
OPEN_STATES = [s.value for s in lc.OPEN]

DIMENSIONS = {
    "department": ("部门", "department_id", "department__name"),
    "item": ("事项", "item_id", "item__name"),
    "hall": ("大厅", "hall_id", "hall__name"),
    "channel": ("渠道", "channel", None),
    "month": ("月份", "month", None),
    "total": ("全区", None, None),
}
CHANNEL_LABELS = {"online": "网上申请", "window": "窗口"}

# (key, label, unit, definition) — printed on the dashboard beside the numbers.
DEFINITIONS = [
    ("received", "收件量", "件", "收件日期在所选期间内的办件数（含网上申请和窗口收件）。"),
    ("accepted", "受理量", "件", "受理日期在期间内的办件数（含逾期视为受理）。"),
    ("concluded", "办结量", "件", "办结日期在期间内的办件数：作出准予或不予许可决定、不予受理、撤回或终止。"),
    ("on_time_rate", "按时办结率", "%", "期间内作出许可决定的办件中，决定日期不晚于办结期限（含延期、扣除特别程序）的比例。"),
    ("early_rate", "提前办结率", "%", "期间内作出许可决定的办件中，决定日期早于办结期限的比例。"),
    ("avg_days_used", "平均实际用时", "工作日", "期间内作出决定的办件，自受理次日至决定日的工作日数（扣除特别程序）的平均值。"),
    ("avg_days_promised", "平均承诺时限", "工作日", "同一批办件受理时的承诺时限平均值。"),
    ("avg_days_legal", "平均法定时限", "工作日", "同一批办件中有法定时限者的法定时限平均值（与其平均实际用时并列）。"),
    ("immediate_share", "即办件占比", "%", "期间内收件中，承诺时限为0（即办）的事项办件所占比例。"),
    ("fully_online_share", "全程网办占比", "%", "期间内收件中，全程网办事项办件所占比例。"),
    ("one_visit_share", "最多跑一次占比", "%", "期间内收件中，最多跑动次数不超过1次的事项办件所占比例。"),
    ("supplement_rate", "补正告知率", "%", "期间内收件中，发出过一次性补正告知的办件比例。"),
    ("deferral_rate", "容缺受理率", "%", "期间内收件中，约定容缺补交期限受理的办件比例。"),
    ("commitment_rate", "告知承诺使用率", "%", "期间内收件中，以告知承诺代替材料的办件比例。"),
    ("deemed_accepted", "逾期视为受理", "件", "期间内受理的办件中，收件后五个工作日未处理、依第三十二条视为受理的件数。"),
    ("suspended", "特别程序", "件", "期间内办结的办件中，启动过特别程序（计时暂停）的件数。"),
    ("extended", "延期", "件", "期间内办结的办件中，经单位负责人批准延期的件数。"),
    ("warnings_yellow", "黄色预警", "条", "首次发现日期在期间内、曾达到黄色而未达红色的预警条数（按办件和类别计）。"),
    ("warnings_red", "红色预警", "条", "首次发现日期在期间内、当前或曾经为红色的预警条数。"),
    ("anomalies", "程序异常", "条", "发现日期在期间内、仍然有效的程序异常条数。"),
    ("orders", "督办", "件", "督办日期在期间内的督办单数。"),
    ("orders_on_time_rate", "督办按时答复率", "%", "期间内督办单中，在答复期限内答复的比例（未答复且已逾期的计为未按时）。"),
    ("ratings", "评价数", "条", "期间内收到的好差评条数（来自好差评模块）。"),
    ("negative_rate", "差评率", "%", "差评（默认“不满意”和“非常不满意”）占评价数的比例。"),
    ("rectification_rate", "差评整改率", "%", "差评中已整改并答复的比例。"),
    ("invitation_rate", "评价邀请率", "%", "服务日期在期间内的可评价服务（现场受理、出件，网上办件办结）中，评价邀请至少经站内信、"
     "短信或邮件一种渠道送达申请人的比例。"),
    ("response_rate", "参评率", "%", "上述已送达的评价邀请中，申请人已作出评价（含工作人员代录）的比例；逾期默认评价不计。"),
]
DEFINITION_MAP = {k: (label, unit, text) for k, label, unit, text in DEFINITIONS}
CHART_FIGURES = ["received", "accepted", "concluded", "on_time_rate", "early_rate", "avg_days_used",
                 "fully_online_share", "supplement_rate"]


# ---- the rollup --------------------------------------------------------------------------------------------------
def _concluded_on(case: Case, ended: dict[int, date]) -> date | None:
    """Decision or clock-stop date; for a case ended before acceptance (withdrawn), the date of the event that
    ended it."""
    if case.state not in CONCLUDED_STATES:
        return None
    return case.decided_on or case.stopped_on or ended.get(case.pk)


def refresh_rollups(start: date, end: date) -> int:
    """Recompute the rollup rows of the days start..end (inclusive) from the cases table. Idempotent."""
    from .watch import _ledger, calendar

    cal = calendar()
    acc: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SUMS, 0))
    ended_events = CaseEvent.objects.filter(to_state__in=CONCLUDED_STATES, from_state__in=OPEN_STATES,
                                            on__range=(start, end), case__decided_on__isnull=True,
                                            case__stopped_on__isnull=True)
    ended = dict(ended_events.values_list("case_id", "on"))
    cond = (Q(received_on__range=(start, end)) | Q(accepted_on__range=(start, end))
            | Q(decided_on__range=(start, end)) | Q(stopped_on__range=(start, end))
            | Q(pk__in=ended_events.values("case_id")))
    qs = (Case.objects.filter(cond).select_related("item_version")
          .prefetch_related(Prefetch("suspensions", queryset=Suspension.objects.order_by("started_on", "id")))
          .only("id", "state", "department_id", "hall_id", "channel", "received_on", "accepted_on", "deemed_accepted",
                "decided_on", "stopped_on", "updated_at", "deadline", "limit_days", "extension_days", "notices_issued",
                "deferral_due", "commitment_signed", "item_version__item_id", "item_version__promised_limit_days",
                "item_version__legal_limit_days", "item_version__fully_online", "item_version__max_visits"))
    for case in qs.iterator(chunk_size=2000):
        v = case.item_version
        dims = (case.department_id, v.item_id, case.hall_id, case.channel)
        if start <= case.received_on <= end:
            r = acc[(case.received_on, *dims)]
            r["received"] += 1
            r["received_immediate"] += v.promised_limit_days == 0
            r["received_fully_online"] += bool(v.fully_online)
            r["received_one_visit"] += v.max_visits <= 1
            r["received_with_notice"] += case.notices_issued > 0
            r["received_deferral"] += case.deferral_due is not None
            r["received_commitment"] += bool(case.commitment_signed)
        if case.accepted_on and start <= case.accepted_on <= end:
            r = acc[(case.accepted_on, *dims)]
            r["accepted"] += 1
            r["accepted_deemed"] += bool(case.deemed_accepted)
        concluded = _concluded_on(case, ended)
        if concluded and start <= concluded <= end:
            r = acc[(concluded, *dims)]
            r["concluded"] += 1
            r["suspended"] += bool(case.suspensions.all())
            r["extended"] += case.extension_days > 0
            if case.state in DECIDED_STATES and case.accepted_on and case.decided_on and case.deadline:
                used = _ledger(case, cal).used(case.decided_on)
                r["decided"] += 1
                r["decided_on_time"] += case.decided_on <= case.deadline
                r["decided_early"] += case.decided_on < case.deadline
                r["days_used"] += used
                r["days_promised"] += case.limit_days or 0
                if v.legal_limit_days is not None:
                    r["decided_with_legal"] += 1
                    r["days_legal"] += v.legal_limit_days
                    r["days_used_with_legal"] += used
    rows = [DailyRollup(day=k[0], department_id=k[1], item_id=k[2], hall_id=k[3], channel=k[4], **vals)
            for k, vals in acc.items()]
    with transaction.atomic():
        DailyRollup.objects.filter(day__range=(start, end)).delete()
        DailyRollup.objects.bulk_create(rows, batch_size=2000)
        RunState.objects.update_or_create(name="rollups", defaults={"ran_at": timezone.now(),
                                                                    "note": f"{start}..{end}"})
    return len(rows)


def refresh_recent(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return refresh_rollups(today - timedelta(days=conf.rollup_refresh_days()), today)


def freshness() -> dict:
    runs = {r.name: r for r in RunState.objects.all()}
    return {name: (runs[name].ran_at if name in runs else None) for name in ("rollups", "warnings", "anomalies")}


# ---- reading the figures ---------------------------------------------------------------------------------------------
def _pct(v):
    return None if v is None else round(v * 100, 1)


def _avg(total, n):
    return None if not n else round(total / n, 2)


def derive(s: dict) -> dict:
    """The figures of one group from its summed rollup columns (rates as percentages)."""
    return {
        "received": s["received"], "accepted": s["accepted"], "concluded": s["concluded"],
        "on_time_rate": _pct(ratio(s["decided_on_time"], s["decided"])),
        "early_rate": _pct(ratio(s["decided_early"], s["decided"])),
        "avg_days_used": _avg(s["days_used"], s["decided"]),
        "avg_days_promised": _avg(s["days_promised"], s["decided"]),
        "avg_days_legal": _avg(s["days_legal"], s["decided_with_legal"]),
        "avg_days_used_with_legal": _avg(s["days_used_with_legal"], s["decided_with_legal"]),
        "immediate_share": _pct(ratio(s["received_immediate"], s["received"])),
        "fully_online_share": _pct(ratio(s["received_fully_online"], s["received"])),
        "one_visit_share": _pct(ratio(s["received_one_visit"], s["received"])),
        "supplement_rate": _pct(ratio(s["received_with_notice"], s["received"])),
        "deferral_rate": _pct(ratio(s["received_deferral"], s["received"])),
        "commitment_rate": _pct(ratio(s["received_commitment"], s["received"])),
        "deemed_accepted": s["accepted_deemed"], "suspended": s["suspended"], "extended": s["extended"],
        "decided": s["decided"],
    }


def rollup_groups(start: date, end: date, dimension: str = "department", department_ids=None,
                  filters: dict | None = None) -> list[dict]:
    """[{key, label, sums..., figures...}] for each group of the dimension over start..end."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    qs = DailyRollup.objects.filter(day__range=(start, end))
    if department_ids is not None:
        qs = qs.filter(department_id__in=department_ids)
    for k, v in (filters or {}).items():
        if v not in (None, ""):
            qs = qs.filter(**{k: v})
    _, key, name = DIMENSIONS[dimension]
    if dimension == "month":
        qs = qs.annotate(month=TruncMonth("day"))
    group = [f for f in (key, name) if f]
    agg = {s: Sum(s) for s in SUMS}
    rows = list(qs.values(*group).annotate(**agg).order_by(*group)) if group else [qs.aggregate(**agg)]
    out = []
    for r in rows:
        sums = {s: r[s] or 0 for s in SUMS}
        k = r.get(key) if key else "total"
        if dimension == "channel":
            label = CHANNEL_LABELS.get(k, k)
        elif dimension == "month":
            label = f"{k:%Y年%m月}" if k else "—"
        elif dimension == "total":
            label = "全区合计"
        else:
            label = r.get(name) or str(k)
        out.append({"key": k, "label": label, "sums": sums, **derive(sums)})
    return out


def supervision_counts(start: date, end: date, department_ids=None) -> dict:
    """Warnings, anomalies and orders per department (from the supervision tables)."""
    def scoped(qs):
        return qs if department_ids is None else qs.filter(department_id__in=department_ids)

    out: dict = defaultdict(lambda: {"warnings_yellow": 0, "warnings_red": 0, "anomalies": 0, "orders": 0,
                                     "orders_on_time": 0, "orders_due": 0})
    for r in scoped(Warning.objects.filter(first_seen_on__range=(start, end))).values("department_id", "level") \
            .annotate(n=Count("id")):
        if r["level"] in ("yellow", "red"):
            out[r["department_id"]][f"warnings_{r['level']}"] += r["n"]
    for r in scoped(Anomaly.objects.filter(found_on__range=(start, end), active=True)).values("department_id") \
            .annotate(n=Count("id")):
        out[r["department_id"]]["anomalies"] += r["n"]
    today = timezone.localdate()
    for o in scoped(SupervisionOrder.objects.filter(issued_on__range=(start, end))).values(
            "department_id", "replied_on", "reply_due"):
        d = out[o["department_id"]]
        d["orders"] += 1
        if o["replied_on"] is not None or o["reply_due"] < today:
            d["orders_due"] += 1
            d["orders_on_time"] += bool(o["replied_on"] and o["replied_on"] <= o["reply_due"])
    for d in out.values():
        d["orders_on_time_rate"] = _pct(ratio(d["orders_on_time"], d["orders_due"]))
    return out


def rating_figures(start: date, end: date, department_ids=None) -> dict:
    """Ratings (好差评) per department: count, negative rate, rectification rate (ratings app, same floor;
    see docs/decisions/0005)."""
    from yiwang.ratings.queries import rating_counts

    out = {}
    for dept, c in rating_counts(start, end, department_ids).items():
        out[dept] = {"ratings": c["ratings"],
                     "negative_rate": _pct(ratio(c["negative"], c["ratings"])),
                     "rectification_rate": _pct(ratio(c["rectified"], c["negative"])),
                     "invitation_rate": _pct(ratio(c["invited"], c["services"])),
                     "response_rate": _pct(ratio(c["answered"], c["invited"])),
                     "_counts": c}
    return out


def rating_totals(ratings: dict) -> dict:
    """The district's rating figures from the departments' counts."""
    tot = defaultdict(int)
    for r in ratings.values():
        for k, v in r["_counts"].items():
            tot[k] += v
    return {"ratings": tot["ratings"], "negative_rate": _pct(ratio(tot["negative"], tot["ratings"])),
            "rectification_rate": _pct(ratio(tot["rectified"], tot["negative"])),
            "invitation_rate": _pct(ratio(tot["invited"], tot["services"])),
            "response_rate": _pct(ratio(tot["answered"], tot["invited"]))}


def dashboard(start: date, end: date, dimension: str = "department", department_ids=None,
              filters: dict | None = None) -> dict:
    """Everything the dashboard shows: the groups with their figures, the district total, the department
    ranking, the supervision counts and the ratings (by department), the freshness and the definitions."""
    groups = rollup_groups(start, end, dimension, department_ids, filters)
    total = rollup_groups(start, end, "total", department_ids, filters)[0]
    # Warnings, anomalies, orders and ratings follow the department filter too, so the total row never mixes one
    # department's figures with the district's counts.
    narrowed = [filters["department_id"]] if filters and "department_id" in filters else department_ids
    counts = supervision_counts(start, end, narrowed)
    ratings = rating_figures(start, end, narrowed)
    if dimension == "department":
        for g in groups:
            g.update({k: v for k, v in counts.get(g["key"], {}).items() if not k.startswith("orders_due")})
            g.update({k: v for k, v in ratings.get(g["key"], {}).items() if k != "_counts"})
    tot = defaultdict(int)
    for c in counts.values():
        for k in ("warnings_yellow", "warnings_red", "anomalies", "orders", "orders_on_time", "orders_due"):
            tot[k] += c[k]
    total.update(tot)
    total["orders_on_time_rate"] = _pct(ratio(tot["orders_on_time"], tot["orders_due"]))
    total.update(rating_totals(ratings))
    return {"groups": groups, "total": total, "ranking": department_ranking(start, end, department_ids),
            "freshness": freshness(), "dimension": dimension,
            "start": start, "end": end}


def department_ranking(start: date, end: date, department_ids=None) -> list[dict]:
    """The assessment ranking: each department's weighted score (YIWANG_SUPERVISION_RANKING_WEIGHTS) over rates."""
    groups = {g["key"]: g for g in rollup_groups(start, end, "department", department_ids)}
    counts = supervision_counts(start, end, department_ids)
    rows = {}
    for key, g in groups.items():
        c = counts.get(key, {})
        s = g["sums"]
        rows[key] = {
            "on_time_rate": ratio(s["decided_on_time"], s["decided"]),
            "early_rate": ratio(s["decided_early"], s["decided"]),
            "fully_online_share": ratio(s["received_fully_online"], s["received"]),
            "one_visit_share": ratio(s["received_one_visit"], s["received"]),
            "no_supplement_rate": None if not s["received"] else 1 - s["received_with_notice"] / s["received"],
            "no_warning_rate": None if not s["accepted"] else max(0.0, 1 - c.get("warnings_red", 0) / s["accepted"]),
            "orders_on_time_rate": ratio(c.get("orders_on_time", 0), c.get("orders_due", 0)),
        }
    # 考核: the enterprise service centre's grades of each department's demand handling, as one weighted figure.
    from yiwang.demands import conf as demand_conf
    from yiwang.demands.queries import department_scores

    demand = department_scores(start, end)
    for key in rows:
        rows[key]["demand_handling_rate"] = demand.get(key)
    weights = {**conf.ranking_weights(), "demand_handling_rate": demand_conf.ranking_weight()}
    return [{"key": key, "label": groups[key]["label"], "score": score, "rank": rank, "rates": rows[key]}
            for key, score, rank in ranking(rows, weights)]


# ---- the demands loop on the dashboard ------------------------------------------------------------------------------
DEMAND_KEYS = [("received", "收到", ""), ("accepted", "受理", ""), ("closed", "办结", ""), ("closure_rate", "办结率", "%"),
               ("ack_on_time", "按时报到率", "%"), ("reply_on_time", "按时答复率", "%"),
               ("avg_days", "平均办理工作日", ""), ("satisfaction", "满意率", "%"), ("reopen_rate", "重办率", "%")]


def demand_figures(start, end, department_ids=None) -> dict:
    """The enterprise demands' figures for the period, by category, with their definitions (demands.queries); a
    department head's dashboard counts the demands dispatched to their departments."""
    from django.db.models import Exists, OuterRef

    from yiwang.demands.models import Assignment, Demand
    from yiwang.demands.queries import figures as demand_figures_of

    qs = Demand.objects.all()
    if department_ids is not None:
        qs = qs.filter(Exists(Assignment.objects.filter(demand=OuterRef("pk"), department_id__in=department_ids)))
    data = demand_figures_of(start, end, "category", qs=qs)
    keys = [k for k, *_ in DEMAND_KEYS]
    defs = data["definitions"]
    return {"keys": [(k, label, unit, defs.get(k, "")) for k, label, unit in DEMAND_KEYS], "rows": [(r["key"], [r.get(k) for k in keys]) for r in data["rows"]],
            "total": [data["total"].get(k) for k in keys] if data["total"] else None,
            "definitions": defs}
