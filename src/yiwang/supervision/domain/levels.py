"""Warning levels, per-step limits and the ranking score (pure Python, no Django)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


LEVEL_LABELS = {Level.NONE: "正常", Level.YELLOW: "黄色预警", Level.RED: "红色预警"}
LEVEL_RANK = {Level.NONE: 0, Level.YELLOW: 1, Level.RED: 2}


def warn_threshold(limit_days: int, *, warn_days: int, warn_share: float) -> int:
    """Working days left at or below which a yellow warning is raised: the larger of `warn_days` and
    `warn_share` of the limit (rounded up)."""
    return max(int(warn_days), math.ceil(max(limit_days, 0) * warn_share))


def level_for(remaining: int | None, limit_days: int, *, warn_days: int, warn_share: float) -> Level:
    """remaining: working days left (negative once overdue); None: no limit running."""
    if remaining is None:
        return Level.NONE
    if remaining < 0:
        return Level.RED
    if remaining <= warn_threshold(limit_days, warn_days=warn_days, warn_share=warn_share):
        return Level.YELLOW
    return Level.NONE


def step_limits(total_days: int, shares: tuple[float, ...]) -> list[int]:
    """Split a limit into per-step limits by shares; rounding goes to the last step so they add up to the total
    (each step at least 1 working day when the total allows)."""
    if not shares:
        return []
    out = [max(1 if total_days >= len(shares) else 0, math.floor(total_days * s)) for s in shares[:-1]]
    out.append(max(total_days - sum(out), 0))
    return out


@dataclass(frozen=True)
class Ratio:
    num: float
    den: float

    @property
    def value(self) -> float | None:
        return None if not self.den else self.num / self.den


def ratio(num, den) -> float | None:
    return None if not den else num / den


def ranking(rows: dict, weights: dict[str, float]) -> list[tuple]:
    """rows: key → {figure: rate in 0..1 or None}. Score = Σ weight × rate over the figures present, scaled to the
    weights of the figures present (a figure with no data does not count for or against), × 100.
    Returns [(key, score, rank)] best first; equal scores share a rank."""
    scored = []
    for key, figures in rows.items():
        total_w = sum(w for f, w in weights.items() if figures.get(f) is not None)
        score = (sum(w * figures[f] for f, w in weights.items() if figures.get(f) is not None) / total_w * 100
                 if total_w else None)
        scored.append((key, None if score is None else round(score, 2)))
    scored.sort(key=lambda ks: (ks[1] is None, -(ks[1] or 0)))
    out, last, rank = [], object(), 0
    for i, (key, score) in enumerate(scored, 1):
        if score != last:
            rank, last = i, score
        out.append((key, score, rank))
    return out
