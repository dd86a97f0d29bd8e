"""The ratings app's settings, with the defaults docs/rules.md names (override as YIWANG_<NAME> in settings)."""
from django.conf import settings


def _get(name, default):
    return getattr(settings, f"YIWANG_{name}", default)


def negative_grades() -> frozenset[int]:
    """差评: 不满意 (2) and 非常不满意 (1) by default; some places count only 不满意 — set (2,)."""
    return frozenset(int(g) for g in _get("RATINGS_NEGATIVE_GRADES", (2, 1)))


def edit_grace_hours() -> int:
    """A rating may be changed by its rater for this many hours, then it is final."""
    return int(_get("RATINGS_EDIT_GRACE_HOURS", 24))


def follow_up_days() -> int:
    """Working days for the handling unit to contact the rater of a negative rating (local: 1)."""
    return int(_get("RATINGS_FOLLOW_UP_DAYS", 1))


def reply_days() -> int:
    """Working days to verify, rectify and reply (Sichuan, Zhejiang: 15; other places 5–10)."""
    return int(_get("RATINGS_REPLY_DAYS", 15))


def default_rating_enabled() -> bool:
    """Local option (Guangxi): a service not rated within `default_rating_days` counts as 非常满意. Off by default."""
    return bool(_get("RATINGS_DEFAULT_RATING", False))


def default_rating_days() -> int:
    """Calendar days after the service before the default grade applies."""
    return int(_get("RATINGS_DEFAULT_RATING_DAYS", 7))


def default_grade() -> int:
    return int(_get("RATINGS_DEFAULT_GRADE", 5))


def twice_for_promised() -> bool:
    """Local option: a promised item (承诺件) is rated at acceptance and at delivery, whatever the channel."""
    return bool(_get("RATINGS_TWICE_FOR_PROMISED", False))


def positive_tags() -> tuple[str, ...]:
    """The praise a rater may pick with a good grade (GB/T 39734 style)."""
    return tuple(_get("RATINGS_POSITIVE_TAGS", ("服务热情", "办事高效", "一次办成", "指引清晰", "材料简便")))


def negative_tags() -> tuple[str, ...]:
    """The problems a rater may pick with a bad grade."""
    return tuple(_get("RATINGS_NEGATIVE_TAGS", (
        "态度差", "多次跑", "等候时间长", "时限超长", "材料繁琐", "系统不好用", "推诿扯皮")))


def tags() -> tuple[str, ...]:
    """Every tag a rater may choose; which of them fit a grade: domain.grades.tags_for."""
    return positive_tags() + negative_tags()


def max_comment_chars() -> int:
    return int(_get("RATINGS_MAX_COMMENT_CHARS", 500))


def reminder_days() -> int:
    """Calendar days after an unanswered invitation before its one reminder is sent."""
    return int(_get("RATINGS_REMINDER_DAYS", 3))
