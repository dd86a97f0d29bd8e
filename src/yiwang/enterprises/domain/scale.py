"""Enterprise scale (大型 / 中型 / 小型 / 微型) by 《统计上大中小微型企业划分办法（2017）》 (国统字〔2017〕213号).

Pure Python. The rule: each industry group of the 附表 has one or two indicators (从业人员 X in persons, 营业收入 Y
and 资产总额 Z in 万元) with lower bounds for 大型, 中型 and 小型. "大型、中型和小型企业须同时满足所列指标的下限，
否则下划一档；微型企业只须满足所列指标中的一项即可" — so the scale is the lowest of the scales each indicator gives.
The groups map onto GB/T 4754-2017 codes as the 附表's notes say (工业 is B, C, D without 11 and 43; 交通运输业 is
54–58 and 591 without 53; 仓储业 592–599; 房地产开发经营 7010, 物业管理 7020; 其他未列明行业 the rest of the 15
sections the rule covers). 金融业 (J) follows its own rule; 教育 (P), 卫生 (Q84), 公共管理 (S) and 国际组织 (T) are
outside its scope.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

LARGE, MEDIUM, SMALL, MICRO = "large", "medium", "small", "micro"
ORDER = [MICRO, SMALL, MEDIUM, LARGE]
LABELS = {LARGE: "大型", MEDIUM: "中型", SMALL: "小型", MICRO: "微型"}

HEADCOUNT, REVENUE, ASSETS = "headcount", "revenue", "assets"
INDICATOR_LABELS = {HEADCOUNT: "从业人员", REVENUE: "营业收入", ASSETS: "资产总额"}
INDICATOR_UNITS = {HEADCOUNT: "人", REVENUE: "万元", ASSETS: "万元"}


@dataclass(frozen=True)
class Bounds:
    """Lower bounds (inclusive) for 大型, 中型, 小型; below the 小型 bound is 微型."""

    indicator: str
    large: int
    medium: int
    small: int

    def scale_of(self, value: Decimal) -> str:
        if value >= self.large:
            return LARGE
        if value >= self.medium:
            return MEDIUM
        if value >= self.small:
            return SMALL
        return MICRO


# 附表: industry group → its indicators.
RULES: dict[str, tuple[str, tuple[Bounds, ...]]] = {
    "agriculture": ("农、林、牧、渔业", (Bounds(REVENUE, 20000, 500, 50),)),
    "industry": ("工业", (Bounds(HEADCOUNT, 1000, 300, 20), Bounds(REVENUE, 40000, 2000, 300))),
    "construction": ("建筑业", (Bounds(REVENUE, 80000, 6000, 300), Bounds(ASSETS, 80000, 5000, 300))),
    "wholesale": ("批发业", (Bounds(HEADCOUNT, 200, 20, 5), Bounds(REVENUE, 40000, 5000, 1000))),
    "retail": ("零售业", (Bounds(HEADCOUNT, 300, 50, 10), Bounds(REVENUE, 20000, 500, 100))),
    "transport": ("交通运输业", (Bounds(HEADCOUNT, 1000, 300, 20), Bounds(REVENUE, 30000, 3000, 200))),
    "warehousing": ("仓储业", (Bounds(HEADCOUNT, 200, 100, 20), Bounds(REVENUE, 30000, 1000, 100))),
    "postal": ("邮政业", (Bounds(HEADCOUNT, 1000, 300, 20), Bounds(REVENUE, 30000, 2000, 100))),
    "accommodation": ("住宿业", (Bounds(HEADCOUNT, 300, 100, 10), Bounds(REVENUE, 10000, 2000, 100))),
    "catering": ("餐饮业", (Bounds(HEADCOUNT, 300, 100, 10), Bounds(REVENUE, 10000, 2000, 100))),
    "telecom": ("信息传输业", (Bounds(HEADCOUNT, 2000, 100, 10), Bounds(REVENUE, 100000, 1000, 100))),
    "software": ("软件和信息技术服务业", (Bounds(HEADCOUNT, 300, 100, 10), Bounds(REVENUE, 10000, 1000, 50))),
    "real_estate_dev": ("房地产开发经营", (Bounds(REVENUE, 200000, 1000, 100), Bounds(ASSETS, 10000, 5000, 2000))),
    "property_mgmt": ("物业管理", (Bounds(HEADCOUNT, 1000, 300, 100), Bounds(REVENUE, 5000, 1000, 500))),
    "leasing_business": ("租赁和商务服务业", (Bounds(HEADCOUNT, 300, 100, 10), Bounds(ASSETS, 120000, 8000, 100))),
    "other": ("其他未列明行业", (Bounds(HEADCOUNT, 300, 100, 10),)),
}

OUT_OF_SCOPE = {
    "J": "金融业企业按《金融业企业划型标准规定》划分，不适用本办法",
    "P": "教育不在《统计上大中小微型企业划分办法（2017）》的适用范围内",
    "S": "公共管理、社会保障和社会组织不在本办法的适用范围内",
    "T": "国际组织不在本办法的适用范围内",
}


def rule_group(section: str, code: str) -> str | None:
    """The 附表 group of a GB/T 4754-2017 code (section letter and the digits of a division, group or class);
    None when the rule does not apply (see `OUT_OF_SCOPE`)."""
    section = (section or "").upper()
    digits = "".join(c for c in (code or "") if c.isdigit())
    div = digits[:2]
    if section == "A":
        return "other" if div == "05" else "agriculture"
    if section in "BCD" and section:
        return "other" if div in ("11", "43") else "industry"
    if section == "E":
        return "construction"
    if section == "F":
        return "wholesale" if div == "51" else "retail"
    if section == "G":
        if div == "53":
            return "other"
        if div == "59":
            if len(digits) < 3:
                return None  # 59 mixes 装卸搬运 (交通运输业) and 仓储; needs the group
            return "transport" if digits[:3] == "591" else "warehousing"
        if div == "60":
            return "postal"
        return "transport"
    if section == "H":
        return "accommodation" if div == "61" else "catering"
    if section == "I":
        return "software" if div == "65" else "telecom"
    if section == "K":
        if digits[:4] == "7010":
            return "real_estate_dev"
        if digits[:4] == "7020":
            return "property_mgmt"
        return "other" if len(digits) >= 4 else None
    if section == "L":
        return "leasing_business"
    if section == "Q":
        return "other" if div == "85" else None
    if section in ("M", "N", "O", "R"):
        return "other"
    return None


@dataclass
class ScaleResult:
    scale: str | None
    group: str | None
    group_label: str
    steps: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return LABELS.get(self.scale, "未划型")

    @property
    def explanation(self) -> str:
        return "；".join(self.steps)


def _fmt(value: Decimal) -> str:
    value = Decimal(value)
    return f"{value.normalize():f}" if value != value.to_integral() else f"{int(value)}"


def derive_scale(*, section: str, code: str, headcount=None, revenue=None, assets=None) -> ScaleResult:
    """Derive the scale, with each step of the derivation in Chinese. Revenue and assets in 万元."""
    group = rule_group(section, code)
    if group is None:
        reason = OUT_OF_SCOPE.get((section or "").upper(), "该行业代码不足以确定《划分办法》附表中的行业，请填写到中类或小类")
        return ScaleResult(None, None, "", [reason])
    label, bounds = RULES[group]
    values = {HEADCOUNT: headcount, REVENUE: revenue, ASSETS: assets}
    result = ScaleResult(None, group, label, [f"行业代码{section}{code}属于附表“{label}”"])
    scales = []
    for b in bounds:
        raw = values[b.indicator]
        name, unit = INDICATOR_LABELS[b.indicator], INDICATOR_UNITS[b.indicator]
        if raw is None or raw == "":
            result.missing.append(b.indicator)
            continue
        value = Decimal(str(raw))
        if value < 0:
            raise ValueError(f"{name}不能为负数")
        s = b.scale_of(value)
        scales.append(s)
        result.steps.append(
            f"{name}{_fmt(value)}{unit}：大型≥{b.large}，中型≥{b.medium}，小型≥{b.small}，按此项为{LABELS[s]}"
        )
    if result.missing:
        names = "、".join(INDICATOR_LABELS[m] for m in result.missing)
        if MICRO in scales:
            # 微型企业只须满足所列指标中的一项即可.
            result.scale = MICRO
            result.steps.append(f"缺少{names}，但已有一项指标达到微型标准，划为微型")
        else:
            result.steps.append(f"缺少{names}，无法划型")
        return result
    result.scale = min(scales, key=ORDER.index)
    if len(scales) > 1:
        result.steps.append(f"须同时满足各项指标下限，取较低档：{LABELS[result.scale]}")
    return result
