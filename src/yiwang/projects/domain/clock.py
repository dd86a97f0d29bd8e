"""The whole-chain clock (全流程审批用时) of a project. Pure Python over a working-day calendar.

Every working day from the first filing to the last decision (or today) is counted once, in exactly one bucket:
- **government** when at least one item is held by a department (filed and not concluded, and not paused) — parallel
  items on the same day count once;
- **special procedure** when every open item is suspended for a procedure the law does not count (听证, 检验, 检测,
  鉴定, 专家评审 …: 《中华人民共和国行政许可法》第四十五条);
- **intermediary** when an intermediary service (技术审查, 测绘 …) is under way and no department holds the project;
- **builder** otherwise: supplements the builder owes (第三十二条), its own preparation between stages.
Days are counted the way the law counts periods: the day an interval starts is not counted, the day it ends is."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

GOVERNMENT, SPECIAL, INTERMEDIARY, BUILDER = "government", "special", "intermediary", "builder"
BUCKET_LABELS = {GOVERNMENT: "政府审批用时", SPECIAL: "特别程序（不计时）", INTERMEDIARY: "中介服务用时",
                 BUILDER: "建设单位用时"}
BASIS = {
    SPECIAL: "《中华人民共和国行政许可法》第四十五条：听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在期限内",
    BUILDER: "《中华人民共和国行政许可法》第三十二条：申请材料不齐全的，一次告知需要补正的全部内容；补正及阶段间准备由建设单位掌握",
    INTERMEDIARY: "国办发〔2019〕11号：中介服务时间不计入审批时间，单独统计",
}


@dataclass(frozen=True)
class Pause:
    start: dt.date
    end: dt.date | None      # None: still paused
    kind: str                # SPECIAL or BUILDER
    basis: str = ""


@dataclass(frozen=True)
class Span:
    """One item's case: held by its department from `start` to `end` (None: still open), less its pauses."""

    key: str
    stage: str
    start: dt.date
    end: dt.date | None
    pauses: tuple[Pause, ...] = ()
    department: str = ""


@dataclass(frozen=True)
class Outside:
    """An intermediary service on the project (not tied to one case)."""

    start: dt.date
    end: dt.date | None
    name: str = ""


@dataclass(frozen=True)
class Clock:
    days: dict[str, int]                      # bucket → working days
    by_stage: dict[str, int]                  # stage → government working days (its parallel items once)
    by_span: dict[str, int]                   # item key → government working days of that item alone
    target: int
    today: dt.date
    open_keys: tuple[str, ...] = field(default=())

    @property
    def government(self) -> int:
        return self.days[GOVERNMENT]

    @property
    def left(self) -> int:
        return self.target - self.government

    @property
    def over(self) -> bool:
        return self.government > self.target

    def warning(self, warn_share: float) -> bool:
        """Within `warn_share` of the target (or past it): the supervision board's early warning."""
        return self.government >= self.target * warn_share

    @property
    def bottleneck(self) -> str | None:
        """The item holding the project longest: an open one if any is open."""
        pool = {k: v for k, v in self.by_span.items() if k in self.open_keys} or self.by_span
        return max(pool, key=lambda k: (pool[k], k)) if pool else None


def _covers(start: dt.date, end: dt.date | None, day: dt.date, today: dt.date) -> bool:
    return start < day <= (end or today)


def _held(span: Span, day: dt.date, today: dt.date) -> str | None:
    """GOVERNMENT / a pause kind / None (not open that day)."""
    if not _covers(span.start, span.end, day, today):
        return None
    for p in span.pauses:
        if _covers(p.start, p.end, day, today):
            return p.kind
    return GOVERNMENT


def whole_chain(spans, calendar, *, today: dt.date, target: int, outside=()) -> Clock:
    spans, outside = list(spans), list(outside)
    days = {GOVERNMENT: 0, SPECIAL: 0, INTERMEDIARY: 0, BUILDER: 0}
    by_stage = {s.stage: 0 for s in spans}
    by_span = {s.key: 0 for s in spans}
    open_keys = tuple(s.key for s in spans if s.end is None)
    if not spans:
        return Clock(days, by_stage, by_span, target, today, open_keys)
    first = min([s.start for s in spans] + [o.start for o in outside])
    last = today if open_keys or any(o.end is None for o in outside) else max(
        [s.end for s in spans] + [o.end for o in outside])
    day = first + dt.timedelta(days=1)
    while day <= last:
        if calendar.is_working_day(day):
            states = [(s, _held(s, day, today)) for s in spans]
            gov_stages = set()
            for s, state in states:
                if state == GOVERNMENT:
                    by_span[s.key] += 1
                    gov_stages.add(s.stage)
            for stage in gov_stages:
                by_stage[stage] += 1
            held = {state for _s, state in states if state}
            if GOVERNMENT in held:
                days[GOVERNMENT] += 1
            elif SPECIAL in held:
                days[SPECIAL] += 1
            elif any(_covers(o.start, o.end, day, today) for o in outside):
                days[INTERMEDIARY] += 1
            else:
                days[BUILDER] += 1
        day += dt.timedelta(days=1)
    return Clock(days, by_stage, by_span, target, today, open_keys)
