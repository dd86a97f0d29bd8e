"""The case lifecycle as a table (pure Python, no Django): states × actions → next state, and who may act.

Roles here are the case-relative parts a person can play (computed by the services from org roles and scope):
applicant (the applicant or their agent), clerk (a clerk of the receiving hall), officer (a window officer of that
hall), reviewer / section_head / unit_leader (of the item's department), system (periodic tasks).
The approval actions (forward, send_back, approve, deny) belong to whoever holds the current step of the tier.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"            # 已收件，待审查
    SUPPLEMENTING = "supplementing"  # 已一次性告知，待补正
    UNDER_REVIEW = "under_review"    # 已受理，审批中
    SUSPENDED = "suspended"          # 特别程序，计时暂停
    APPROVED = "approved"            # 准予许可
    DENIED = "denied"                # 不予许可
    DELIVERED = "delivered"          # 已出件
    REFUSED = "refused"              # 不予受理
    WITHDRAWN = "withdrawn"          # 申请人撤回
    TERMINATED = "terminated"        # 终止办理
    REVOKED = "revoked"              # 决定已撤销


STATE_LABELS = {
    State.RECEIVED: "已收件", State.SUPPLEMENTING: "待补正", State.UNDER_REVIEW: "审批中",
    State.SUSPENDED: "特别程序中", State.APPROVED: "准予许可", State.DENIED: "不予许可",
    State.DELIVERED: "已出件", State.REFUSED: "不予受理", State.WITHDRAWN: "已撤回",
    State.TERMINATED: "已终止", State.REVOKED: "已撤销",
}


class Action(StrEnum):
    ACCEPT = "accept"                      # 受理
    DEEM_ACCEPT = "deem_accept"            # 逾期视为受理 (art. 32)
    REFUSE = "refuse"                      # 不予受理
    NOTIFY_SUPPLEMENT = "notify_supplement"  # 补正告知
    SUPPLEMENT = "supplement"              # 补正材料
    FORWARD = "forward"                    # 提交下一环节
    SEND_BACK = "send_back"                # 退回上一环节
    APPROVE = "approve"                    # 准予许可
    DENY = "deny"                          # 不予许可
    SUSPEND = "suspend"                    # 启动特别程序
    RESUME = "resume"                      # 特别程序结束
    EXTEND = "extend"                      # 延期
    SUPPLY_DEFERRED = "supply_deferred"    # 补交容缺材料
    WITHDRAW = "withdraw"                  # 撤回
    TERMINATE = "terminate"                # 终止
    DELIVER = "deliver"                    # 出件
    REVOKE = "revoke"                      # 撤销决定（虚假承诺）
    SIGN_DEFERRAL = "sign_deferral"        # 签署容缺受理承诺书
    NOTIFY_HEARING = "notify_hearing"      # 告知听证权利 (art. 47)
    REQUEST_HEARING = "request_hearing"    # 申请听证
    ANNOUNCE_HEARING = "announce_hearing"  # 公告听证 (art. 46)
    SCHEDULE_HEARING = "schedule_hearing"  # 听证通知 (art. 48)
    REQUEST_RECUSAL = "request_recusal"    # 申请主持人回避
    DECIDE_RECUSAL = "decide_recusal"      # 回避决定
    RECORD_HEARING = "record_hearing"      # 听证笔录


ACTION_LABELS = {
    Action.ACCEPT: "受理", Action.DEEM_ACCEPT: "视为受理", Action.REFUSE: "不予受理",
    Action.NOTIFY_SUPPLEMENT: "一次性告知补正", Action.SUPPLEMENT: "补正材料", Action.FORWARD: "提交下一环节",
    Action.SEND_BACK: "退回上一环节", Action.APPROVE: "准予许可", Action.DENY: "不予许可",
    Action.SUSPEND: "启动特别程序", Action.RESUME: "恢复计时", Action.EXTEND: "延期",
    Action.SUPPLY_DEFERRED: "补交容缺材料", Action.WITHDRAW: "撤回申请", Action.TERMINATE: "终止办理",
    Action.DELIVER: "出件", Action.REVOKE: "撤销决定", Action.SIGN_DEFERRAL: "签署容缺受理承诺书",
    Action.NOTIFY_HEARING: "告知听证权利", Action.REQUEST_HEARING: "申请听证", Action.ANNOUNCE_HEARING: "公告听证",
    Action.SCHEDULE_HEARING: "通知听证", Action.REQUEST_RECUSAL: "申请回避", Action.DECIDE_RECUSAL: "回避决定",
    Action.RECORD_HEARING: "听证笔录",
}

APPLICANT, CLERK, OFFICER = "applicant", "clerk", "officer"
REVIEWER, SECTION_HEAD, UNIT_LEADER, SYSTEM = "reviewer", "section_head", "unit_leader", "system"
STEP = "step"  # the holder of the current approval step
DEPARTMENT = frozenset({REVIEWER, SECTION_HEAD, UNIT_LEADER})

# Approval tiers: the steps in order. 审核合一 / 一审一核 / 三级审批.
TIERS: dict[str, tuple[str, ...]] = {
    "one_step": ("officer",),
    "two_step": ("reviewer", "section_head"),
    "three_step": ("acceptor", "reviewer", "unit_leader"),
    # 从严审核 (a credit punishment: an extra review step) turns a tier into the next stricter one at acceptance.
    "two_plus": ("reviewer", "section_head", "unit_leader"),
    "three_plus": ("acceptor", "reviewer", "section_head", "unit_leader"),
}
STRICTER = {"one_step": "two_step", "two_step": "two_plus", "three_step": "three_plus"}
TIER_LABELS = {"one_step": "审核合一", "two_step": "一审一核", "three_step": "三级审批",
               "two_plus": "一审一核＋单位负责人审批（从严审核）", "three_plus": "三级审批＋科室负责人审定（从严审核）"}


def has_acceptor(tier: str) -> bool:
    """The tier's first step is the acceptor's own (初审 by whoever accepted the case)."""
    return "acceptor" in TIERS.get(tier, ())


def stricter(tier: str) -> str:
    """The tier with one more review step (从严审核); the strictest tiers stay as they are."""
    return STRICTER.get(tier, tier)
STEP_ROLE = {"officer": OFFICER, "acceptor": CLERK, "reviewer": REVIEWER, "section_head": SECTION_HEAD,
             "unit_leader": UNIT_LEADER}
STEP_LABELS = {"officer": "窗口事务官审批", "acceptor": "受理人初审", "reviewer": "审核", "section_head": "科室负责人审定",
               "unit_leader": "单位负责人审批"}

OPEN = frozenset({State.RECEIVED, State.SUPPLEMENTING, State.UNDER_REVIEW, State.SUSPENDED})
CLOCK_RUNNING = frozenset({State.UNDER_REVIEW, State.SUSPENDED})
DECIDED = frozenset({State.APPROVED, State.DENIED})
CONCLUDED = frozenset(set(State) - OPEN)  # 办结: no further handling by the department
PRE_DECISION = OPEN


@dataclass(frozen=True)
class Transition:
    to: State | None  # None: the state does not change
    roles: frozenset[str]


def _t(to, *roles):
    return Transition(to, frozenset(roles))


TABLE: dict[State, dict[Action, Transition]] = {
    State.RECEIVED: {
        Action.ACCEPT: _t(State.UNDER_REVIEW, CLERK),
        Action.DEEM_ACCEPT: _t(State.UNDER_REVIEW, SYSTEM),
        Action.REFUSE: _t(State.REFUSED, CLERK),
        Action.NOTIFY_SUPPLEMENT: _t(State.SUPPLEMENTING, CLERK),
        Action.WITHDRAW: _t(State.WITHDRAWN, APPLICANT),
        Action.SIGN_DEFERRAL: _t(None, APPLICANT, CLERK),
    },
    State.SUPPLEMENTING: {
        Action.SUPPLEMENT: _t(State.RECEIVED, APPLICANT, CLERK),
        Action.WITHDRAW: _t(State.WITHDRAWN, APPLICANT),
        Action.TERMINATE: _t(State.TERMINATED, SECTION_HEAD, UNIT_LEADER, SYSTEM),
    },
    State.UNDER_REVIEW: {
        Action.FORWARD: _t(None, STEP),
        Action.SEND_BACK: _t(None, STEP),
        Action.APPROVE: _t(State.APPROVED, STEP),
        Action.DENY: _t(State.DENIED, STEP),
        Action.SUSPEND: _t(State.SUSPENDED, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.EXTEND: _t(None, UNIT_LEADER),
        Action.SUPPLY_DEFERRED: _t(None, APPLICANT, CLERK),
        Action.WITHDRAW: _t(State.WITHDRAWN, APPLICANT),
        Action.TERMINATE: _t(State.TERMINATED, SECTION_HEAD, UNIT_LEADER, SYSTEM),
        Action.NOTIFY_HEARING: _t(None, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.ANNOUNCE_HEARING: _t(State.SUSPENDED, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.REQUEST_HEARING: _t(State.SUSPENDED, APPLICANT, CLERK, REVIEWER, SECTION_HEAD, UNIT_LEADER),
    },
    State.SUSPENDED: {
        Action.RESUME: _t(State.UNDER_REVIEW, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.SCHEDULE_HEARING: _t(None, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.REQUEST_RECUSAL: _t(None, APPLICANT, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.DECIDE_RECUSAL: _t(None, SECTION_HEAD, UNIT_LEADER),
        Action.RECORD_HEARING: _t(State.UNDER_REVIEW, REVIEWER, SECTION_HEAD, UNIT_LEADER),
        Action.SUPPLY_DEFERRED: _t(None, APPLICANT, CLERK),
        Action.WITHDRAW: _t(State.WITHDRAWN, APPLICANT),
        Action.TERMINATE: _t(State.TERMINATED, SECTION_HEAD, UNIT_LEADER, SYSTEM),
    },
    State.APPROVED: {
        Action.DELIVER: _t(State.DELIVERED, CLERK, SYSTEM),
        Action.REVOKE: _t(State.REVOKED, REVIEWER, SECTION_HEAD, UNIT_LEADER),
    },
    State.DENIED: {
        Action.DELIVER: _t(State.DELIVERED, CLERK, SYSTEM),
    },
    State.DELIVERED: {
        Action.REVOKE: _t(State.REVOKED, REVIEWER, SECTION_HEAD, UNIT_LEADER),
    },
    State.REFUSED: {},
    State.WITHDRAWN: {},
    State.TERMINATED: {},
    State.REVOKED: {},
}

STEP_ACTIONS = frozenset({Action.FORWARD, Action.SEND_BACK, Action.APPROVE, Action.DENY})
HEARING_ACTIONS = frozenset({Action.NOTIFY_HEARING, Action.REQUEST_HEARING, Action.ANNOUNCE_HEARING,
                             Action.SCHEDULE_HEARING, Action.REQUEST_RECUSAL, Action.DECIDE_RECUSAL,
                             Action.RECORD_HEARING})


class IllegalTransition(Exception):
    """`kind` is "state" (the action does not fit the state or step) or "role" (not this person's part)."""

    def __init__(self, message: str, state: State, allowed: list[str], kind: str = "state"):
        super().__init__(message)
        self.message, self.state, self.allowed, self.kind = message, state, allowed, kind


def steps_of(tier: str) -> tuple[str, ...]:
    try:
        return TIERS[tier]
    except KeyError:
        raise ValueError(f"未知的审批层级：{tier}") from None


def step_fits(action: Action, tier: str, step_index: int) -> bool:
    """Which approval actions exist at a step: forward except at the last, decisions only at the last,
    send-back except at the first."""
    last = len(steps_of(tier)) - 1
    if action == Action.FORWARD:
        return step_index < last
    if action in (Action.APPROVE, Action.DENY):
        return step_index == last
    if action == Action.SEND_BACK:
        return step_index > 0
    return True


def roles_for(state: State, action: Action, *, tier: str, step_index: int) -> frozenset[str]:
    tr = TABLE[State(state)].get(Action(action))
    if tr is None:
        return frozenset()
    if STEP in tr.roles:
        return frozenset({STEP_ROLE[steps_of(tier)[step_index]]})
    return tr.roles


def allowed_actions(state: State, roles: set[str] | frozenset[str] | None = None, *, tier: str = "one_step",
                    step_index: int = 0) -> list[str]:
    """The actions the table allows in `state`, for anyone (roles None) or for someone holding `roles`."""
    out = []
    for action in TABLE[State(state)]:
        if action in STEP_ACTIONS and not step_fits(action, tier, step_index):
            continue
        if roles is None or roles_for(state, action, tier=tier, step_index=step_index) & set(roles):
            out.append(action.value)
    return out


def check(state: State, action: Action, roles: set[str] | frozenset[str], *, tier: str = "one_step",
          step_index: int = 0) -> State:
    """The next state, or IllegalTransition (wrong state, wrong step or wrong role)."""
    state, action = State(state), Action(action)
    tr = TABLE[state].get(action)
    if tr is None or (action in STEP_ACTIONS and not step_fits(action, tier, step_index)):
        raise IllegalTransition(
            f"办件当前状态为“{STATE_LABELS[state]}”，不能{ACTION_LABELS[action]}", state,
            allowed_actions(state, tier=tier, step_index=step_index),
        )
    if not roles_for(state, action, tier=tier, step_index=step_index) & set(roles):
        raise IllegalTransition(
            f"您在本办件中的岗位不能{ACTION_LABELS[action]}", state,
            allowed_actions(state, roles, tier=tier, step_index=step_index), kind="role",
        )
    return tr.to or state


def check_separation(tier: str, step: str, actor: object, taken: list[tuple[str, object]]) -> None:
    """In the two- and three-step tiers one person may not take two steps of the same case.
    `taken`: (step, actor) of the steps already taken (a step redone after a send-back is the same step)."""
    if len(steps_of(tier)) < 2:
        return
    for other_step, other_actor in taken:
        if other_actor == actor and other_step != step:
            raise IllegalTransition(
                f"您已办理本办件的“{STEP_LABELS.get(other_step, other_step)}”环节，同一人不得办理同一办件的两个审批环节",
                State.UNDER_REVIEW, [], kind="role")
