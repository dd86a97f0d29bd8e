"""What a policy grants (享受内容) and how much: a fixed amount, a share of one of the enterprise's figures with a
cap, or "per application" (the department decides the amount case by case). Pure Python."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from . import rules

KINDS = {"subsidy": "资金补贴", "tax": "税费减免", "interest": "贷款贴息", "rent": "租金减免",
         "qualification": "资质认定", "service": "服务", "reward": "奖励"}
FIXED, SHARE, PER_APPLICATION = "fixed", "share", "per_application"
AMOUNT_TYPES = {FIXED: "固定金额", SHARE: "按企业数据的比例（设上限）", PER_APPLICATION: "按申请核定"}


@dataclass(frozen=True)
class AmountRule:
    type: str
    amount: Decimal | None = None  # 万元, for FIXED
    figure: str = ""  # the variable, for SHARE (e.g. figures.2025.revenue)
    rate: Decimal | None = None  # a fraction, for SHARE (0.05 = 5%)
    cap: Decimal | None = None  # 万元, required for SHARE

    def describe(self) -> str:
        if self.type == FIXED:
            return f"{rules._fmt(self.amount)}万元"
        if self.type == SHARE:
            pct = rules._fmt((self.rate * 100).normalize())
            return f"按{rules.label_of(self.figure)}的{pct}%计算，最高{rules._fmt(self.cap)}万元"
        return "按申请核定"


def _dec(value, field, label):
    if value in (None, ""):
        return None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise rules.RuleError(f"{label}“{value}”不是有效的数字", field) from None
    if not d.is_finite() or d < 0:
        raise rules.RuleError(f"{label}不能为负数", field)
    return d


def amount_rule(type_: str, *, amount=None, figure: str = "", rate=None, cap=None) -> AmountRule:
    """A checked amount rule (RuleError, in Chinese, names the field)."""
    if type_ not in AMOUNT_TYPES:
        raise rules.RuleError("请选择金额计算方式", "amount_type")
    if type_ == FIXED:
        a = _dec(amount, "amount", "金额")
        if a is None or a <= 0:
            raise rules.RuleError("固定金额必须大于0", "amount")
        return AmountRule(FIXED, amount=a)
    if type_ == SHARE:
        figure = (figure or "").strip()
        if not figure:
            raise rules.RuleError("请选择按哪项企业数据计算", "figure")
        rules._check_var_numeric(figure, "figure")
        if figure in rules.DATES or figure == "age_years":
            raise rules.RuleError("比例只能按金额类数据计算", "figure")
        r = _dec(rate, "rate", "比例")
        if r is None or r <= 0 or r > 1:
            raise rules.RuleError("比例应在0到100%之间（填写0.05表示5%）", "rate")
        c = _dec(cap, "cap", "上限")
        if c is None or c <= 0:
            raise rules.RuleError("按比例计算的补贴必须设定上限金额", "cap")
        return AmountRule(SHARE, figure=figure, rate=r, cap=c)
    return AmountRule(PER_APPLICATION)


def compute(rule: AmountRule, facts: rules.Facts) -> Decimal | None:
    """The amount for one enterprise in 万元; None when it cannot be computed (per application, or the figure is
    missing: never guessed)."""
    if rule.type == FIXED:
        return rule.amount
    if rule.type == SHARE:
        v = rules.figure_of(facts, rule.figure)
        if v is None:
            return None
        return min(Decimal(str(v)) * rule.rate, rule.cap).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return None
