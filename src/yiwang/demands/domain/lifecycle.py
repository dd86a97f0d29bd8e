"""The demand's closed loop (中心吹哨、部门报到) as a table. Pure Python.

submitted ─accept→ accepted ─dispatch→ dispatched ─(lead replies)→ replied ─pass→ answered ─evaluate→ closed
    └decline→ declined            ↑  send_back ←──────────────┘          │ 不满意
                                   └──── dispatch ← reopened ←──────────┘ (bounded number of reopenings)
                                   └──── dispatch ← escalated ← escalate ┘
answered ─auto_close (evaluation period over)→ closed
"""
from __future__ import annotations

SUBMITTED, ACCEPTED, DECLINED, DISPATCHED, REPLIED, ANSWERED, REOPENED, ESCALATED, CLOSED = (
    "submitted", "accepted", "declined", "dispatched", "replied", "answered", "reopened", "escalated", "closed")

STATUS_LABELS = {
    SUBMITTED: "待受理", ACCEPTED: "已受理待派单", DECLINED: "不予受理", DISPATCHED: "部门办理中",
    REPLIED: "牵头部门已答复待审核", ANSWERED: "已答复待评价", REOPENED: "不满意重办", ESCALATED: "已提级",
    CLOSED: "已办结",
}
OPEN = {SUBMITTED, ACCEPTED, DISPATCHED, REPLIED, ANSWERED, REOPENED, ESCALATED}
TERMINAL = {DECLINED, CLOSED}

# action: (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "accept": (frozenset({SUBMITTED}), ACCEPTED),
    "decline": (frozenset({SUBMITTED}), DECLINED),
    "dispatch": (frozenset({ACCEPTED, REOPENED, ESCALATED}), DISPATCHED),
    "lead_reply": (frozenset({DISPATCHED}), REPLIED),
    "send_back": (frozenset({REPLIED}), DISPATCHED),
    "pass": (frozenset({REPLIED}), ANSWERED),
    "evaluate_closed": (frozenset({ANSWERED}), CLOSED),
    "evaluate_reopened": (frozenset({ANSWERED}), REOPENED),
    "auto_close": (frozenset({ANSWERED}), CLOSED),
    "escalate": (frozenset({REOPENED}), ESCALATED),
}
ACTION_LABELS = {
    "accept": "受理", "decline": "不予受理", "dispatch": "派单（吹哨）", "lead_reply": "牵头部门答复",
    "send_back": "退回重办", "pass": "审核通过并答复企业", "evaluate_closed": "评价办结",
    "evaluate_reopened": "不满意重办", "auto_close": "评价期满自动办结", "escalate": "提级办理",
}

# Assignments (one department's part in one round of dispatch).
A_DISPATCHED, A_ACKNOWLEDGED, A_REPLIED, A_SUPERSEDED = "dispatched", "acknowledged", "replied", "superseded"
ASSIGNMENT_LABELS = {A_DISPATCHED: "待报到", A_ACKNOWLEDGED: "已报到办理中", A_REPLIED: "已答复",
                     A_SUPERSEDED: "已结束（重新派单）"}

SATISFIED, BASIC, UNSATISFIED = "satisfied", "basic", "unsatisfied"
EVALUATION_LABELS = {SATISFIED: "满意", BASIC: "基本满意", UNSATISFIED: "不满意"}


class TransitionRefused(ValueError):
    """The action does not fit the demand's state; the message says why, in Chinese."""


def next_status(action: str, status: str) -> str:
    if action not in TRANSITIONS:
        raise TransitionRefused(f"未知操作：{action}")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        allowed = "、".join(STATUS_LABELS[s] for s in sorted(sources))
        raise TransitionRefused(
            f"诉求当前为“{STATUS_LABELS.get(status, status)}”，不能{ACTION_LABELS[action]}（仅限：{allowed}）")
    return target


def after_evaluation(evaluation: str, reopen_count: int, max_reopens: int) -> str:
    """满意/基本满意 close; 不满意 reopens while reopenings remain, else closes as 不满意."""
    if evaluation not in EVALUATION_LABELS:
        raise TransitionRefused("评价应为满意、基本满意或不满意")
    if evaluation == UNSATISFIED and reopen_count < max_reopens:
        return "evaluate_reopened"
    return "evaluate_closed"


def actions_for(status: str) -> list[str]:
    return [a for a, (sources, _) in TRANSITIONS.items() if status in sources]
