"""The GB/T 4754-2017 code table shipped with the app (data/gbt4754_2017.csv: 20 门类, 97 大类, 473 中类,
1380 小类) and the parsing of the codes people write ("C3911", "3911", "c 39", "39"). Pure Python."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parent.parent / "data" / "gbt4754_2017.csv"
LEVELS = {1: "section", 2: "division", 3: "group", 4: "class"}


@dataclass(frozen=True)
class IndustryRow:
    code: str
    level: str
    name: str
    parent: str
    section: str
    description: str


@lru_cache(maxsize=1)
def rows() -> tuple[IndustryRow, ...]:
    with TABLE.open(encoding="utf-8", newline="") as f:
        return tuple(IndustryRow(**r) for r in csv.DictReader(f))


@lru_cache(maxsize=1)
def by_code() -> dict[str, IndustryRow]:
    return {r.code: r for r in rows()}


_CODE = re.compile(r"^([A-T])?(\d{2,4})?$")


def parse_code(text: str) -> tuple[str, str]:
    """("C", "3911") from "C3911", "3911", " c-3911 "; ("C", "") from "C"; ValueError if not a code shape.
    The section letter is checked against the digits when both are given."""
    raw = re.sub(r"[\s\-.·]", "", str(text or "")).upper()
    m = _CODE.match(raw)
    if not raw or not m or (m.group(1) is None and m.group(2) is None):
        raise ValueError(f"“{text}”不是国民经济行业代码的格式（门类字母A–T，或2至4位数字，如C3911）")
    letter, digits = m.group(1) or "", m.group(2) or ""
    return letter, digits


def lookup(text: str) -> IndustryRow:
    """The table row for a code as people write it; ValueError (Chinese) if it is not in GB/T 4754-2017."""
    letter, digits = parse_code(text)
    row = by_code().get(digits or letter)
    if row is None:
        raise ValueError(f"行业代码“{text}”不在《国民经济行业分类》（GB/T 4754-2017）中")
    if letter and row.section != letter:
        raise ValueError(f"行业代码“{text}”的门类应为{row.section}，而不是{letter}")
    return row
