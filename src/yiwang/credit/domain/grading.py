"""Grade models over credit records, explained in points per indicator (pure Python).

A model is data (a versioned JSON document): a base score, indicators in two groups in the manner of GB/T 23794-2023
(基础指标 basic, 专项指标 special), each summing points over the subject's records of the kinds it names — points
by severity, weighted by recency — optionally capped; caps on the grade by record kind (a serious-dishonesty listing
can never grade above D); thresholds from the best grade down. The same engine computes the market-regulation risk
class (A/B/C/D) and the public credit evaluation grade (A+ … D-); each has its own model and history.

    params = {
      "base": 100,
      "indicators": [{"code": "penalty", "label": "行政处罚", "group": "special", "kinds": ["penalty"],
                      "points": {"minor": -2, "general": -8, "serious": -25, "*": -8},
                      "recency": [[12, 1.0], [36, 0.5]], "floor": -40}, ...],
      "caps": [{"kind": "serious_list", "at_most": "D", "reason": "列入严重失信主体名单"}],
      "thresholds": [["A", 90], ["B", 75], ["C", 60], ["D", null]],
      "groups": {"A": "…"}            # optional: grade -> group label
    }
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import kinds as k

GROUP_LABELS = {"basic": "基础指标", "special": "专项指标"}


class ModelError(ValueError):
    """The model's parameters are not usable; the message says which part (Chinese)."""


@dataclass(frozen=True)
class Fact:
    """One record as the model sees it."""
    ref: str            # record id (stable)
    kind: str
    on: dt.date         # decision / listing date
    severity: str = ""  # penalty severity, or an inspection result
    title: str = ""     # decision number or list name, for the explanation


@dataclass(frozen=True)
class Item:
    ref: str
    title: str
    points: float
    reason: str


@dataclass
class IndicatorScore:
    code: str
    label: str
    group: str
    points: float = 0.0
    items: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"code": self.code, "label": self.label, "group": self.group, "group_label": GROUP_LABELS[self.group],
                "points": round(self.points, 2),
                "items": [{"ref": i.ref, "title": i.title, "points": round(i.points, 2), "reason": i.reason}
                          for i in self.items]}


@dataclass
class Result:
    grade: str
    group: str
    score: float
    base: float
    indicators: list
    cap: str = ""       # the reason a cap applied, "" if none

    def explanation(self) -> dict:
        return {"base": self.base, "score": round(self.score, 2), "grade": self.grade, "group": self.group,
                "cap": self.cap, "indicators": [i.as_dict() for i in self.indicators if i.items or i.points]}


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


class GradeModel:
    """A validated model, ready to score many subjects quickly."""

    def __init__(self, params: dict):
        errors = validate(params)
        if errors:
            raise ModelError("；".join(errors))
        self.params = params
        self.base = float(params.get("base", 100))
        self.indicators = params["indicators"]
        self.thresholds = [(g, None if t is None else float(t)) for g, t in params["thresholds"]]
        self.order = [g for g, _ in self.thresholds]
        self.groups = params.get("groups", {})
        self.caps = {c["kind"]: c for c in params.get("caps", [])}
        self._by_kind: dict[str, list] = {}
        for ind in self.indicators:
            for kind in ind["kinds"]:
                self._by_kind.setdefault(kind, []).append(ind)

    def _weight(self, ind: dict, age_months: int) -> float | None:
        for limit, weight in ind.get("recency", [[None, 1.0]]):
            if limit is None or age_months < limit:
                return float(weight)
        return None

    def grade_of(self, score: float) -> str:
        for grade, threshold in self.thresholds:
            if threshold is None or score >= threshold:
                return grade
        return self.order[-1]

    def score(self, facts, today: dt.date) -> Result:
        scores = {ind["code"]: IndicatorScore(ind["code"], ind["label"], ind.get("group", "special"))
                  for ind in self.indicators}
        cap_grade, cap_reason = None, ""
        for fact in facts:
            cap = self.caps.get(fact.kind)
            if cap and (cap_grade is None or self.order.index(cap["at_most"]) > self.order.index(cap_grade)):
                cap_grade, cap_reason = cap["at_most"], cap.get("reason") or k.LABELS.get(fact.kind, fact.kind)
            for ind in self._by_kind.get(fact.kind, ()):
                base_points = _points(ind["points"], fact)
                if base_points is None:
                    continue
                age = max(0, months_between(fact.on, today))
                weight = self._weight(ind, age)
                if weight is None:
                    continue
                points = float(base_points) * weight
                s = scores[ind["code"]]
                label = k.LABELS.get(fact.kind, fact.kind)
                sev = k.SEVERITY_LABELS.get(fact.severity, fact.severity)
                reason = f"{label}{'（' + sev + '）' if sev else ''}，{fact.on.isoformat()}，距今{age}个月×{weight:g}"
                s.items.append(Item(fact.ref, fact.title, points, reason))
                s.points += points
        total = self.base
        for ind in self.indicators:
            s = scores[ind["code"]]
            lo, hi = ind.get("floor"), ind.get("ceiling")
            if lo is not None and s.points < lo:
                s.points = float(lo)
            if hi is not None and s.points > hi:
                s.points = float(hi)
            total += s.points
        grade = self.grade_of(total)
        applied = ""
        if cap_grade is not None and self.order.index(grade) < self.order.index(cap_grade):
            grade, applied = cap_grade, f"{cap_reason}：等级不高于{cap_grade}"
        return Result(grade, self.groups.get(grade, ""), total, self.base, list(scores.values()), applied)


def _points(pts: dict, fact: Fact):
    """Points for a fact: by "kind.severity", then severity, then kind, then "*"."""
    for key in (f"{fact.kind}.{fact.severity}", fact.severity, fact.kind, "*"):
        if key and key in pts:
            return pts[key]
    return None


def validate(params) -> list[str]:
    errors = []
    if not isinstance(params, dict):
        return ["模型参数应为 JSON 对象"]
    inds = params.get("indicators")
    if not isinstance(inds, list) or not inds:
        errors.append("模型至少应有一个指标（indicators）")
        inds = []
    codes = set()
    for i, ind in enumerate(inds, 1):
        if not isinstance(ind, dict):
            errors.append(f"第{i}个指标格式不正确")
            continue
        code = ind.get("code")
        if not code or code in codes:
            errors.append(f"第{i}个指标缺少代码或代码重复")
        codes.add(code)
        if not ind.get("label"):
            errors.append(f"指标“{code}”缺少名称")
        if ind.get("group", "special") not in GROUP_LABELS:
            errors.append(f"指标“{code}”的分组应为 basic 或 special")
        bad = [x for x in ind.get("kinds", []) if x not in k.LABELS]
        if not ind.get("kinds") or bad:
            errors.append(f"指标“{code}”的记录类别无效：{'、'.join(map(str, bad)) or '未填写'}")
        pts = ind.get("points")
        if not isinstance(pts, dict) or not pts or not all(isinstance(v, (int, float)) for v in pts.values()):
            errors.append(f"指标“{code}”的分值（points）应为“严重程度: 分数”")
        rec = ind.get("recency", [[None, 1.0]])
        if not isinstance(rec, list) or not all(isinstance(r, list) and len(r) == 2 for r in rec):
            errors.append(f"指标“{code}”的时效权重（recency）应为[[月数, 权重], …]")
    th = params.get("thresholds")
    if not isinstance(th, list) or len(th) < 2 or not all(isinstance(t, list) and len(t) == 2 for t in th):
        errors.append("等级阈值（thresholds）至少应有两档，格式为[[等级, 最低分], …]")
    else:
        values = [t[1] for t in th]
        if values[-1] is not None or any(v is None for v in values[:-1]):
            errors.append("等级阈值：只有最后一档的最低分为空（null）")
        elif values[:-1] != sorted(values[:-1], reverse=True):
            errors.append("等级阈值应从高到低排列")
        grades = [t[0] for t in th]
        for cap in params.get("caps", []):
            if cap.get("at_most") not in grades or cap.get("kind") not in k.LABELS:
                errors.append(f"等级上限设置无效：{cap}")
    return errors


# ---- the shipped models (version 1 of each; the credit office edits copies as new versions) ----------------------
RISK_CLASS_V1 = {
    "name": "市场监管信用风险分类（A/B/C/D）",
    "base": 100,
    "indicators": [
        {"code": "abnormal", "label": "经营异常名录", "group": "basic", "kinds": [k.ABNORMAL], "points": {"*": -15},
         "recency": [[None, 1.0]], "floor": -30},
        {"code": "commitment", "label": "信用承诺履行", "group": "basic", "kinds": [k.COMMITMENT_BREACH, k.COMMITMENT],
         "points": {k.COMMITMENT_BREACH: -20, f"{k.COMMITMENT}.kept": 1}, "recency": [[12, 1.0], [36, 0.5]], "floor": -40, "ceiling": 5},
        {"code": "penalty", "label": "行政处罚", "group": "special", "kinds": [k.PENALTY],
         "points": {k.MINOR: -2, k.GENERAL: -10, k.SERIOUS: -30}, "recency": [[12, 1.0], [36, 0.5]], "floor": -60},
        {"code": "inspection", "label": "检查结果", "group": "special", "kinds": [k.INSPECTION],
         "points": {"pass": 1, "problem": -5, "fail": -15}, "recency": [[12, 1.0], [24, 0.5]], "floor": -30,
         "ceiling": 5},
        {"code": "lists", "label": "失信名单", "group": "special",
         "kinds": [k.DISHONESTY_LIST, k.SERIOUS_DISHONESTY, k.COURT_DISHONEST], "points": {"*": -30},
         "recency": [[None, 1.0]], "floor": -60},
        {"code": "rewards", "label": "守信激励", "group": "special", "kinds": [k.RED_LIST, k.A_TAXPAYER, k.REWARD],
         "points": {"*": 3}, "recency": [[36, 1.0]], "ceiling": 6},
    ],
    "caps": [{"kind": k.SERIOUS_DISHONESTY, "at_most": "D", "reason": "列入严重失信主体名单"},
             {"kind": k.COURT_DISHONEST, "at_most": "C", "reason": "列为失信被执行人"}],
    "thresholds": [["A", 100], ["B", 85], ["C", 65], ["D", None]],
    "groups": {"A": "信用风险低", "B": "信用风险一般", "C": "信用风险较高", "D": "信用风险高"},
}

_PG = {"A": "诚信守法", "B": "轻微失信", "C": "一般失信", "D": "严重失信"}
PUBLIC_GRADE_V1 = {
    "name": "公共信用综合评价（A+…D-）",
    "base": 800,
    "indicators": [
        {"code": "basic", "label": "基础信息", "group": "basic", "kinds": [k.LICENSING, k.COMMITMENT],
         "points": {k.LICENSING: 5, f"{k.COMMITMENT}.kept": 5}, "recency": [[36, 1.0]], "ceiling": 50},
        {"code": "abnormal", "label": "经营异常名录", "group": "basic", "kinds": [k.ABNORMAL], "points": {"*": -60},
         "floor": -120},
        {"code": "penalty", "label": "行政处罚", "group": "special", "kinds": [k.PENALTY],
         "points": {k.MINOR: -10, k.GENERAL: -40, k.SERIOUS: -150}, "recency": [[12, 1.0], [36, 0.5]],
         "floor": -300},
        {"code": "breach", "label": "违背信用承诺", "group": "special", "kinds": [k.COMMITMENT_BREACH],
         "points": {"*": -80}, "recency": [[12, 1.0], [36, 0.5]], "floor": -160},
        {"code": "lists", "label": "失信名单", "group": "special",
         "kinds": [k.DISHONESTY_LIST, k.SERIOUS_DISHONESTY, k.COURT_DISHONEST],
         "points": {"*": -200}, "floor": -400},
        {"code": "rewards", "label": "守信激励", "group": "special", "kinds": [k.RED_LIST, k.A_TAXPAYER, k.REWARD],
         "points": {"*": 40}, "recency": [[36, 1.0]], "ceiling": 120},
    ],
    "caps": [{"kind": k.SERIOUS_DISHONESTY, "at_most": "D+", "reason": "列入严重失信主体名单"},
             {"kind": k.COURT_DISHONEST, "at_most": "C+", "reason": "列为失信被执行人"}],
    "thresholds": [["A+", 900], ["A", 850], ["A-", 800], ["B+", 780], ["B", 760], ["B-", 740],
                   ["C+", 700], ["C", 650], ["C-", 600], ["D+", 550], ["D", 450], ["D-", None]],
    "groups": {g: _PG[g[0]] for g in ("A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-")},
}


class FastScorer:
    """Grade and score only (no explanation), for the nightly run over every subject: the same arithmetic as
    GradeModel.score, with the per-kind lookups prepared once."""

    def __init__(self, model: GradeModel):
        self.model = model
        self.n = len(model.indicators)
        self.base = model.base
        self.bounds = [(ind.get("floor"), ind.get("ceiling")) for ind in model.indicators]
        self.by_kind: dict[str, list] = {}
        for i, ind in enumerate(model.indicators):
            for kind in ind["kinds"]:
                self.by_kind.setdefault(kind, []).append((i, ind["points"], ind.get("recency", [[None, 1.0]])))
        self.caps = {kind: model.order.index(c["at_most"]) for kind, c in model.caps.items()}

    def score(self, facts, today: dt.date) -> tuple[str, float]:
        sums = [0.0] * self.n
        cap = -1
        ty, tm, td = today.year, today.month, today.day
        for kind, on, severity in facts:
            c = self.caps.get(kind)
            if c is not None and c > cap:
                cap = c
            entries = self.by_kind.get(kind)
            if not entries:
                continue
            age = (ty - on.year) * 12 + tm - on.month - (1 if td < on.day else 0)
            if age < 0:
                age = 0
            for i, pts, recency in entries:
                p = pts.get(f"{kind}.{severity}")
                if p is None:
                    p = pts.get(severity) if severity else None
                if p is None:
                    p = pts.get(kind, pts.get("*"))
                if p is None:
                    continue
                for limit, weight in recency:
                    if limit is None or age < limit:
                        sums[i] += p * weight
                        break
        total = self.base
        for i, s in enumerate(sums):
            lo, hi = self.bounds[i]
            if lo is not None and s < lo:
                s = lo
            if hi is not None and s > hi:
                s = hi
            total += s
        grade = self.model.grade_of(total)
        if cap >= 0 and self.model.order.index(grade) < cap:
            grade = self.model.order[cap]
        return grade, total
