"""The credit app's settings, with the defaults RULES.md names (override as YIWANG_<NAME> in settings)."""
from django.conf import settings

from .domain import periods


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def repair_rules() -> periods.RuleSet:
    """Which national repair rules apply (decision 0010): "ndrc-2023-58" (default) or "repair-2026"."""
    code = _get("CREDIT_REPAIR_RULES", periods.NDRC_2023.code)
    try:
        return periods.RULE_SETS[code]
    except KeyError:
        raise ValueError(f"YIWANG_CREDIT_REPAIR_RULES 取值无效：{code}") from None


def repair_decide_days(kind: str = "") -> int:
    """Working days for the listing department to decide a repair application (default: the rule set's; an early
    removal from the serious-dishonesty list has its own, YIWANG_CREDIT_SERIOUS_REMOVAL_DECIDE_DAYS)."""
    from .domain import kinds as k

    if kind == k.SERIOUS_DISHONESTY:
        return int(_get("CREDIT_SERIOUS_REMOVAL_DECIDE_DAYS", periods.decide_days(repair_rules(), kind)))
    return int(_get("CREDIT_REPAIR_DECIDE_DAYS", repair_rules().decide_working_days))


def licensing_publish_days() -> int:
    """双公示: a licensing decision is published within this many working days of the decision."""
    return int(_get("CREDIT_LICENSING_PUBLISH_DAYS", 7))


def report_department_code() -> str:
    """The department whose SM2 key signs credit reports (the credit office, 发展改革委 by default)."""
    return str(_get("CREDIT_REPORT_DEPARTMENT", "FGW"))
