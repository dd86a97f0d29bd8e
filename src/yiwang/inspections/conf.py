"""The inspections app's settings (override as YIWANG_<NAME> in settings), with the defaults docs/rules.md names
(双随机、一公开: the Daqing risk-class bands, the 3% floor of public-information checks, 20 working days to publish)."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


# Risk-class bands (percent, inclusive): A ≤5%, B 5–20%, C 21–60%, D 61–100% (local example, RULES.md).
DEFAULT_BANDS = {"A": ("0", "5"), "B": ("5", "20"), "C": ("21", "60"), "D": ("61", "100"), "N": ("0", "100")}
DEFAULT_RATIOS = {"A": "3", "B": "10", "C": "30", "D": "80", "N": "5"}


def bands() -> dict[str, tuple[str, str]]:
    """Allowed sampling ratio per risk class when a task samples by class; outside the band is refused."""
    return {**DEFAULT_BANDS, **dict(_get("INSPECTIONS_RISK_BANDS", {}))}


def default_ratios() -> dict[str, str]:
    return {**DEFAULT_RATIOS, **dict(_get("INSPECTIONS_DEFAULT_RATIOS", {}))}


def general_item_cap() -> str:
    """Overall share (percent) a task of general items only may not exceed (一般检查事项 比例严格控制)."""
    return str(_get("INSPECTIONS_GENERAL_CAP", "10"))


def public_info_floor() -> str:
    """Minimum overall share (percent) of an enterprise public-information check (企业公示信息抽查 ≥3%)."""
    return str(_get("INSPECTIONS_PUBLIC_INFO_FLOOR", "3"))


def max_draws_per_year() -> int:
    """An object is drawn at most this many times a calendar year, across all departments (a joint task: once)."""
    return int(_get("INSPECTIONS_MAX_DRAWS_PER_YEAR", 2))


def recent_skip_days() -> int:
    """Objects inspected within this many calendar days before the snapshot are skipped."""
    return int(_get("INSPECTIONS_RECENT_SKIP_DAYS", 90))


def inspectors_per_object() -> int:
    """Inspectors drawn per object and department (at least two: 两人以上)."""
    return max(2, int(_get("INSPECTIONS_INSPECTORS_PER_OBJECT", 2)))


def entry_days() -> int:
    """Working days after the inspection within which the drawn inspectors enter the results (谁检查、谁录入)."""
    return int(_get("INSPECTIONS_ENTRY_DAYS", 5))


def publish_days() -> int:
    """Working days after the inspection within which the results are published (谁检查、谁公开)."""
    return int(_get("INSPECTIONS_PUBLISH_DAYS", 20))


def draw_window_hours() -> int:
    """Hours after the announced draw time within which the witnessed values may be entered; later: a new task."""
    return int(_get("INSPECTIONS_DRAW_WINDOW_HOURS", 24))


def hash_algorithm() -> str:
    """SM3 (GB/T 32905) by default; SHA-256 as the alternative the rule allows."""
    return str(_get("INSPECTIONS_HASH", "SM3"))


def leniency_lookback_years() -> int:
    """Years looked back for a prior violation of the same code (首次违法)."""
    return int(_get("INSPECTIONS_LENIENCY_LOOKBACK_YEARS", 2))
