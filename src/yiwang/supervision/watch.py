"""Deadline watch (read only): which warnings a set of cases raises today. Used by the periodic task (which
stores them, services.sync_warnings) and by the board (live, for what the task has not stored yet).

Working days left before a due date D at `today`: the working days in (today, D] (0 on the due day itself,
negative once past it: then the working days in (D, today], negated) — the same count as the deadline ledger."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet

from yiwang.cases import conf as cases_conf
from yiwang.cases.domain import lifecycle as lc
from yiwang.cases.domain.ledger import Ledger, Suspension as LedgerSuspension
from yiwang.cases.models import Case, CaseEvent, CaseMaterial, PostCheck, Suspension
from yiwang.cases.models_law import Hearing
from yiwang.cases.services import hearings as hearing_rules
from yiwang.org.models import Role, StaffRole

from . import conf
from .domain.levels import Level, level_for, step_limits
from .models import WarningKind

AWAITING_DELIVERY = [lc.State.APPROVED.value, lc.State.DENIED.value]
NO_POST_CHECK_STATES = [lc.State.WITHDRAWN.value, lc.State.TERMINATED.value, lc.State.REFUSED.value]
OPEN_HEARINGS = [Hearing.Status.REQUESTED, Hearing.Status.SCHEDULED]
LIVE_HORIZON_DAYS = 31  # calendar days ahead the board looks for due dates the task may not have stored yet


@dataclass
class Finding:
    case: Case
    kind: str
    level: Level
    due_on: date | None
    remaining: int | None
    detail: str
    responsible_ids: list[int] = field(default_factory=list)
    head_ids: list[int] = field(default_factory=list)

    @property
    def key(self) -> tuple[int, str]:
        return (self.case.pk, self.kind)


def calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def days_left(cal, today: date, due: date) -> int:
    if due >= today:
        return cal.working_days_between(today, due) if due > today else 0
    return -cal.working_days_between(due, today)


def candidates(qs: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """Cases that can carry a warning: open, decided and awaiting delivery, or with a post-check pending."""
    qs = Case.objects.all() if qs is None else qs
    return qs.filter(
        Q(state__in=[s.value for s in lc.OPEN])
        | Q(state__in=AWAITING_DELIVERY, delivered_on__isnull=True, delivery_due__isnull=False)
        | (Q(post_check__status=PostCheck.Status.PENDING) & ~Q(state__in=NO_POST_CHECK_STATES))
    )


def live_candidates(qs: QuerySet[Case], today: date, since) -> QuerySet[Case]:
    """The board's live pass: candidates changed since the task last ran, or with a due date close enough for the
    level to have changed by the passing of time alone."""
    h = today + timedelta(days=LIVE_HORIZON_DAYS)
    cond = (Q(state=lc.State.RECEIVED) | Q(deadline__lte=h) | Q(delivery_due__lte=h) | Q(deferral_due__lte=h)
            | Q(post_check__due_on__lte=h) | Q(deemed_accepted=True)
            | Q(hearings__status__in=OPEN_HEARINGS, hearings__hold_by__lte=h))
    if since is not None:
        cond |= Q(updated_at__gte=since)
    return candidates(qs).filter(cond)


class _People:
    """Who answers for a warning: staff roles looked up once per evaluation."""

    def __init__(self):
        self.by_dept: dict[tuple[int, str], list[int]] = {}
        self.by_hall: dict[int, list[int]] = {}
        for user_id, role, dept, hall in StaffRole.objects.values_list("user_id", "role", "department_id", "hall_id"):
            if dept:
                self.by_dept.setdefault((dept, role), []).append(user_id)
            if hall and role == Role.CLERK:
                self.by_hall.setdefault(hall, []).append(user_id)

    def dept(self, case: Case, role: str) -> list[int]:
        return sorted(self.by_dept.get((case.department_id, role), []))

    def heads_over(self, case: Case, role: str) -> list[int]:
        if role in (Role.SECTION_HEAD, Role.UNIT_LEADER):
            return self.dept(case, Role.UNIT_LEADER) if role == Role.SECTION_HEAD else []
        return self.dept(case, Role.SECTION_HEAD) or self.dept(case, Role.UNIT_LEADER)

    def step(self, case: Case) -> tuple[list[int], list[int]]:
        step = lc.steps_of(case.tier)[min(case.step_index, len(lc.steps_of(case.tier)) - 1)]
        role = lc.STEP_ROLE[step]
        if role in (lc.OFFICER, lc.CLERK):
            return ([case.accepted_by_id] if case.accepted_by_id else self.by_hall.get(case.hall_id, []),
                    self.heads_over(case, Role.CLERK))
        return self.dept(case, role), self.heads_over(case, role)

    def hall(self, case: Case) -> tuple[list[int], list[int]]:
        ids = [case.accepted_by_id] if case.accepted_by_id else sorted(self.by_hall.get(case.hall_id, []))
        return ids, self.heads_over(case, Role.CLERK)


def _ledger(case: Case, cal) -> Ledger:
    lg = Ledger(cal)
    lg.started_on, lg.limit_days = case.accepted_on, case.limit_days or 0
    lg.suspensions = [LedgerSuspension(s.started_on, s.resumed_on, s.reason) for s in case.suspensions.all()]
    lg.extension_days, lg.stopped_on = case.extension_days, case.stopped_on
    return lg


def _step_started(case: Case) -> date:
    on = (CaseEvent.objects.filter(case=case, action__in=[lc.Action.FORWARD, lc.Action.SEND_BACK])
          .order_by("-at", "-id").values_list("on", flat=True).first())
    return max(on, case.accepted_on) if on else case.accepted_on


def evaluate(qs: QuerySet[Case], today: date) -> list[Finding]:
    """Every warning (level yellow or red) the cases in `qs` raise on `today`."""
    cal, people = calendar(), _People()
    wd, ws = conf.warn_days(), conf.warn_share()
    check_days = cases_conf.completeness_check_days()
    shares = conf.step_shares()
    out: list[Finding] = []
    qs = qs.select_related("post_check").prefetch_related(
        Prefetch("suspensions", queryset=Suspension.objects.order_by("started_on", "id")),
        Prefetch("materials", queryset=CaseMaterial.objects.filter(status=CaseMaterial.Status.DEFERRED)
                 .select_related("material"),
                 to_attr="deferred_rows"),
        Prefetch("hearings", queryset=Hearing.objects.filter(status__in=OPEN_HEARINGS, hold_by__isnull=False),
                 to_attr="open_hearings"))
    notice = hearing_rules.notice_days()

    def add(case, kind, limit, due, remaining, detail, who):
        lvl = level_for(remaining, limit, warn_days=wd, warn_share=ws)
        if lvl != Level.NONE:
            out.append(Finding(case, kind, lvl, due, remaining, detail, list(who[0]), list(who[1])))

    for case in qs.distinct().iterator(chunk_size=500):
        state = lc.State(case.state)
        if state == lc.State.RECEIVED or (case.deemed_accepted and state in lc.OPEN):
            due = cal.add_working_days(case.pending_since, check_days)
            if state == lc.State.RECEIVED:
                add(case, WarningKind.ART32, check_days, due, days_left(cal, today, due),
                    f"收件后{check_days}个工作日内应受理、不予受理或一次性告知补正", people.hall(case))
            else:
                out.append(Finding(case, WarningKind.ART32, Level.RED, due, None,
                                   "收件后逾期未处理，已依第三十二条视为受理", *people.hall(case)))
        if state in lc.CLOCK_RUNNING and case.accepted_on:
            lg = _ledger(case, cal)
            add(case, WarningKind.CASE_LIMIT, lg.total_limit, lg.deadline(), lg.remaining(today),
                f"承诺时限{lg.total_limit}个工作日" + ("（特别程序中，计时暂停）" if lg.is_suspended else ""),
                people.step(case))
            tier_shares = shares.get(case.tier) or ()
            if state == lc.State.UNDER_REVIEW and len(tier_shares) > 1:
                idx = min(case.step_index, len(tier_shares) - 1)
                limit = step_limits(lg.total_limit, tuple(tier_shares))[idx]
                started = _step_started(case)
                remaining = limit - (lg.used(today) - lg.used(started))
                step = lc.steps_of(case.tier)[idx]
                add(case, WarningKind.STEP_LIMIT, limit, cal.add_working_days(started, limit), remaining,
                    f"“{lc.STEP_LABELS[step]}”环节时限{limit}个工作日（{started:%m月%d日}起）", people.step(case))
            if case.deferred_rows and case.deferral_due:
                add(case, WarningKind.DEFERRAL, 0, case.deferral_due, days_left(cal, today, case.deferral_due),
                    "容缺材料待补交：" + "、".join(m.material.name for m in case.deferred_rows)[:200],
                    people.hall(case))
        if case.state in AWAITING_DELIVERY and case.delivered_on is None and case.delivery_due:
            add(case, WarningKind.DELIVERY, cases_conf.delivery_days(), case.delivery_due,
                days_left(cal, today, case.delivery_due), f"决定后{cases_conf.delivery_days()}个工作日内出件",
                people.hall(case))
        for hearing in case.open_hearings:
            # art. 47: held within 20 days of the request; art. 48 (1): the parties told 7 days before — so a hearing
            # not yet noticed must be noticed by the hold-by day less the notice days; one noticed must be held
            # (its record signed) by the hold-by day.
            if hearing.status == Hearing.Status.REQUESTED:
                due = cal.add_working_days(hearing.hold_by, -notice)
                detail = (f"已于{hearing.requested_on:%m月%d日}申请听证，须提前{notice}个工作日通知当事人，"
                          f"于{hearing.hold_by:%m月%d日}前举行")
            else:
                due = hearing.hold_by
                detail = f"听证须于{hearing.hold_by:%m月%d日}前举行并制作笔录"
            add(case, WarningKind.HEARING, hearing_rules.hold_days(), due, days_left(cal, today, due), detail,
                ([hearing.notified_by_id], people.heads_over(case, Role.REVIEWER)))
        pc = getattr(case, "post_check", None)
        if pc is not None and pc.status == PostCheck.Status.PENDING and case.state not in NO_POST_CHECK_STATES:
            add(case, WarningKind.POST_CHECK, 0, pc.due_on, days_left(cal, today, pc.due_on), "告知承诺事后核查",
                (people.dept(case, Role.REVIEWER), people.heads_over(case, Role.REVIEWER)))
    return out
