"""事项编码 (item code) shape: basic code – 12-digit area code – 000 – implementing body's USCC – sequence –
handling-item code, e.g. ``511A0138000000-511602000000-000-115113010833722043-1-00`` (docs/rules.md). Pure Python."""
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


# ------------------------------------------------------------------------------------------------ real data
# The national and provincial catalogues publish codes in more shapes than the standard one. The code is kept
# exactly as given (it is the national identity of the item); the parts are read where the shape is known.
_BASIC = re.compile(r"^[0-9A-Z]{12}$|^[0-9A-Z]{14}$")
_AREA = re.compile(r"^\d{12}$")
_SEQ = re.compile(r"^\d{1,3}$")
_HANDLING = re.compile(r"^\d{2,3}$")
_ORG_CODE = re.compile(r"^[0-9A-Z]{8}$")  # 组织机构代码 body (GB 11714), followed by its check character
_SERVICE_PREFIX = re.compile(r"^[GE]$")
MAX_CODE_LENGTH = 80


@dataclass(frozen=True)
class CodeReading:
    """What an item code says. `code` is the value as given (only outer whitespace removed); `parts` holds the
    recognised segments (basic_code, area_code, body_code, sequence, handling_code, service_kind,
    service_number, service_sub); `warnings` are problems the law lets through; `error` is set only when the
    value cannot be an item code at all (empty or too long)."""

    code: str
    shape: str
    parts: dict
    warnings: tuple[str, ...] = ()
    error: str = ""

    @property
    def body_code(self) -> str:
        return self.parts.get("body_code", "")

    @property
    def handling_code(self) -> str:
        return self.parts.get("handling_code", "")

    @property
    def ok(self) -> bool:
        return not self.error


SHAPES = {
    "standard": "标准编码（基本编码-区划-000-实施主体-序号-业务办理项）",
    "short_basic": "12位基本编码",
    "public_service": "公共服务编码（G-/E-）",
    "four_segment": "4段编码",
    "unrecognised": "未能识别的编码结构",
}


def _body_warnings(body: str) -> list[str]:
    if re.fullmatch(r"[0-9A-Z]{8}-[0-9A-Z]", body):
        return [f"实施主体编码“{body}”是组织机构代码，不是统一社会信用代码"]
    try:
        validate_uscc(body)
    except InvalidIdentifier as exc:
        if len(body) != 18:
            return [f"实施主体编码“{body}”为{len(body)}位，不是有效的统一社会信用代码"]
        return [f"实施主体编码“{body}”不是有效的统一社会信用代码：{exc}"]
    if body != body.upper():
        return [f"实施主体编码“{body}”含小写字母，统一社会信用代码应为大写（按原样保存）"]
    return []


def _six(parts: list[str]) -> tuple[str, dict, list[str]] | None:
    """basic-area-000-body-seq-handling, where body may be an org code with its own hyphen (7 pieces)."""
    if len(parts) == 7 and _ORG_CODE.match(parts[3].upper()) and len(parts[4]) == 1:
        parts = parts[:3] + [parts[3] + "-" + parts[4]] + parts[5:]
    if len(parts) != 6:
        return None
    basic, area, fixed, body, seq, handling = parts
    if not (_BASIC.match(basic.upper()) and _AREA.match(area) and fixed == "000" and _SEQ.match(seq)
            and _HANDLING.match(handling) and body):
        return None
    warnings = _body_warnings(body)
    if basic != basic.upper():
        warnings.append(f"基本编码“{basic}”含小写字母（按原样保存）")
    shape = "standard" if len(basic) == 14 else "short_basic"
    return shape, {"basic_code": basic, "area_code": area, "body_code": body, "sequence": seq,
                   "handling_code": handling}, warnings


def _service(parts: list[str]) -> tuple[str, dict, list[str]] | None:
    """G-000007-001-area-000-body-seq-handling (8 segments) or G-000007-001-area (4)."""
    if not (parts and _SERVICE_PREFIX.match(parts[0].upper()) and len(parts) in (4, 8, 9)):
        return None
    kind, number, sub = parts[0], parts[1], parts[2]
    if not (number.isdigit() and sub.isdigit() and _AREA.match(parts[3])):
        return None
    out = {"service_kind": kind, "service_number": number, "service_sub": sub, "area_code": parts[3],
           "basic_code": "-".join(parts[:3])}
    warnings: list[str] = []
    if len(parts) == 4:
        return "public_service", out, warnings
    rest = parts[4:]
    if len(rest) == 5 and _ORG_CODE.match(rest[1].upper()) and len(rest[2]) == 1:
        rest = [rest[0], rest[1] + "-" + rest[2], rest[3], rest[4]]
    if len(rest) != 4 or rest[0] != "000" or not _SEQ.match(rest[2]) or not _HANDLING.match(rest[3]):
        return None
    out.update(body_code=rest[1], sequence=rest[2], handling_code=rest[3])
    return "public_service", out, _body_warnings(rest[1])


def _four(parts: list[str]) -> tuple[str, dict, list[str]] | None:
    """basic-area-000-body (no sequence or handling code)."""
    if len(parts) != 4 or not (_BASIC.match(parts[0].upper()) and _AREA.match(parts[1]) and parts[2] == "000"):
        return None
    return "four_segment", {"basic_code": parts[0], "area_code": parts[1], "body_code": parts[3]}, \
        _body_warnings(parts[3])


def read_item_code(value) -> CodeReading:
    """Read an item code as the national data has it. Never changes the code; see CodeReading."""
    code = str(value if value is not None else "").strip()
    if isinstance(value, float) and value.is_integer():
        code = str(int(value))
    if not code:
        return CodeReading("", "unrecognised", {}, error="请填写事项编码")
    if len(code) > MAX_CODE_LENGTH:
        return CodeReading(code, "unrecognised", {}, error=f"事项编码长{len(code)}位，超过{MAX_CODE_LENGTH}位")
    if any(c.isspace() for c in code):
        return CodeReading(code, "unrecognised", {}, error="事项编码中间含有空格或换行")
    parts = code.replace("－", "-").split("-")
    for reader in (_service, _six, _four):
        found = reader(parts)
        if found is not None:
            shape, out, warnings = found
            if "－" in code:
                warnings.append("事项编码使用了全角连字符“－”（按原样保存）")
            return CodeReading(code, shape, out, tuple(warnings))
    return CodeReading(code, "unrecognised", {}, (f"事项编码“{code}”的结构未能识别，按原样保存，各段未解析",))
