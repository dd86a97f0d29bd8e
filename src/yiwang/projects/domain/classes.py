"""Project classes, routes and stages: the vocabulary of 国办发〔2019〕11号 and the district's practice. Pure Python.

The class follows the investment type (政府投资 / 社会投资核准 / 社会投资备案) and sets the whole-chain target in
working days (33 / 29 / 28 by default; never above the national ceiling of 120). The route follows the risk level:
low-risk industrial social projects get the merged planning-and-construction permit, one joint supervision inspection
and 验登合一; other social projects one-stop handling; government projects, and every excluded high-risk kind, the
standard route (never one-stop)."""
from __future__ import annotations

from enum import StrEnum

NATIONAL_CEILING = 120


class Kind(StrEnum):
    GOVERNMENT = "government"   # 政府投资
    APPROVED = "approved"       # 社会投资核准
    FILED = "filed"             # 社会投资备案


KIND_LABELS = {Kind.GOVERNMENT: "政府投资", Kind.APPROVED: "社会投资核准", Kind.FILED: "社会投资备案"}
# The type group of the investment-project code each kind carries.
KIND_CODE_TYPE = {Kind.GOVERNMENT: "01", Kind.APPROVED: "02", Kind.FILED: "03"}
DEFAULT_TARGETS = {Kind.GOVERNMENT: 33, Kind.APPROVED: 29, Kind.FILED: 28}


class Route(StrEnum):
    STANDARD = "standard"               # 一般流程
    ONE_STOP = "one_stop"               # 一站式施工许可、联合验收
    LOW_RISK_INDUSTRIAL = "low_risk"    # 低风险工业项目：规划施工许可合并、一次联合监督检查、验登合一


ROUTE_LABELS = {Route.STANDARD: "一般流程", Route.ONE_STOP: "一站式办理",
                Route.LOW_RISK_INDUSTRIAL: "低风险工业项目（规划施工许可合并、验登合一）"}


class Stage(StrEnum):
    LAND = "s1"          # 立项用地规划许可
    WORKS = "s2"         # 工程建设许可
    CONSTRUCTION = "s3"  # 施工许可
    COMPLETION = "s4"    # 竣工验收
    UTILITIES = "ut"     # 市政公用服务接入


STAGE_LABELS = {Stage.LAND: "立项用地规划许可", Stage.WORKS: "工程建设许可", Stage.CONSTRUCTION: "施工许可",
                Stage.COMPLETION: "竣工验收", Stage.UTILITIES: "市政公用服务接入"}
MAIN_STAGES = (Stage.LAND, Stage.WORKS, Stage.CONSTRUCTION, Stage.COMPLETION)
# Default stage targets (working days) per class; they add up to the class target.
DEFAULT_STAGE_TARGETS = {
    Kind.GOVERNMENT: {Stage.LAND: 12, Stage.WORKS: 8, Stage.CONSTRUCTION: 5, Stage.COMPLETION: 8},
    Kind.APPROVED: {Stage.LAND: 10, Stage.WORKS: 7, Stage.CONSTRUCTION: 5, Stage.COMPLETION: 7},
    Kind.FILED: {Stage.LAND: 9, Stage.WORKS: 7, Stage.CONSTRUCTION: 5, Stage.COMPLETION: 7},
}
# Utilities: working days from the application to connection (water and gas 4, heat 7; the others as water).
DEFAULT_UTILITY_DAYS = {"water": 4, "gas": 4, "heat": 7, "power": 4, "telecom": 4, "drainage": 4}
UTILITY_LABELS = {"water": "供水", "power": "供电", "gas": "供气", "heat": "供热", "telecom": "通信",
                  "drainage": "排水"}
UTILITY_STEPS = ("申请", "踏勘", "装表")


def check_target(days: int, label: str) -> int:
    days = int(days)
    if not 1 <= days <= NATIONAL_CEILING:
        raise ValueError(f"{label}的全流程审批时限应在1至{NATIONAL_CEILING}个工作日之间（国办发〔2019〕11号），"
                         f"现为{days}")
    return days


def stages_of(route: Route) -> tuple[Stage, ...]:
    """The stages a route files. The low-risk industrial route merges the planning and construction permits: its
    工程建设许可 items are filed with 施工许可 in one intake, so it has no separate stage 2."""
    if route == Route.LOW_RISK_INDUSTRIAL:
        return (Stage.LAND, Stage.CONSTRUCTION, Stage.COMPLETION, Stage.UTILITIES)
    return (*MAIN_STAGES, Stage.UTILITIES)


def stage_of_item(item_stage: Stage, route: Route) -> Stage:
    """Where an item tagged for `item_stage` is filed on `route` (stage-2 items move into stage 3 when merged)."""
    if route == Route.LOW_RISK_INDUSTRIAL and item_stage == Stage.WORKS:
        return Stage.CONSTRUCTION
    return item_stage


def filing_refusal(stage: Stage, route: Route, *, filed: set[Stage], concluded: set[Stage]) -> str | None:
    """None if `stage` may be filed now, else the Chinese reason. Stages are filed in order; a stage waits for its
    predecessor to conclude, except that the one-stop route may file 施工许可 while 工程建设许可 is still open (the
    施工准备函 and parallel review); utilities open at the construction permit."""
    order = stages_of(route)
    if stage not in order:
        return (f"{ROUTE_LABELS[route]}的项目不单独申报“{STAGE_LABELS[stage]}”阶段，"
                f"其事项并入“{STAGE_LABELS[Stage.CONSTRUCTION]}”阶段一并申报")
    if stage in filed:
        return f"“{STAGE_LABELS[stage]}”阶段已申报，不能重复申报"
    if stage == Stage.UTILITIES:
        if Stage.CONSTRUCTION not in concluded:
            return "市政公用服务接入在取得施工许可后申请：施工许可阶段尚未办结"
        return None
    index = order.index(stage)
    if index == 0:
        return None
    previous = order[index - 1]
    if previous in concluded:
        return None
    overlap = route == Route.ONE_STOP and stage == Stage.CONSTRUCTION
    if overlap and previous in filed:
        return None
    if overlap:
        return f"“{STAGE_LABELS[previous]}”阶段尚未申报，不能申报“{STAGE_LABELS[stage]}”"
    return (f"“{STAGE_LABELS[previous]}”阶段尚未办结，{ROUTE_LABELS[route]}的项目不能提前申报"
            f"“{STAGE_LABELS[stage]}”阶段")
