"""Completeness of a case's materials, supplement notices and 容缺 deferrals (pure Python, no Django).

A material's state in a case: `provided` (a file), `committed` (告知承诺 replaces it), `deferred` (容缺: to be
supplied later), `missing`, `defective` (a clerk found the file wanting), `waived` (not required and not given).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

PROVIDED, COMMITTED, DEFERRED, MISSING, DEFECTIVE = "provided", "committed", "deferred", "missing", "defective"


@dataclass(frozen=True)
class Requirement:
    """What the item version asks for one material."""

    key: int
    name: str
    required: bool = True
    is_key: bool = False
    deferrable: bool = False
    commitment_allowed: bool = False


@dataclass(frozen=True)
class Completeness:
    missing: tuple[Requirement, ...]      # required, neither provided nor committed (includes defective)
    deferrable_only: bool                 # something is missing and every missing one may be deferred

    @property
    def complete(self) -> bool:
        return not self.missing


class MaterialRuleError(ValueError):
    def __init__(self, message: str, field: str = "materials"):
        super().__init__(message)
        self.message, self.field = message, field


def completeness(requirements: Iterable[Requirement], status: dict[int, str], *, widened: bool = False) -> Completeness:
    """status: material key → one of the states above (absent key = missing). `widened`: a credit reward
    (容缺受理范围放宽) lets any missing material that is not a key one be deferred, not only those marked 可容缺."""
    missing = tuple(r for r in requirements if r.required and status.get(r.key) not in (PROVIDED, COMMITTED))
    return Completeness(missing, bool(missing) and all((r.deferrable or widened) and not r.is_key for r in missing))


def check_commitments(requirements: Iterable[Requirement], committed: Iterable[int], *, item_allows: bool,
                      applicant_may: bool) -> None:
    """告知承诺 replaces a material only where the item and the material allow it, for applicants in good credit."""
    committed = set(committed)
    if not committed:
        return
    if not item_allows:
        raise MaterialRuleError("本事项不适用告知承诺制", "commitments")
    if not applicant_may:
        raise MaterialRuleError("申请人存在失信记录或虚假承诺记录，信用修复前不适用告知承诺制", "commitments")
    by_key = {r.key: r for r in requirements}
    for key in sorted(committed):
        r = by_key.get(key)
        if r is None:
            raise MaterialRuleError(f"材料{key}不属于本事项", "commitments")
        if not r.commitment_allowed:
            raise MaterialRuleError(f"材料“{r.name}”不能以告知承诺代替", "commitments")


def check_deferral(missing: Iterable[Requirement], due: date | None, *, accepted_on: date, promised_deadline: date,
                   applicant_may: bool, widened: bool = False) -> None:
    """容缺受理: only non-key deferrable materials; a due date given, after the acceptance date and never past the
    promised deadline (a date before acceptance would lapse at once and end the case the next night)."""
    missing = list(missing)
    if not applicant_may:
        raise MaterialRuleError("申请人存在失信记录或虚假承诺记录，信用修复前不适用容缺受理", "deferral_due")
    for r in missing:
        if r.is_key or not (r.deferrable or widened):
            raise MaterialRuleError(f"“{r.name}”是关键材料，不能容缺受理，请一次性告知补正", "materials")
    if due is None:
        raise MaterialRuleError("容缺受理须约定补交材料的期限", "deferral_due")
    if due <= accepted_on:
        raise MaterialRuleError(
            f"补交期限应晚于受理日期（{accepted_on.isoformat()}），并不晚于承诺办结日期（{promised_deadline.isoformat()}）",
            "deferral_due")
    if due > promised_deadline:
        raise MaterialRuleError(
            f"补交期限不能晚于承诺办结日期（{promised_deadline.isoformat()}）", "deferral_due")


def check_supplement_notice(named: Iterable[int], *, missing: Iterable[int], earlier_notices: int,
                            resupplied_since_last_notice: Iterable[int], names: dict[int, str] | None = None) -> list[int]:
    """The materials a supplement notice lists, or MaterialRuleError.

    - The notice lists every missing material at once: the missing ones are always included (`named` adds the
      defective ones the clerk found).
    - After a first notice, a later notice may name only materials (re)supplied in answer to the earlier one:
      a defect that arose from the supplement itself. Anything else could have been named the first time.
    """
    names = names or {}
    listed = sorted(set(named) | set(missing))
    if not listed:
        raise MaterialRuleError("补正告知须列明需要补正的材料")
    if earlier_notices:
        fresh = set(resupplied_since_last_notice)
        late = [k for k in listed if k not in fresh]
        if late:
            shown = "、".join(f"“{names.get(k, k)}”" for k in late)
            raise MaterialRuleError(
                f"已作出过一次性告知，{shown}在上次告知时即可指出，不得再次告知补正；"
                "后续告知只能针对补正材料本身产生的问题")
    return listed
