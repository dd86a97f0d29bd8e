"""Publication periods of credit records (pure Python).

A published dishonesty record has a minimum period (after which the subject may apply for repair) and a maximum
period (after which publication ends by itself). The figures are a rule set chosen by setting
(`YIWANG_CREDIT_REPAIR_RULES`, decision 0010); each figure can also be overridden one by one."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from . import kinds as k


@dataclass(frozen=True)
class Period:
    """Months from the decision (or listing) date; None: no end (published until removed)."""
    min_months: int | None
    max_months: int | None


@dataclass(frozen=True)
class SeriousListRemoval:
    """Early removal from a 严重失信主体名单 (提前移出), which follows the listing body's own rules rather than the
    general repair steps: after the list's minimum period (`RuleSet.lists`), the subject applies having fulfilled
    the obligations of the decision, removed the harm, and not been given another heavier penalty
    (`blocking_severities`) since it was listed; the listing body verifies and decides within
    `decide_working_days`. At the end of the maximum period it leaves the list by itself."""
    decide_working_days: int = 15
    blocking_severities: frozenset = frozenset()


@dataclass(frozen=True)
class RuleSet:
    code: str
    name: str
    # penalty severity -> Period
    penalty: dict = field(default_factory=dict)
    special_field_min_months: int = 12
    lists: dict = field(default_factory=dict)  # list kind -> Period
    commitment_breach: Period = Period(3, 36)
    licensing: Period = Period(None, 36)
    decide_working_days: int = 5  # the listing department decides a repair within this many working days
    report_required_for: frozenset = frozenset()  # kinds/severities whose repair needs a credit report
    serious_removal: SeriousListRemoval = SeriousListRemoval()


NDRC_2023 = RuleSet(
    code="ndrc-2023-58", name="国家发展改革委令第58号（2023）",
    penalty={k.MINOR: Period(None, 3), k.GENERAL: Period(3, 36), k.SERIOUS: Period(12, 36)},
    special_field_min_months=12,
    lists={k.SERIOUS_DISHONESTY: Period(12, 36), k.DISHONESTY_LIST: Period(3, 36), k.ABNORMAL: Period(None, None),
           k.COURT_DISHONEST: Period(None, None), k.RED_LIST: Period(None, 36), k.A_TAXPAYER: Period(None, 12),
           k.REWARD: Period(None, 36)},
    commitment_breach=Period(3, 36),
    decide_working_days=5,
    report_required_for=frozenset({k.SERIOUS, k.SERIOUS_DISHONESTY}),
    # 《市场监督管理严重违法失信名单管理办法》: early removal after a year on the list, no heavier penalty since
    # (较重行政处罚: here the general and serious ones), decided within 15 working days of the application.
    serious_removal=SeriousListRemoval(decide_working_days=15,
                                       blocking_severities=frozenset({k.GENERAL, k.SERIOUS})),
)
# The successor measures reported for 2026: the same structure; its figures are settings until the published text
# is adopted locally (decision 0010). Differences known at the time of writing: decisions within 3 working days.
NDRC_2026 = RuleSet(
    code="repair-2026", name="信用修复管理办法（2026）",
    penalty=dict(NDRC_2023.penalty), special_field_min_months=12, lists=dict(NDRC_2023.lists),
    commitment_breach=NDRC_2023.commitment_breach, decide_working_days=3,
    report_required_for=NDRC_2023.report_required_for, serious_removal=NDRC_2023.serious_removal,
)
RULE_SETS = {r.code: r for r in (NDRC_2023, NDRC_2026)}


def add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def period_for(rules: RuleSet, kind: str, *, severity: str = "", special_field: str = "") -> Period:
    if kind == k.PENALTY:
        base = rules.penalty.get(severity or k.GENERAL, rules.penalty[k.GENERAL])
        if special_field and base.min_months is not None:
            return Period(max(base.min_months, rules.special_field_min_months), base.max_months)
        if special_field and base.min_months is None:
            return base
        return base
    if kind == k.COMMITMENT_BREACH:
        return rules.commitment_breach
    if kind == k.LICENSING:
        return rules.licensing
    return rules.lists.get(kind, Period(None, None))


def window(rules: RuleSet, kind: str, start: dt.date, *, severity: str = "", special_field: str = ""
           ) -> tuple[dt.date | None, dt.date | None]:
    """(earliest repair date, end of publication) for a record decided or listed on `start`."""
    p = period_for(rules, kind, severity=severity, special_field=special_field)
    return (add_months(start, p.min_months) if p.min_months is not None else None,
            add_months(start, p.max_months) if p.max_months is not None else None)


def decide_days(rules: RuleSet, kind: str) -> int:
    """Working days the listing department has to decide an application for this kind of record."""
    if kind == k.SERIOUS_DISHONESTY:
        return rules.serious_removal.decide_working_days
    return rules.decide_working_days


def repair_needs_report(rules: RuleSet, kind: str, severity: str = "") -> bool:
    return kind in rules.report_required_for or (kind == k.PENALTY and severity in rules.report_required_for)
