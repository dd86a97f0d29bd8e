"""Matching a unit name as a plan writes it to the organisation's departments: exact (full or short name), then a
remembered alias, then fuzzy — fuzzy never decides, it only puts candidates in front of the person who resolves.
Plain Python."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_PREFIX = re.compile(r"^(中共|国家税务总局)?[\u4e00-\u9fff]{0,4}?(市|区|县)(?=[\u4e00-\u9fff]{2})")
_FILLER = re.compile(r"(和|与|及|人民政府|管理|事务|委员会|办公室)")


@dataclass(frozen=True)
class Department:
    id: int
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()  # the organisation's own aliases for the department


@dataclass
class Match:
    name: str
    department_id: int | None = None
    how: str = "none"  # exact | alias | external | none
    candidates: list[tuple[int, str, float]] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.how in ("exact", "alias", "external")


def _core(name: str) -> str:
    """区发展和改革委员会 → 发展改革委; 明湖区市场监督管理局 → 市场监督局 (for comparison only)."""
    s = re.sub(r"\s+", "", name)
    s = _PREFIX.sub("", s, count=1)
    s = s.replace("委员会", "委").replace("办公室", "办")
    return _FILLER.sub("", s)


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def _bigrams(s: str) -> set[str]:
    return {s[i:i + 2] for i in range(len(s) - 1)} or {s}


def similarity(a: str, b: str) -> float:
    """0..1: an abbreviation whose characters all appear in order in the full name scores high (区发改委 ↔ 发展和改革委员会)."""
    ca, cb = _core(a), _core(b)
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 1.0
    short, full = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    dice = 2 * len(_bigrams(ca) & _bigrams(cb)) / (len(_bigrams(ca)) + len(_bigrams(cb)))
    score = dice
    if _subsequence(short, full):
        score = max(score, 0.55 + 0.4 * len(short) / len(full))
        if short[-1] == full[-1]:
            score += 0.05
    return round(min(score, 0.99), 3)


def match(name: str, departments: list[Department], aliases: dict[str, tuple[int | None, bool]],
          limit: int = 5, threshold: float = 0.45) -> Match:
    """`aliases`: alias text → (department id or None, external)."""
    clean = re.sub(r"\s+", "", name)
    for d in departments:
        if clean in (d.name, d.short_name):
            return Match(name, d.id, "exact")
    if clean in aliases:
        dep, external = aliases[clean]
        return Match(name, dep, "external" if external else "alias")
    for d in departments:
        if clean in d.aliases:
            return Match(name, d.id, "alias")
    scored = sorted(((d.id, d.name, max(similarity(clean, d.name), similarity(clean, d.short_name or d.name)))
                     for d in departments), key=lambda t: (-t[2], t[1]))
    return Match(name, None, "none", [c for c in scored[:limit] if c[2] >= threshold])
