"""The five grades (GB/T 39734-2020): 非常满意 5 … 非常不满意 1, and what counts as 差评."""
from __future__ import annotations

from collections.abc import Iterable

GRADE_LABELS: dict[int, str] = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
GRADES = tuple(sorted(GRADE_LABELS, reverse=True))


class InvalidGrade(ValueError):
    pass


def check_grade(value) -> int:
    try:
        grade = int(value)
    except (TypeError, ValueError):
        raise InvalidGrade("请选择评价等级（非常满意至非常不满意）") from None
    if grade not in GRADE_LABELS:
        raise InvalidGrade("评价等级须为 1（非常不满意）至 5（非常满意）")
    return grade


def is_negative(grade: int, negative_grades: Iterable[int]) -> bool:
    return int(grade) in set(negative_grades)


def check_tags(tags: Iterable[str] | None, allowed: Iterable[str]) -> list[str]:
    """Keep the chosen tags in the given order without duplicates; refuse a tag not on the list."""
    allowed = list(allowed)
    out: list[str] = []
    for t in tags or []:
        t = str(t).strip()
        if not t:
            continue
        if t not in allowed:
            raise InvalidGrade(f"评价标签“{t}”不在可选范围内")
        if t not in out:
            out.append(t)
    return out


GOOD_FROM, BAD_UP_TO = 4, 2  # 满意 and better pick praise, 不满意 and worse pick problems; 基本满意 either


def tags_for(grade: int, positive: Iterable[str], negative: Iterable[str]) -> tuple[str, ...]:
    """The tags that fit a grade: praise for a good one, problems for a bad one, both for 基本满意."""
    grade = int(grade)
    if grade >= GOOD_FROM:
        return tuple(positive)
    if grade <= BAD_UP_TO:
        return tuple(negative)
    return tuple(positive) + tuple(negative)


def check_tags_fit(tags: Iterable[str], grade: int, positive: Iterable[str], negative: Iterable[str]) -> None:
    """Refuse a tag that contradicts the grade (“态度差” with 非常满意)."""
    fits = set(tags_for(grade, positive, negative))
    for t in tags:
        if t not in fits:
            raise InvalidGrade(f"标签“{t}”与评价等级“{GRADE_LABELS[int(grade)]}”不符，请重新选择标签")
