"""Supervision settings, with their defaults (override as YIWANG_<NAME> in settings)."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def warn_days() -> int:
    """Yellow warning when this many working days (or fewer) are left…"""
    return int(_get("SUPERVISION_WARN_DAYS", 2))


def warn_share() -> float:
    """…or when this share of the limit (or less) is left, whichever comes first."""
    return float(_get("SUPERVISION_WARN_SHARE", 0.2))


def step_shares() -> dict[str, tuple[float, ...]]:
    """Per-step limits are not modelled on items: each approval step gets this share of the case's limit
    (tier → shares in step order; they should add up to 1)."""
    return dict(_get("SUPERVISION_STEP_SHARES", {
        "one_step": (1.0,), "two_step": (0.6, 0.4), "three_step": (0.2, 0.5, 0.3),
        "two_plus": (0.4, 0.3, 0.3), "three_plus": (0.2, 0.3, 0.25, 0.25),
    }))


def order_reply_days() -> int:
    """Default working days a department has to reply to a supervision order (督办)."""
    return int(_get("SUPERVISION_ORDER_REPLY_DAYS", 3))


def order_red_after_days() -> int:
    """Working days after escalation to the unit leader before an unanswered order is flagged red."""
    return int(_get("SUPERVISION_ORDER_RED_AFTER_DAYS", 2))


def rollup_refresh_days() -> int:
    """The periodic rollup refresh recomputes this many most recent days (older days: `yiwang supervision rollup`)."""
    return int(_get("SUPERVISION_ROLLUP_REFRESH_DAYS", 35))


def ranking_weights() -> dict[str, float]:
    """Department ranking for assessment: weight of each figure (figures are rates in 0..1, higher is better)."""
    return dict(_get("SUPERVISION_RANKING_WEIGHTS", {
        "on_time_rate": 0.30, "early_rate": 0.10, "fully_online_share": 0.15, "one_visit_share": 0.10,
        "no_supplement_rate": 0.10, "no_warning_rate": 0.10, "orders_on_time_rate": 0.15,
    }))

