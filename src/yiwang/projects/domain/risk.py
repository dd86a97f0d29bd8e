"""The risk matrix (风险分级矩阵): data the construction bureau edits, checked whole, then applied. Pure Python.

A matrix is a list of factors. Each factor names one fact of the project and its cells:
- `range` factors (floor area, height, investment …): cells `{"min": a, "max": b, "level": …}` with `min`
  included and `max` excluded (`max` null = no upper bound); together they must tile `[0, ∞)` with no gap and no
  overlap;
- `choice` factors (use, special zone …): a `domain` of every value and cells `{"values": [...], "level": …}` that
  cover each value exactly once;
- `flag` factors (hazardous materials, ecological impact …): one cell for `true` and one for `false`.
Any cell may be `"excluded": true`: the named high-risk kinds that never get one-stop handling. A project's level is
the highest of its factors' levels; the reasons list every factor's cell, the ones that raised the level first."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .classes import Kind, Route

LEVELS = ("low", "medium", "high")
LEVEL_LABELS = {"low": "低风险", "medium": "中风险", "high": "高风险"}
KINDS = ("range", "choice", "flag")
INDUSTRIAL_USES = frozenset({"工业厂房", "仓储物流"})


class MatrixError(ValueError):
    """The matrix is refused: every problem found, in Chinese, so the bureau fixes them in one go."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Assessment:
    level: str
    reasons: tuple[str, ...]
    excluded: bool
    excluded_reasons: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]


def _num(value, where: str, problems: list[str]):
    if value is None:
        return None
    try:
        n = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(f"{where}的边界“{value}”不是数字")
        return None
    if n < 0:
        problems.append(f"{where}的边界不能为负数")
    return n


def validate(matrix: dict) -> dict:
    """The matrix, normalised, or MatrixError listing every overlapping, missing or malformed cell."""
    problems: list[str] = []
    factors = (matrix or {}).get("factors") if isinstance(matrix, dict) else None
    if not isinstance(factors, list) or not factors:
        raise MatrixError(["风险矩阵至少应有一个风险因素"])
    seen: set[str] = set()
    for i, f in enumerate(factors, 1):
        if not isinstance(f, dict):
            problems.append(f"第{i}个风险因素格式不对")
            continue
        key, label, kind = str(f.get("key", "")).strip(), str(f.get("label", "")).strip(), f.get("kind")
        name = f"风险因素“{label or key or i}”"
        if not key or not label:
            problems.append(f"第{i}个风险因素须有代码（key）和名称（label）")
        if key in seen:
            problems.append(f"{name}重复")
        seen.add(key)
        if kind not in KINDS:
            problems.append(f"{name}的类型应为 range（数值区间）、choice（选项）或 flag（是否）")
            continue
        cells = f.get("cells")
        if not isinstance(cells, list) or not cells:
            problems.append(f"{name}没有任何单元格")
            continue
        for c in cells:
            if not isinstance(c, dict) or c.get("level") not in LEVELS:
                problems.append(f"{name}有单元格的风险等级不是 low / medium / high")
        cells = [c for c in cells if isinstance(c, dict)]
        if kind == "range":
            _check_ranges(name, cells, problems)
        elif kind == "choice":
            _check_choices(name, f.get("domain"), cells, problems)
        else:
            values = [c.get("value") for c in cells]
            for v in (True, False):
                n = sum(1 for x in values if x is v)
                if n == 0:
                    problems.append(f"{name}缺少“{'是' if v else '否'}”的单元格")
                elif n > 1:
                    problems.append(f"{name}的“{'是' if v else '否'}”单元格重复（重叠）")
            if any(x not in (True, False) for x in values):
                problems.append(f"{name}的单元格取值只能为 true 或 false")
    if problems:
        raise MatrixError(problems)
    return {"factors": factors}


def _check_ranges(name: str, cells: list[dict], problems: list[str]) -> None:
    spans = []
    for c in cells:
        lo, hi = _num(c.get("min", 0), name, problems), _num(c.get("max"), name, problems)
        lo = lo if lo is not None else Decimal(0)
        if hi is not None and hi <= lo:
            problems.append(f"{name}的区间 [{lo}, {hi}) 上限应大于下限")
            continue
        spans.append((lo, hi))
    spans.sort(key=lambda s: s[0])
    at: Decimal | None = Decimal(0)
    for lo, hi in spans:
        if at is None:
            problems.append(f"{name}的区间 [{lo}, {_fmt(hi)}) 与无上限区间重叠")
            continue
        if lo > at:
            problems.append(f"{name}缺少区间 [{at}, {lo}) 的单元格")
        elif lo < at:
            problems.append(f"{name}的区间在 [{lo}, {min(at, hi) if hi is not None else at}) 重叠")
        at = None if hi is None else max(at, hi)
    if at is not None:
        problems.append(f"{name}缺少 {at} 及以上的单元格（最后一个区间的上限应留空）")


def _check_choices(name: str, domain, cells: list[dict], problems: list[str]) -> None:
    if not isinstance(domain, list) or not domain:
        problems.append(f"{name}须列出全部选项（domain）")
        return
    counts = {v: 0 for v in domain}
    for c in cells:
        for v in c.get("values") or ():
            if v not in counts:
                problems.append(f"{name}的单元格含未列出的选项“{v}”")
            else:
                counts[v] += 1
    for v, n in counts.items():
        if n == 0:
            problems.append(f"{name}缺少选项“{v}”的单元格")
        elif n > 1:
            problems.append(f"{name}的选项“{v}”出现在{n}个单元格中（重叠）")


def _fmt(v) -> str:
    if v is None:
        return "∞"
    d = Decimal(str(v))
    return f"{d.normalize():f}"


def assess(matrix: dict, facts: dict) -> Assessment:
    """The level of a project whose facts are `facts` (factor key → value), with the reasons. A fact the matrix
    needs and the project lacks is an error (the level would be a guess)."""
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    found: list[tuple[str, str, bool]] = []
    for f in matrix["factors"]:
        key, label, kind = f["key"], f["label"], f["kind"]
        if facts.get(key) is None:
            raise ValueError(f"缺少风险因素“{label}”的数据，无法确定风险等级")
        value = facts[key]
        cell = None
        if kind == "range":
            n = Decimal(str(value))
            for c in f["cells"]:
                lo, hi = Decimal(str(c.get("min", 0) or 0)), c.get("max")
                if lo <= n and (hi is None or n < Decimal(str(hi))):
                    cell = c
                    text = f"{label} {_fmt(n)}（区间 {_fmt(lo)}–{_fmt(hi)}）"
                    break
        elif kind == "choice":
            for c in f["cells"]:
                if value in c["values"]:
                    cell, text = c, f"{label}：{value}"
                    break
        else:
            for c in f["cells"]:
                if c["value"] is bool(value):
                    cell, text = c, f"{label}：{'是' if value else '否'}"
                    break
        if cell is None:
            raise ValueError(f"风险因素“{label}”的取值“{value}”不在风险矩阵中")
        note = f"（{cell['note']}）" if cell.get("note") else ""
        found.append((cell["level"], f"{text} → {LEVEL_LABELS[cell['level']]}{note}", bool(cell.get("excluded"))))
    level = max((lv for lv, _t, _e in found), key=rank.__getitem__)
    ordered = sorted(found, key=lambda t: -rank[t[0]])
    excluded = tuple(t for _lv, t, e in found if e)
    return Assessment(level, tuple(t for _lv, t, _e in ordered), bool(excluded), excluded)


def route_for(kind: Kind, use: str, assessment: Assessment) -> tuple[Route, str]:
    """(route, why). The excluded kinds never get one-stop handling; government projects take the standard route."""
    if assessment.excluded:
        return Route.STANDARD, "属于不适用一站式办理的高风险类型：" + "；".join(assessment.excluded_reasons)
    if kind == Kind.GOVERNMENT:
        return Route.STANDARD, "政府投资项目按一般流程办理"
    if assessment.level == "low" and use in INDUSTRIAL_USES:
        return Route.LOW_RISK_INDUSTRIAL, "低风险工业项目：规划许可与施工许可合并办理，一次联合监督检查，竣工验收与首次登记合一（验登合一）"
    return Route.ONE_STOP, "社会投资项目：一站式办理施工许可和联合竣工验收"


# The shipped matrix (version 1 when nothing else is saved): the bureau edits it on its page.
DEFAULT_MATRIX = {"factors": [
    {"key": "use", "label": "建筑用途", "kind": "choice",
     "domain": ["工业厂房", "仓储物流", "办公", "商业", "住宅", "公共建筑", "危险品仓储"],
     "cells": [{"values": ["工业厂房", "仓储物流"], "level": "low"},
               {"values": ["办公", "商业", "住宅"], "level": "medium"},
               {"values": ["公共建筑"], "level": "high", "note": "人员密集场所"},
               {"values": ["危险品仓储"], "level": "high", "excluded": True, "note": "危险品仓储不适用一站式办理"}]},
    {"key": "floor_area", "label": "总建筑面积（平方米）", "kind": "range",
     "cells": [{"min": 0, "max": 10000, "level": "low"}, {"min": 10000, "max": 50000, "level": "medium"},
               {"min": 50000, "max": None, "level": "high"}]},
    {"key": "height", "label": "建筑高度（米）", "kind": "range",
     "cells": [{"min": 0, "max": 24, "level": "low"}, {"min": 24, "max": 100, "level": "medium"},
               {"min": 100, "max": None, "level": "high", "excluded": True, "note": "超高层建筑"}]},
    {"key": "hazardous", "label": "涉及危险化学品", "kind": "flag",
     "cells": [{"value": False, "level": "low"},
               {"value": True, "level": "high", "excluded": True, "note": "涉及危险化学品的项目"}]},
    {"key": "ecological", "label": "对生态环境有重大影响", "kind": "flag",
     "cells": [{"value": False, "level": "low"}, {"value": True, "level": "high"}]},
    {"key": "special_zone", "label": "特殊区域", "kind": "choice", "domain": ["无", "风貌保护区", "轨道交通保护区"],
     "cells": [{"values": ["无"], "level": "low"}, {"values": ["风貌保护区", "轨道交通保护区"], "level": "medium"}]},
]}
