"""Joint reward and punishment measures (联合奖惩) as data, and which apply to a subject (pure Python).

A measure names its trigger (membership of a list, a record kind, a risk class or a public grade), the effect it has
in a procedure, its legal basis (document and article) and its period. A measure with no legal basis cannot be
switched on (seed 004 三(三)3)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import kinds as k

PUNISH, REWARD = "punish", "reward"

# trigger types
ON_RECORD = "record"          # an active record of one of the kinds named (lists are records)
ON_RISK_CLASS = "risk_class"  # the current market-regulation risk class is one of those named
ON_PUBLIC_GRADE = "public_grade"  # the current public credit grade is one of those named
TRIGGER_LABELS = {ON_RECORD: "信用记录", ON_RISK_CLASS: "信用风险分类", ON_PUBLIC_GRADE: "公共信用综合评价"}

# effects, by the procedure they act in
NO_LENIENT = "no_lenient"            # intake: no 容缺受理, no 告知承诺
EXTRA_REVIEW = "extra_review"        # approval: an extra review step (从严审核)
INSPECT_MORE = "inspect_more"        # inspections: higher sampling ratio and frequency
POLICY_INELIGIBLE = "policy_ineligible"  # policies: not eligible for support
GREEN_CHANNEL = "green_channel"      # window: 绿色通道 priority
LENIENT_PLUS = "lenient_plus"        # intake: 容缺 allowed beyond the default
INSPECT_LESS = "inspect_less"        # inspections: fewer random inspections
EFFECTS = {
    NO_LENIENT: (PUNISH, "intake", "不适用容缺受理和告知承诺"),
    EXTRA_REVIEW: (PUNISH, "approval", "从严审核（增加审核环节）"),
    INSPECT_MORE: (PUNISH, "inspection", "提高抽查比例和频次"),
    POLICY_INELIGIBLE: (PUNISH, "policy", "限制享受政策扶持"),
    GREEN_CHANNEL: (REWARD, "intake", "绿色通道优先办理"),
    LENIENT_PLUS: (REWARD, "intake", "容缺受理范围放宽"),
    INSPECT_LESS: (REWARD, "inspection", "降低抽查比例和频次"),
}
PROCEDURE_LABELS = {"intake": "受理", "approval": "审批", "inspection": "监管检查", "policy": "政策兑现"}


class MeasureError(ValueError):
    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.message, self.field = message, field


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    name: str
    effect: str
    trigger_type: str
    trigger_values: tuple
    basis_document: str = ""
    basis_article: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    enabled: bool = True

    @property
    def kind(self) -> str:
        return EFFECTS[self.effect][0]

    @property
    def procedure(self) -> str:
        return EFFECTS[self.effect][1]

    @property
    def basis(self) -> str:
        return f"{self.basis_document}{self.basis_article}"


@dataclass(frozen=True)
class SubjectState:
    """What the measures look at: active records by kind and by "kind.severity" (-> titles), the current class
    and grade."""
    records: dict = field(default_factory=dict)
    risk_class: str = ""
    public_grade: str = ""


@dataclass(frozen=True)
class Applied:
    measure: MeasureSpec
    reason: str

    def as_dict(self) -> dict:
        m = self.measure
        return {"code": m.code, "name": m.name, "kind": m.kind, "effect": m.effect,
                "effect_label": EFFECTS[m.effect][2], "procedure": m.procedure, "reason": self.reason,
                "basis": m.basis}


def valid_record_trigger(value: str) -> bool:
    """A record kind ("penalty"), or a kind with its severity ("penalty.serious")."""
    kind, _, severity = str(value).partition(".")
    return kind in k.LABELS and (not severity or severity in k.SEVERITY_LABELS)


def trigger_label(value: str) -> str:
    kind, _, severity = str(value).partition(".")
    return k.LABELS.get(kind, kind) + (f"（{k.SEVERITY_LABELS.get(severity, severity)}）" if severity else "")


def check_spec(spec: MeasureSpec) -> None:
    """Raise MeasureError (Chinese) if the measure cannot be switched on as written."""
    if spec.effect not in EFFECTS:
        raise MeasureError(f"措施效果“{spec.effect}”无效", "effect")
    if spec.trigger_type not in TRIGGER_LABELS:
        raise MeasureError(f"触发条件类型“{spec.trigger_type}”无效", "trigger_type")
    if not spec.trigger_values:
        raise MeasureError("请填写触发条件（名单、记录类别或等级）", "trigger_values")
    if spec.trigger_type == ON_RECORD:
        bad = [v for v in spec.trigger_values if not valid_record_trigger(v)]
        if bad:
            raise MeasureError(f"触发记录类别无效：{'、'.join(bad)}", "trigger_values")
    if spec.enabled and not (spec.basis_document.strip() and spec.basis_article.strip()):
        raise MeasureError("没有法律、法规或党中央、国务院政策文件依据（文件及条款）的措施不得启用", "basis_document")
    if spec.valid_from and spec.valid_until and spec.valid_until < spec.valid_from:
        raise MeasureError("措施的截止日期不能早于起始日期", "valid_until")


def _reason(spec: MeasureSpec, state: SubjectState) -> str:
    if spec.trigger_type == ON_RECORD:
        hits = [v for v in spec.trigger_values if state.records.get(v)]
        if not hits:
            return ""
        parts = []
        for v in hits:
            titles = [t for t in state.records[v] if t]
            parts.append(trigger_label(v) + (f"（{'、'.join(titles[:3])}）" if titles else ""))
        return "存在" + "、".join(parts)
    if spec.trigger_type == ON_RISK_CLASS and state.risk_class in spec.trigger_values:
        return f"信用风险分类为{state.risk_class}类"
    if spec.trigger_type == ON_PUBLIC_GRADE and state.public_grade in spec.trigger_values:
        return f"公共信用综合评价为{state.public_grade}级"
    return ""


def applicable(specs, state: SubjectState, on: dt.date, procedure: str | None = None) -> list[Applied]:
    """The measures in force on `on` whose trigger the subject meets (for one procedure, or all)."""
    out = []
    for spec in specs:
        if not spec.enabled or not spec.basis_document.strip() or not spec.basis_article.strip():
            continue
        if spec.valid_from and on < spec.valid_from or spec.valid_until and on > spec.valid_until:
            continue
        if procedure and spec.procedure != procedure:
            continue
        reason = _reason(spec, state)
        if reason:
            out.append(Applied(spec, reason))
    return out


@dataclass(frozen=True)
class IntakeVerdict:
    """What intake may offer: 容缺 and 告知承诺 unless a punishment forbids them; priority and wider 容缺 as rewards."""
    lenient_allowed: bool
    green_channel: bool
    lenient_plus: bool
    applied: tuple

    @property
    def message(self) -> str:
        bad = [a for a in self.applied if a.measure.effect == NO_LENIENT]
        if bad:
            a = bad[0]
            return f"{a.reason}，依据{a.measure.basis}，{EFFECTS[NO_LENIENT][2]}"
        good = [a for a in self.applied if a.measure.kind == REWARD]
        if good:
            return "；".join(f"{a.reason}：{EFFECTS[a.measure.effect][2]}" for a in good)
        return ""


def intake_verdict(applied) -> IntakeVerdict:
    effects = {a.measure.effect for a in applied}
    no_lenient = NO_LENIENT in effects
    return IntakeVerdict(lenient_allowed=not no_lenient, green_channel=GREEN_CHANNEL in effects,
                         lenient_plus=(LENIENT_PLUS in effects) and not no_lenient, applied=tuple(applied))
