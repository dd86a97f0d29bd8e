"""The demands app's settings (override as YIWANG_<NAME> in settings), with the defaults docs/enterprises.md names."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def ack_days() -> int:
    """Working days a department has to acknowledge (报到) a dispatched demand."""
    return int(_get("DEMANDS_ACK_DAYS", 1))


def evaluation_days() -> int:
    """Working days the enterprise has to evaluate an answer; then the demand closes by itself."""
    return int(_get("DEMANDS_EVALUATION_DAYS", 5))


def max_reopens() -> int:
    """How many times 不满意 reopens a demand; after that 不满意 closes it (recorded as 不满意)."""
    return int(_get("DEMANDS_MAX_REOPENS", 2))


def attachment_max_bytes() -> int:
    return int(_get("DEMANDS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def category_limits() -> dict[str, int]:
    """Working-day limits by category code, over the defaults below (the managed list can change them too)."""
    return {**DEFAULT_LIMITS, **dict(_get("DEMANDS_CATEGORY_LIMITS", {}))}


def ranking_weight() -> float:
    """Weight of the departments' demand-handling score in the department ranking (0 to leave it out)."""
    return float(_get("DEMANDS_RANKING_WEIGHT", 0.2))


DEFAULT_CATEGORIES = [
    ("policy", "政策咨询", 5), ("approval", "审批办理", 10), ("finance", "融资", 15), ("land", "用地", 20),
    ("labour", "用工", 10), ("utilities", "水电气", 10), ("ip", "知识产权", 15), ("legal", "法律纠纷", 20),
    ("other", "其他", 15),
]
DEFAULT_LIMITS = {code: days for code, _name, days in DEFAULT_CATEGORIES}
