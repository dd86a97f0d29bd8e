"""The projects app's settings (override as YIWANG_<NAME> in settings), with the defaults docs/projects.md names."""
from django.conf import settings

from .domain.classes import (DEFAULT_STAGE_TARGETS, DEFAULT_TARGETS, DEFAULT_UTILITY_DAYS, MAIN_STAGES, Kind, Stage,
                             check_target)


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def target_days(kind: Kind) -> int:
    """Whole-chain target in working days per class (33 / 29 / 28 by default; at most the national 120)."""
    chosen = {**{k.value: v for k, v in DEFAULT_TARGETS.items()}, **dict(_get("PROJECTS_TARGETS", {}))}
    return check_target(chosen[Kind(kind).value], "项目类型")


def stage_target_days(kind: Kind, stage: Stage) -> int:
    """A stage's own target; utilities have the longest utility clock (their own clocks are per utility)."""
    if Stage(stage) == Stage.UTILITIES:
        return max(utility_days().values())
    custom = dict(_get("PROJECTS_STAGE_TARGETS", {})).get(Kind(kind).value, {})
    base = {s.value: d for s, d in DEFAULT_STAGE_TARGETS[Kind(kind)].items()}
    return int({**base, **custom}[Stage(stage).value])


def utility_days() -> dict[str, int]:
    """Working days from a utility application to connection (water, gas 4; heat 7; seed 001)."""
    return {**DEFAULT_UTILITY_DAYS, **dict(_get("PROJECTS_UTILITY_DAYS", {}))}


def warn_share() -> float:
    """Share of the whole-chain target used at which the board warns (0.8: four fifths of the days gone)."""
    return float(_get("PROJECTS_WARN_SHARE", 0.8))


__all__ = ["target_days", "stage_target_days", "utility_days", "warn_share", "MAIN_STAGES"]
