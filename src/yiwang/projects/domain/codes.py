"""The investment-project code (投资项目统一代码) the national investment-project online approval and supervision
platform (全国投资项目在线审批监管平台) issues, and its checks. Pure Python.

The code is 20 digits in five groups joined by hyphens (24 characters) (`2019-510116-47-01-123456`):

| group | digits | meaning |
| --- | --- | --- |
| year | 4 | the year the code was issued (赋码年度) |
| area | 6 | the administrative-division code (GB/T 2260) of the issuing place (赋码地区) |
| industry | 2 | the GB/T 4754 division (国民经济行业大类) of the project |
| type | 2 | the project type: 01 审批 (government investment), 02 核准, 03 备案 |
| serial | 6 | the platform's serial number |

The newer code of GB/T 40058-2021 (a central guiding-department code, a random part and a check digit) is not
accepted here: the platform's own projects carry the format above (docs/projects.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from yiwang.enterprises.domain import industry

FIRST_YEAR = 2015  # the platform issued its first codes in 2015 (发改电〔2015〕501号)
TYPE_LABELS = {"01": "审批类", "02": "核准类", "03": "备案类"}
# GB/T 2260 province-level prefixes: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 (台湾), 81, 82.
PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                       50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82})
_SHAPE = re.compile(r"^(\d{4})-(\d{6})-(\d{2})-(\d{2})-(\d{6})$")


class ProjectCodeError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ProjectCode:
    year: int
    area: str
    industry: str
    type: str
    serial: str

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.area}-{self.industry}-{self.type}-{self.serial}"

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]


def normalise(text: str) -> str:
    """Full-width digits and dashes, spaces around: what people paste from documents."""
    table = {ord(c): str(i) for i, c in enumerate("０１２３４５６７８９")}
    table.update({ord(c): "-" for c in "－—–‐"})
    return re.sub(r"\s+", "", str(text or "").translate(table))


def parse(text: str, *, this_year: int) -> ProjectCode:
    """The code's parts, or ProjectCodeError with a Chinese message saying which part is wrong."""
    raw = normalise(text)
    if not raw:
        raise ProjectCodeError("请填写投资项目统一代码")
    m = _SHAPE.match(raw)
    if not m:
        if re.fullmatch(r"\d{20}", raw):
            raw = f"{raw[:4]}-{raw[4:10]}-{raw[10:12]}-{raw[12:14]}-{raw[14:]}"
            m = _SHAPE.match(raw)
        if not m:
            raise ProjectCodeError(f"“{text}”不是投资项目统一代码的格式：应为“年度4位-地区6位-行业2位-类型2位-流水号6位”，"
                                   "如 2019-510116-47-01-123456")
    year, area, division, kind, serial = m.groups()
    if not FIRST_YEAR <= int(year) <= this_year:
        raise ProjectCodeError(f"项目代码的赋码年度“{year}”不对：应在{FIRST_YEAR}年至{this_year}年之间")
    if int(area[:2]) not in PROVINCES:
        raise ProjectCodeError(f"项目代码的地区代码“{area}”不是有效的行政区划代码（前两位应为省级代码）")
    row = industry.by_code().get(division)
    if row is None or row.level != "division":
        raise ProjectCodeError(f"项目代码的行业代码“{division}”不是国民经济行业分类（GB/T 4754）的大类代码")
    if kind not in TYPE_LABELS:
        raise ProjectCodeError(f"项目代码的项目类型“{kind}”不对：应为 01（审批）、02（核准）或 03（备案）")
    if serial == "000000":
        raise ProjectCodeError("项目代码的流水号不能为 000000")
    return ProjectCode(int(year), area, division, kind, serial)


def check_matches(code: ProjectCode, *, type_code: str, type_name: str) -> None:
    """The code's type group must agree with the project's investment type (a 备案 code on a 核准 project is a
    typing error or the wrong project)."""
    if code.type != type_code:
        raise ProjectCodeError(f"项目代码的类型为“{code.type}（{code.type_label}）”，与投资类型“{type_name}”"
                               f"（应为 {type_code}）不符")
