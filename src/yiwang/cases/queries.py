"""Read side: which cases a user may see, which actions they may take, the timeline and the receipt."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.org.models import Role
from yiwang.org.scoping import scope_of, scoped

from .domain import lifecycle as lc
from .models import Case, CaseMaterial, CaseStep
from .services.common import _staff_roles, case_roles, ledger_for


def cases_visible_to(user) -> QuerySet[Case]:
    """Applicants: their own cases and those of the applicants they act for (their enterprise's); staff: their
    departments' cases (the item's department) and their halls' (the receiving hall); supervisors and system
    administrators: everything."""
    qs = Case.objects.select_related("item_version", "applicant", "department", "hall")
    return scoped(qs, user, applicant="applicant_id", department="department_id", hall="hall_id")


LAPSED = frozenset({lc.Action.ACCEPT, lc.Action.REFUSE, lc.Action.NOTIFY_SUPPLEMENT})


def applicants_reached(scope) -> Q | None:
    """The applicants a staff member reaches through the cases they handle (their departments' and halls')."""
    if not (scope.case_department_ids or scope.case_hall_ids):
        return None
    cases = Case.objects.filter(Q(department_id__in=scope.case_department_ids) | Q(hall_id__in=scope.case_hall_ids))
    return Q(pk__in=cases.values("applicant_id"))


def actions_allowed(case: Case, user) -> list[str]:
    """What `user` may do with `case` now: the lifecycle table for their parts in the case, narrowed by the rules
    the services check (step holder, separation of steps, extension once, 容缺 outstanding, bundle delivery)."""
    return [o.name for o in action_options(case, user) if o.available]


@dataclass(frozen=True)
class ActionOption:
    """One action of a person's part in a case: available now, or not, with the reason in plain Chinese."""
    name: str
    available: bool
    reason: str = ""

    @property
    def label(self) -> str:
        return lc.ACTION_LABELS.get(lc.Action(self.name), self.name)


def action_options(case: Case, user) -> list[ActionOption]:
    """The actions of `user`'s parts in `case` in its current state, each available or not with its reason
    (“容缺材料未补交，暂不能准予许可”). Actions that do not concern the case at all (nothing deferred to supply, a
    hearing not held) are left out; those a rule holds back are kept, unavailable, with the rule's words.
    The one place the case page and `actions_allowed` (API, inbox checks) learn what may be done."""
    from .services.approval import check_step_holder

    from .services.intake import art32_lapsed

    roles = case_roles(case, user)
    acts = lc.allowed_actions(lc.State(case.state), roles, tier=case.tier, step_index=case.step_index)
    out: list[ActionOption] = []
    if case.state == lc.State.RECEIVED and set(acts) & LAPSED and art32_lapsed(case):
        # Art. 32: the completeness-check days are over, the law has deemed the case accepted; what is left to
        # the clerk is to record that (视为受理), not to accept, refuse or ask for supplements.
        lapsed = [a for a in acts if a in LAPSED]
        acts = [a for a in acts if a not in LAPSED]
        if lc.CLERK in roles or lc.OFFICER in roles:
            acts.insert(0, lc.Action.DEEM_ACCEPT.value)
        out += [ActionOption(a, False, "收到申请材料已超过五个工作日，依法视为受理，请记录视为受理") for a in lapsed]
    step_error = None
    for a in acts:
        reason = None  # None: available; "": not shown at all; text: unavailable for that reason
        if a in lc.STEP_ACTIONS:
            if step_error is None:
                try:
                    check_step_holder(case, user)
                    step_error = ""
                except DomainError as exc:
                    step_error = exc.message
            reason = step_error or None
        if reason is None:
            reason = _held_back(case, user, a, roles)
        if reason == "":
            continue
        out.append(ActionOption(a, reason is None, reason or ""))
    out += _waiting_steps(case, roles, acts)
    return out


def _held_back(case: Case, user, a: str, roles) -> str | None:
    """Why a rule holds action `a` back now (None: it does not; "": the action does not concern the case)."""
    if a == lc.Action.EXTEND and case.extension_days:
        return f"本办件已延期{case.extension_days}个工作日，延期只能一次"
    if a == lc.Action.APPROVE:
        if _has_deferred(case):
            return "容缺材料未补交，暂不能准予许可"
        if not _may_decide_licence(case, user):
            return f"准予许可须同时签发电子证照，您不是{case.department.name}的有权人员"
    if a == lc.Action.SUPPLY_DEFERRED and not _has_deferred(case):
        return ""
    if a == lc.Action.DELIVER and case.bundle_case_id:
        return "本办件属于“一件事”，办结后随一件事统一出件"
    if a == lc.Action.ACCEPT and case.tier == "one_step" and lc.OFFICER not in roles:
        return "审核合一事项须由窗口事务官受理"
    if a == lc.Action.REVOKE:  # only through a post-check that finds a commitment false
        return ""
    if a == lc.Action.SIGN_DEFERRAL and not _only_deferrable_missing(case):
        return ""
    if a in lc.HEARING_ACTIONS and not _hearing_allows(case, a, user):
        return ""
    if a == lc.Action.RESUME and case.hearing_status in ("requested", "announced", "scheduled"):
        return "听证程序中，听证笔录签署后方恢复计时"  # the signed record ends a hearing
    if a in (lc.Action.APPROVE, lc.Action.DENY) and not _decision_open(case):
        h = _hearing(case)
        return f"申请人要求听证的期限未满（至{h.request_due:%Y年%m月%d日}），暂不能作出决定"
    return None


def _waiting_steps(case: Case, roles, acts) -> list[ActionOption]:
    """A decider whose step has not come (or has passed) sees their step's action with the reason."""
    if case.state != lc.State.UNDER_REVIEW or set(acts) & lc.STEP_ACTIONS:
        return []
    steps = lc.steps_of(case.tier)
    current = steps[case.step_index]
    for i, step in enumerate(steps):
        if i != case.step_index and lc.STEP_ROLE[step] in roles and lc.STEP_ROLE[step] in lc.DEPARTMENT:
            name = lc.Action.APPROVE if i == len(steps) - 1 else lc.Action.FORWARD
            when = "尚未轮到您办理" if i > case.step_index else "您的环节已办理"
            return [ActionOption(name.value, False, f"当前环节为“{lc.STEP_LABELS[current]}”，{when}")]
    return []


def _hearing(case: Case):
    cached = getattr(case, "_current_hearing", False)
    if cached is False:
        cached = case.hearings.order_by("-id").first() if case.hearing_status else None
        case._current_hearing = cached
    return cached


def _hearing_allows(case: Case, action: str, user) -> bool:
    """The hearing actions the hearing's own state allows (the table has checked the case's state and the role)."""
    status = case.hearing_status
    if action in (lc.Action.NOTIFY_HEARING, lc.Action.ANNOUNCE_HEARING):
        return status not in ("notified", "requested", "announced", "scheduled")
    h = _hearing(case)
    if h is None:
        return False
    if action == lc.Action.REQUEST_HEARING:
        return status == "notified" and timezone.localdate() <= h.request_due
    pending_recusal = bool(h.recusal_requested_on and not h.recusal_decision)
    if action == lc.Action.SCHEDULE_HEARING:
        return status in ("requested", "announced") or (status == "scheduled" and h.recusal_decision == "granted")
    if action == lc.Action.REQUEST_RECUSAL:
        return status == "scheduled" and not pending_recusal
    if action == lc.Action.DECIDE_RECUSAL:
        return status == "scheduled" and pending_recusal
    if action == lc.Action.RECORD_HEARING:
        return status == "scheduled" and not pending_recusal and h.host_id == user.pk \
            and timezone.localdate() >= h.scheduled_for
    return False


def _decision_open(case: Case) -> bool:
    """No decision while the hearing's request period runs (art. 47)."""
    if case.hearing_status != "notified":
        return True
    h = _hearing(case)
    return h is None or timezone.localdate() > h.request_due


def _only_deferrable_missing(case: Case) -> bool:
    """容缺 may be offered: something required is missing and every missing material is a deferrable one."""
    from .domain import materials as mr
    from .services.intake import _status_map, requirements

    from .services import credit_gate

    widened = credit_gate.lenient(case.applicant).lenient_plus
    return mr.completeness(requirements(case), _status_map(case), widened=widened).deferrable_only


def _may_decide_licence(case: Case, user) -> bool:
    from .workbench.licensing import issues_licence, may_issue_for

    return not issues_licence(case) or may_issue_for(user, case)


def _has_deferred(case: Case) -> bool:
    """Whether a 容缺 material is outstanding; from the materials already loaded with the case when they are."""
    loaded = getattr(case, "_prefetched_objects_cache", {}).get("materials")
    if loaded is not None:
        return any(cm.status == CaseMaterial.Status.DEFERRED for cm in loaded)
    return case.materials.filter(status=CaseMaterial.Status.DEFERRED).exists()


# ---- the inbox in SQL ------------------------------------------------------------------------------------------
STAFF_WAITING = frozenset({
    lc.Action.ACCEPT, lc.Action.DEEM_ACCEPT, lc.Action.REFUSE, lc.Action.NOTIFY_SUPPLEMENT, lc.Action.FORWARD,
    lc.Action.SEND_BACK, lc.Action.APPROVE, lc.Action.DENY, lc.Action.RESUME, lc.Action.DELIVER,
})
APPLICANT_WAITING = frozenset({lc.Action.SUPPLEMENT, lc.Action.SUPPLY_DEFERRED})


def _deferred_outstanding() -> Exists:
    return Exists(CaseMaterial.objects.filter(case_id=OuterRef("pk"), status=CaseMaterial.Status.DEFERRED))


def waiting_for(user) -> Q:
    """The cases whose next move is `user`'s, as one SQL condition: exactly the cases for which
    `actions_allowed(case, user)` holds one of STAFF_WAITING (staff) or APPLICANT_WAITING (applicants), so the
    inbox is filtered, ordered and paginated by the database instead of asking every open case in Python.

    Derived from the lifecycle table and the rules `actions_allowed` adds (tests/perf check the two agree):
    - received: refuse is always open to a clerk of the receiving hall (so the case waits for them);
    - under review: the current step's holder, i.e. the role of the step (the window officer's and the acceptor's
      steps: a clerk of the hall, and the acceptor themself once accepted; department steps: that role in the
      case's department), who has taken no *other* step of the case in the multi-step tiers (in 三级审批 the
      acceptance counts as the acceptor's step); at the last step deny is always open, so 容缺 does not matter;
    - suspended: resume, for reviewers, section heads and unit leaders of the department;
    - approved or denied: deliver, for a clerk of the hall, unless the case belongs to a 一件事 (delivered with it);
    - applicants: supplement while supplementing, supply_deferred while a 容缺 material is outstanding.
    """
    S = lc.State
    nothing = Q(pk__in=[])
    if user is None or not getattr(user, "is_authenticated", False):
        return nothing
    rows = _staff_roles(user)
    clerk_halls = sorted({h for r, _d, h, _o in rows if r == Role.CLERK and h})
    officer_halls = sorted({h for r, _d, h, o in rows if r == Role.CLERK and h and o})
    departments = {role: sorted({d for r, d, _h, _o in rows if r == role and d}) for role in lc.DEPARTMENT}
    if user.kind == user.Kind.APPLICANT:
        mine = Q(applicant_id__in=sorted(scope_of(user).applicant_ids))
        if clerk_halls:
            mine |= Q(hall_id__in=clerk_halls)  # a clerk may supplement and supply for the applicant
        return mine & (Q(state=S.SUPPLEMENTING) |
                       (Q(state__in=[S.UNDER_REVIEW, S.SUSPENDED]) & _deferred_outstanding()))
    q = nothing
    if clerk_halls:
        q |= Q(state=S.RECEIVED, hall_id__in=clerk_halls)
        q |= Q(state__in=[S.APPROVED, S.DENIED], hall_id__in=clerk_halls, bundle_case__isnull=True)
    any_department = sorted({d for ids in departments.values() for d in ids})
    if any_department:
        q |= Q(state=S.SUSPENDED, department_id__in=any_department)
    holders = {lc.OFFICER: Q(hall_id__in=officer_halls) if officer_halls else None,
               lc.CLERK: Q(hall_id__in=clerk_halls) if clerk_halls else None,
               **{role: Q(department_id__in=ids) if ids else None for role, ids in departments.items()}}
    for tier, steps in lc.TIERS.items():
        for index, step in enumerate(steps):
            holder = holders[lc.STEP_ROLE[step]]
            if holder is None:
                continue
            cond = Q(state=S.UNDER_REVIEW, tier=tier, step_index=index) & holder
            if step in ("officer", "acceptor"):
                cond &= Q(accepted_by__isnull=True) | Q(accepted_by_id=user.pk)
            if len(steps) >= 2:
                cond &= ~Exists(CaseStep.objects.filter(case_id=OuterRef("pk"), actor_id=user.pk).exclude(step=step))
                if lc.has_acceptor(tier) and step != "acceptor":
                    cond &= Q(accepted_by__isnull=True) | ~Q(accepted_by_id=user.pk)
            q |= cond
    return q


def clock(case: Case, at: date | None = None) -> dict:
    at = at or timezone.localdate()
    lg = ledger_for(case)
    return {
        "accepted_on": case.accepted_on, "limit_days": case.limit_days, "extension_days": case.extension_days,
        "deadline": lg.deadline(), "days_used": lg.used(at) if lg.is_started else None,
        "days_remaining": lg.remaining(at), "suspended": lg.is_suspended, "overdue": lg.is_overdue(at),
        "provisional": lg.provisional(at), "stopped_on": case.stopped_on,
    }


def timeline(case: Case, at: date | None = None) -> dict:
    """The case's events with their dates, the deadline and the working days used (for the API and pages)."""
    events = [
        {"on": e.on, "at": e.at, "action": e.action,
         "label": lc.ACTION_LABELS.get(e.action, {"submit": "提交申请", "post_check": "告知承诺核查"}.get(e.action, e.action)),
         "actor": str(e.actor) if e.actor_id else "系统", "role": e.role, "from_state": e.from_state,
         "to_state": e.to_state, "note": e.note, "data": e.data}
        for e in case.events.select_related("actor").order_by("at", "id")
    ]
    return {"case": case.pk, "number": case.number, "state": case.state,
            "state_label": lc.STATE_LABELS[lc.State(case.state)], "events": events, **clock(case, at)}


# The opinions the deciders write to one another (审查意见, 退回理由, 审批意见) stay inside the administration; the
# applicant is told what the law gives them: the reasons of a refusal, a denial, a termination, a supplement notice,
# a special procedure or an extension.
INTERNAL_NOTES = frozenset({lc.Action.FORWARD, lc.Action.SEND_BACK, lc.Action.APPROVE})
OUTCOME_REASON_LABELS = {lc.State.REFUSED: "不予受理理由", lc.State.DENIED: "不予许可理由",
                         lc.State.TERMINATED: "终止办理理由", lc.State.WITHDRAWN: "撤回理由"}


def applicant_timeline(case: Case, at: date | None = None) -> dict:
    """The timeline as the applicant sees it: the internal opinions left out (INTERNAL_NOTES), and the reason of
    the outcome only where the law requires telling it, under its own name (不予许可理由 …)."""
    t = timeline(case, at)
    t["events"] = [{**e, "note": "", "data": {}} if e["action"] in INTERNAL_NOTES else e for e in t["events"]]
    state = lc.State(case.state)
    if state == lc.State.DELIVERED:  # a delivered denial keeps its reasons
        state = lc.State.DENIED if case.events.filter(action=lc.Action.DENY).exists() else state
    label = OUTCOME_REASON_LABELS.get(state)
    t["outcome"] = {"label": label, "reason": case.outcome_reason, "basis": case.outcome_basis,
                    "remedy": case.remedy_notice if state == lc.State.DENIED else ""} \
        if label and case.outcome_reason else None
    return t


def receipt(case: Case) -> dict:
    """受理凭证: what the voucher prints."""
    if not case.number:
        raise DomainError("办件尚未受理，没有受理凭证")
    return {
        "number": case.number, "item": case.item_version.name, "item_code": case.item_version.item.code,
        "applicant": case.applicant.name, "department": case.department.name, "hall": case.hall.name,
        "accepted_on": case.accepted_on, "deadline": case.deadline, "provisional": case.deadline_provisional,
        "deemed_accepted": case.deemed_accepted, "deferral_due": case.deferral_due,
        "deferred": list(case.materials.filter(status=CaseMaterial.Status.DEFERRED)
                         .values_list("material__name", flat=True)),
    }


def case_materials(case: Case) -> list[CaseMaterial]:
    """The case's materials in the guide's order, each with `status_label` (a material replaced by shared data or an
    e-licence and not handed in is 免提交, not 未提交) and `tags` (the guide's words for its requirement level)."""
    from yiwang.catalog.domain import terms

    rows = list(case.materials.select_related("material", "blob").order_by("material__order", "material_id"))
    for cm in rows:
        m = cm.material
        exempt = m.exempt_by_sharing and not cm.blob_id and cm.status == CaseMaterial.Status.MISSING
        cm.exempt = exempt
        cm.status_label = terms.exempt_status(m.sharing_source) if exempt else cm.get_status_display()
        cm.tags = terms.tags(required=m.requirement == m.Requirement.REQUIRED, is_key=m.is_key,
                             deferrable=m.deferrable, exempt=m.exempt_by_sharing)
    return rows


def application_form(case: Case) -> list[tuple[str, str]]:
    """The application form's answers (申请表: 单位名称, 统一社会信用代码 …) in the item's field order, then any answer
    the current field list no longer names; the synthetic marker of generated demo cases is left out."""
    data = {str(k): v for k, v in (case.form_data or {}).items() if k != "synth"}
    fields = case.item_version.form_field_list
    rows = [(label, str(data.pop(label))) for label in fields if label in data]
    rows += [(k, v if isinstance(v, str) else str(v)) for k, v in data.items()]
    return rows
