"""事项编码 (item code) shape: basic code – 12-digit area code – 000 – implementing body's USCC – sequence –
handling-item code, e.g. ``511A0138000000-511602000000-000-115113010833722043-1-00`` (RULES.md). Pure Python."""
from __future__ import annotations

import re
from dataclasses import dataclass

from yiwang.org.identifiers import InvalidIdentifier, validate_uscc

EXAMPLE = "511A0138000000-511602000000-000-115113010833722043-1-00"
_PARTS = [
    ("基本编码", re.compile(r"^[0-9A-Z]{14}$"), "应为14位数字或大写字母"),
    ("区划代码", re.compile(r"^\d{12}$"), "应为12位数字"),
    ("固定段", re.compile(r"^000$"), "应为000"),
    ("实施主体统一社会信用代码", None, ""),
    ("序号", re.compile(r"^\d{1,3}$"), "应为1至3位数字"),
    ("业务办理项编码", re.compile(r"^\d{2}$"), "应为2位数字"),
]


class InvalidItemCode(ValueError):
    """Raised with a Chinese message naming the wrong part."""


@dataclass(frozen=True)
class ItemCode:
    basic_code: str
    area_code: str
    uscc: str
    sequence: str
    handling_code: str

    def __str__(self) -> str:
        return "-".join([self.basic_code, self.area_code, "000", self.uscc, self.sequence, self.handling_code])


def parse_item_code(value: str) -> ItemCode:
    """Return the parsed code (normalised: no spaces, upper case, ASCII hyphens) or raise InvalidItemCode."""
    code = "".join(str(value or "").split()).upper().replace("－", "-").replace("—", "-")
    if not code:
        raise InvalidItemCode("请填写事项编码")
    parts = code.split("-")
    if len(parts) != 6:
        raise InvalidItemCode(f"事项编码应由6段组成、以“-”分隔，例如 {EXAMPLE}；当前为{len(parts)}段")
    for (label, pattern, hint), part in zip(_PARTS, parts):
        if pattern is not None and not pattern.match(part):
            raise InvalidItemCode(f"事项编码的{label}“{part}”无效：{hint}")
    try:
        uscc = validate_uscc(parts[3])
    except InvalidIdentifier as exc:
        raise InvalidItemCode(f"事项编码中的实施主体统一社会信用代码无效：{exc}") from None
    return ItemCode(parts[0], parts[1], uscc, parts[4], parts[5])


def make_item_code(basic_code: str, area_code: str, uscc: str, sequence: int | str = 1, handling_code: str = "00") -> str:
    """Compose a code (demo data and tests); validates what it builds."""
    return str(parse_item_code(f"{basic_code}-{area_code}-000-{uscc}-{sequence}-{handling_code}"))
