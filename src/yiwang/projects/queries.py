"""Reads more than one page needs: a project's clock, its tracking row, the board."""
from __future__ import annotations

from datetime import date

from django.utils import timezone

from yiwang.cases.domain import lifecycle as lc
from yiwang.workdays.services import get_calendar

from . import conf
from .domain import clock as ck
from .domain.classes import STAGE_LABELS, Stage
from .models import StageApplication, StageCase

SUPPLEMENT_BASIS = "《中华人民共和国行政许可法》第三十二条（一次性告知补正）"
SPECIAL_BASIS = "《中华人民共和国行政许可法》第四十五条（{kind}）"


def _end(case) -> date | None:
    if lc.State(case.state) not in lc.CONCLUDED:
        return None
    return case.decided_on or case.stopped_on or case.delivered_on or case.updated_at.date()


def spans_of(project) -> list[ck.Span]:
    """One span per filed item: held from its filing to its conclusion, paused while the builder supplements
    (第三十二条) and during the special procedures of 第四十五条."""
    out = []
    items = (StageCase.objects.filter(application__project=project).exclude(case=None)
             .select_related("case__department", "application", "stage_item__item")
             .prefetch_related("case__notices", "case__suspensions"))
    for sc in items:
        c = sc.case
        pauses = [ck.Pause(n.issued_on, n.answered_on, ck.BUILDER, SUPPLEMENT_BASIS) for n in c.notices.all()]
        pauses += [ck.Pause(s.started_on, s.resumed_on, ck.SPECIAL, SPECIAL_BASIS.format(kind=s.get_kind_display()))
                   for s in c.suspensions.all()]
        out.append(ck.Span(key=sc.stage_item.item.name, stage=sc.application.stage, start=c.received_on,
                           end=_end(c), pauses=tuple(pauses), department=c.department.short_name or c.department.name))
    return out


def clock_of(project, today: date | None = None) -> ck.Clock:
    today = today or timezone.localdate()
    outside = [ck.Outside(p.started_on, p.finished_on, p.service) for p in project.intermediary_periods.all()]
    return ck.whole_chain(spans_of(project), get_calendar(), today=today, target=project.target_days,
                          outside=outside)


def current_stage(project) -> StageApplication | None:
    apps = [a for a in project.stages.all() if a.stage != Stage.UTILITIES.value]
    open_ = [a for a in apps if a.status == StageApplication.Status.OPEN]
    pool = open_ or apps
    return max(pool, key=lambda a: a.stage) if pool else None


def tracking_row(project, *, departments=None, today: date | None = None) -> dict:
    """The board's row: stage, each item's state and own days, whole-chain days against the target, bottleneck.
    `departments`: the department ids whose items the viewer sees (None: all)."""
    c = clock_of(project, today)
    stage = current_stage(project)
    items = []
    for app in project.stages.all():
        for sc in app.items.all():
            case = sc.case
            if departments is not None and (case is None or case.department_id not in departments):
                continue
            name = sc.stage_item.item.name
            items.append({"stage": app.stage, "stage_label": STAGE_LABELS[Stage(app.stage)], "item": name,
                          "department": sc.stage_item.item.department.short_name or sc.stage_item.item.department.name,
                          "case": case, "state": lc.STATE_LABELS[lc.State(case.state)] if case else "待前置事项办结",
                          "parallel": sc.parallel, "days": c.by_span.get(name, 0)})
    return {"project": project, "stage": stage, "stage_label": STAGE_LABELS[Stage(stage.stage)] if stage else "未申报",
            "clock": c, "used": c.government, "target": project.target_days,
            "warning": c.warning(conf.warn_share()), "over": c.over, "bottleneck": c.bottleneck, "items": items,
            "reasked": sum(len(a.reasked_fields) for a in project.stages.all())}
