"""The yearly assessment of units (年度考核): a score per unit from on-time reports, tasks completed, indicator
attainment, typical cases (with the bonus when adopted by the city or the state) and third-party evaluations, by
configurable weights, with every step of the calculation kept for showing. Plain Python."""
from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_WEIGHTS = {"on_time": 30, "completed": 30, "indicators": 20, "cases": 10, "evaluation": 10}
DEFAULT_CASE_POINTS = {"per_case": 2, "city": 3, "state": 5, "cap": 100}
LABELS = {"on_time": "按时报送率", "completed": "任务完成率", "indicators": "指标达标率", "cases": "典型案例",
          "evaluation": "第三方评价"}


@dataclass
class UnitFacts:
    name: str
    reports_due: int = 0
    reports_on_time: int = 0
    tasks: int = 0
    tasks_done: int = 0
    indicators: int = 0
    indicators_attained: int = 0
    cases: int = 0
    cases_city: int = 0
    cases_state: int = 0
    evaluations: list[float] = field(default_factory=list)


def _pct(n: int, d: int) -> float | None:
    return None if d == 0 else round(100.0 * n / d, 2)


def score(facts: UnitFacts, weights: dict | None = None, case_points: dict | None = None) -> dict:
    """Each component is a 0–100 sub-score; a component with nothing to measure (no task, no indicator) is left out
    and the remaining weights are rescaled — so a unit is not punished for what it was never given."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    cp = {**DEFAULT_CASE_POINTS, **(case_points or {})}
    case_score = min(cp["cap"], facts.cases * cp["per_case"] + facts.cases_city * cp["city"]
                     + facts.cases_state * cp["state"]) if facts.reports_due or facts.cases else None
    subs = {
        "on_time": (_pct(facts.reports_on_time, facts.reports_due), f"{facts.reports_on_time}/{facts.reports_due}"),
        "completed": (_pct(facts.tasks_done, facts.tasks), f"{facts.tasks_done}/{facts.tasks}"),
        "indicators": (_pct(facts.indicators_attained, facts.indicators),
                       f"{facts.indicators_attained}/{facts.indicators}"),
        "cases": (None if case_score is None else float(case_score),
                  f"{facts.cases}件×{cp['per_case']}＋市级采纳{facts.cases_city}×{cp['city']}"
                  f"＋国家采纳{facts.cases_state}×{cp['state']}（封顶{cp['cap']}）"),
        "evaluation": (round(sum(facts.evaluations) / len(facts.evaluations), 2) if facts.evaluations else None,
                       f"{len(facts.evaluations)}份评价平均"),
    }
    present = {k: v for k, v in subs.items() if v[0] is not None and w.get(k, 0) > 0}
    total_w = sum(w[k] for k in present)
    steps, total = [], 0.0
    for k in DEFAULT_WEIGHTS:
        value, basis = subs[k]
        if k not in present:
            steps.append({"key": k, "label": LABELS[k], "value": None, "basis": basis, "weight": w.get(k, 0),
                          "effective_weight": 0, "points": 0})
            continue
        eff = w[k] / total_w
        pts = round(value * eff, 2)
        total += value * eff
        steps.append({"key": k, "label": LABELS[k], "value": value, "basis": basis, "weight": w[k],
                      "effective_weight": round(eff, 4), "points": pts})
    return {"unit": facts.name, "score": round(total, 2), "steps": steps}


def rank(rows: list[dict]) -> list[dict]:
    ordered = sorted(rows, key=lambda r: (-r["score"], r["unit"]))
    for i, r in enumerate(ordered, 1):
        r["rank"] = i
    return ordered
