"""Catalogue figures (seed 004: ≥95% of items online; seed 003 task 6: compressed time limits). Pure Python."""
from __future__ import annotations

from dataclasses import asdict, dataclass

ONLINE_TARGET = 0.95


@dataclass(frozen=True)
class ItemFacts:
    fully_online: bool
    legal_limit_days: int | None
    promised_limit_days: int
    materials: int  # materials an applicant must hand in (免提交 ones excluded)
    materials_total: int
    materials_given: bool = True  # False: never stated (材料待完善) — neither zero-material nor in the average


@dataclass(frozen=True)
class Figures:
    items: int
    fully_online: int
    fully_online_share: float | None
    online_target: float
    meets_online_target: bool | None
    immediate: int
    immediate_share: float | None
    with_legal_limit: int
    average_legal_limit: float | None
    average_promised_limit_of_those: float | None
    compression_rate: float | None  # 1 - Σpromised / Σlegal over items with a legal limit
    average_promised_limit: float | None
    average_materials: float | None
    zero_material: int
    zero_material_share: float | None
    materials_pending: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _avg(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def compute(facts: list[ItemFacts], online_target: float = ONLINE_TARGET) -> Figures:
    n = len(facts)
    online = sum(1 for f in facts if f.fully_online)
    immediate = sum(1 for f in facts if f.promised_limit_days == 0)
    legal = [f for f in facts if f.legal_limit_days is not None]
    sum_legal = sum(f.legal_limit_days for f in legal)
    sum_promised = sum(f.promised_limit_days for f in legal)
    known = [f for f in facts if f.materials_given]
    zero = sum(1 for f in known if f.materials == 0)
    return Figures(
        items=n,
        fully_online=online,
        fully_online_share=_share(online, n),
        online_target=online_target,
        meets_online_target=(online / n >= online_target) if n else None,
        immediate=immediate,
        immediate_share=_share(immediate, n),
        with_legal_limit=len(legal),
        average_legal_limit=_avg([f.legal_limit_days for f in legal]),
        average_promised_limit_of_those=_avg([f.promised_limit_days for f in legal]),
        compression_rate=round(1 - sum_promised / sum_legal, 4) if sum_legal else None,
        average_promised_limit=_avg([f.promised_limit_days for f in facts]),
        average_materials=_avg([f.materials for f in known]),
        zero_material=zero,
        zero_material_share=_share(zero, len(known)),
        materials_pending=n - len(known),
    )
