"""首违不罚 and discretion benchmarks (裁量基准): what the platform proposes when a violation is recorded. Pure Python.

A violation qualifies for 不予处罚 when its code is on the department's list and all four conditions hold: it is the
subject's first violation of that code (none within the look-back period), it is minor, it was corrected in time, and it
had no harmful consequence. Otherwise the platform proposes the benchmark range matching the circumstance (or none)."""
from __future__ import annotations

from dataclasses import dataclass, field

NO_PENALTY = "no_penalty"
BENCHMARK = "benchmark"
NONE = "none"
PROPOSAL_LABELS = {NO_PENALTY: "建议不予处罚（首违不罚）", BENCHMARK: "建议按裁量基准处罚", NONE: "无匹配的清单或基准"}


@dataclass(frozen=True)
class ListEntry:
    code: str
    violation: str
    basis: str


@dataclass(frozen=True)
class Benchmark:
    code: str
    circumstance: str     # 轻微 / 一般 / 严重
    low: str
    high: str
    basis: str


@dataclass(frozen=True)
class Facts:
    code: str
    circumstance: str
    prior_same: int
    minor: bool
    corrected: bool
    harmless: bool


@dataclass
class Proposal:
    kind: str
    basis: str = ""
    reasons: list[str] = field(default_factory=list)
    low: str = ""
    high: str = ""

    @property
    def label(self) -> str:
        return PROPOSAL_LABELS[self.kind]


def propose(facts: Facts, entries: list[ListEntry], benchmarks: list[Benchmark]) -> Proposal:
    entry = next((e for e in entries if e.code == facts.code), None)
    unmet = []
    if entry is not None:
        if facts.prior_same:
            unmet.append(f"非首次违法（此前同类违法{facts.prior_same}次）")
        if not facts.minor:
            unmet.append("危害后果或情节并非轻微")
        if not facts.corrected:
            unmet.append("未及时改正")
        if not facts.harmless:
            unmet.append("造成了危害后果")
        if not unmet:
            return Proposal(NO_PENALTY, basis=entry.basis, reasons=[
                f"列入首违不罚清单：{entry.violation}", "首次违法", "情节轻微", "及时改正", "无危害后果"])
    bench = next((b for b in benchmarks if b.code == facts.code and b.circumstance == facts.circumstance), None)
    if bench is not None:
        return Proposal(BENCHMARK, basis=bench.basis, low=bench.low, high=bench.high,
                        reasons=unmet + [f"裁量基准（{bench.circumstance}）：{bench.low}至{bench.high}"])
    return Proposal(NONE, reasons=unmet or ["本部门清单和裁量基准中无此违法行为"])
