"""The cases app's settings, with the defaults docs/rules.md names (override as YIWANG_<NAME> in settings)."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def completeness_check_days() -> int:
    """Art. 32: working days to accept, refuse or notify before a received case is deemed accepted."""
    return int(_get("CASES_COMPLETENESS_CHECK_DAYS", 5))


def max_extension_days() -> int:
    """Art. 42: one extension of at most 10 working days (15 for joint handling: set it where that applies)."""
    return int(_get("CASES_MAX_EXTENSION_DAYS", 10))


# 行政许可法 art. 45: the procedures whose time is not counted.
STATUTORY_SPECIAL_PROCEDURES = ("hearing", "tender", "auction", "inspection", "testing", "quarantine", "appraisal",
                                "expert_review")


def special_procedures() -> tuple[str, ...]:
    """Procedures that may suspend the clock: art. 45's, plus those a local rule adds
    (YIWANG_CASES_LOCAL_SPECIAL_PROCEDURES; default [] — the statute's list alone. A district whose rules count
    现场勘验 as a special procedure sets ["site_inspection"]; decision 0007)."""
    local = _get("CASES_LOCAL_SPECIAL_PROCEDURES", [])
    return STATUTORY_SPECIAL_PROCEDURES + tuple(k for k in local if k not in STATUTORY_SPECIAL_PROCEDURES)


def joint_limit_days() -> int:
    """Art. 42 (2): unified, joint or centralised handling (art. 26) is done within 45 working days."""
    return int(_get("CASES_JOINT_LIMIT_DAYS", 45))


def joint_max_extension_days() -> int:
    """Art. 42 (2): extendable by 15 working days with the approval of the head of the people's government."""
    return int(_get("CASES_JOINT_MAX_EXTENSION_DAYS", 15))


def delivery_days() -> int:
    """Art. 44: working days from the decision to delivery."""
    return int(_get("CASES_DELIVERY_DAYS", 10))


def post_check_days() -> int:
    """Working days after the decision by which a 告知承诺 post-check is due (local practice; default 20;
    decision 0003)."""
    return int(_get("CASES_POST_CHECK_DAYS", 20))


def max_upload_bytes() -> int:
    return int(_get("CASES_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def allowed_upload_types() -> frozenset[str]:
    return frozenset(_get("CASES_ALLOWED_UPLOAD_TYPES", {
        "application/pdf", "image/jpeg", "image/png", "application/ofd",
    }))


def orphan_grace_minutes() -> int:
    """Age an unreferenced uploaded file must reach before the sweeper deletes it (an upload still in flight
    writes its file before its row commits; default 24 hours)."""
    return int(_get("CASES_ORPHAN_GRACE_MINUTES", 24 * 60))


def orphan_sweep_prefixes() -> tuple[str, ...]:
    """Storage folders the orphan sweeper looks in (only uploaded materials by default)."""
    return tuple(_get("CASES_ORPHAN_SWEEP_PREFIXES", ["cases/blobs/"]))
