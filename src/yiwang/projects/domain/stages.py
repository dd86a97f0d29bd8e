"""Which items a stage has for a project, which run in parallel and which follow another, and the stage's one form
(一表申请): fields entered once and reused afterwards, with the count of fields asked again. Pure Python."""
from __future__ import annotations

from dataclasses import dataclass, field

from .classes import Kind, Route, Stage, stage_of_item


@dataclass(frozen=True)
class Rule:
    """One catalogue item in the stage plan: `stage` is the item's stage tag; `kinds` and `routes` the classes and
    routes it applies to (empty = all); `after` the item it follows (None: parallel from the intake);
    `assessment` the regional-assessment kind that spares it for projects in an assessed park."""

    item_id: int
    name: str
    stage: Stage
    kinds: frozenset = frozenset()
    routes: frozenset = frozenset()
    after: int | None = None
    assessment: str = ""
    fields: tuple[str, ...] = ()
    order: int = 0


@dataclass(frozen=True)
class Planned:
    rule: Rule
    parallel: bool            # filed at the intake (True) or when `rule.after` concludes (False)


@dataclass(frozen=True)
class Plan:
    stage: Stage
    items: tuple[Planned, ...]
    spared: tuple[tuple[Rule, str], ...] = field(default=())  # removed by the park's regional assessments

    @property
    def parallel(self) -> tuple[Planned, ...]:
        return tuple(p for p in self.items if p.parallel)

    def fields(self) -> tuple[str, ...]:
        """The stage form's fields: each item's fields once, in item order."""
        out: dict[str, None] = {}
        for p in self.items:
            out.update(dict.fromkeys(p.rule.fields))
        return tuple(out)


def plan(rules, stage: Stage, *, kind: Kind, route: Route, assessed: dict[str, str] | None = None) -> Plan:
    """The plan of `stage` for a project of `kind` on `route`; `assessed` maps the regional-assessment kinds done
    for the project's park to their description (the items they spare are listed apart, with why)."""
    assessed = assessed or {}
    mine, spared = [], []
    for r in sorted(rules, key=lambda r: (r.order, r.item_id)):
        if stage_of_item(r.stage, route) != stage:
            continue
        if r.kinds and kind not in r.kinds or r.routes and route not in r.routes:
            continue
        if r.assessment and r.assessment in assessed:
            spared.append((r, f"园区已完成区域评估：{assessed[r.assessment]}"))
            continue
        mine.append(r)
    ids = {r.item_id for r in mine}
    items = tuple(Planned(r, parallel=r.after is None or r.after not in ids) for r in mine)
    return Plan(stage, items, tuple(spared))


@dataclass(frozen=True)
class Form:
    asked: tuple[str, ...]      # fields the builder fills in this stage
    reused: dict[str, str]      # fields known from the project or earlier stages, shown and reused
    needed: tuple[str, ...]

    @property
    def reused_count(self) -> int:
        return len(self.reused)


def stage_form(needed, known: dict[str, str]) -> Form:
    """The one form of a stage: every field any of its items needs, the known ones reused (never asked again)."""
    needed = tuple(dict.fromkeys(needed))
    reused = {f: known[f] for f in needed if known.get(f) not in (None, "")}
    return Form(tuple(f for f in needed if f not in reused), reused, needed)


def check_answers(form: Form, answers: dict[str, str]) -> tuple[dict[str, str], list[str], dict[str, str]]:
    """(values for every needed field, the known fields asked again, errors by field). A field already known and
    entered again with another value is a re-asked field: it counts against the goal of zero and is kept (the
    builder corrected it), the earlier value staying in the history."""
    errors: dict[str, str] = {}
    clean = {k: str(v).strip() for k, v in (answers or {}).items() if k in form.needed}
    for f in form.asked:
        if not clean.get(f):
            errors[f] = f"请填写“{f}”"
    reasked = [f for f in form.reused if clean.get(f) and clean[f] != form.reused[f]]
    values = {**form.reused, **{k: v for k, v in clean.items() if v}}
    return values, reasked, errors
