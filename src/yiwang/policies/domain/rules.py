"""Eligibility rule trees (资格条件): parsing and validating the stored JsonLogic form, three-valued evaluation
(True, False, None = unknown), the per-enterprise explanation with the near-miss set, the plain-Chinese rendering,
and a generic fold that the database adapter (policies/rulesql.py) uses to build the SQL filter.

Pure Python: no Django. The stored form is JsonLogic (docs/decisions/0012-policy-rules-jsonlogic.md):

    {"and": [n, ...]}   {"or": [n, ...]}   {"!": n}
    {"in": [{"var": "scale"}, ["small", "micro"]]}          scale, entity_type, status, park (codes)
    {"prefix_in": [{"var": "industry"}, ["C39", "I65"]]}    industry (GB/T 4754), region (12-digit codes)
    {">=": [{"var": V}, lo]}  {"<=": [{"var": V}, hi]}  {"<=": [lo, {"var": V}, hi]}   numbers and dates
        V: registered_capital, founded_on, age_years, figures.<year>.<revenue|tax_paid|headcount|total_assets>
    {"has_tag": ["hnte"]} / {"has_tag": ["hnte", "2026-12-31"]}   a tag held on a day (default: the day of evaluation)
    {"credit_at_least": ["A"]}        公共信用综合评价 at least the grade
    {"serious_dishonest": []}         on the 严重失信主体名单 (use under "!" for "not on it")
    {"received": ["self"]} / {"received": [12]}   has a grant of this policy / of policy 12

A condition over a figure the enterprise lacks is unknown (None); Kleene logic carries it up: and(True, None) is
None, or(False, None) is None, not None is None. Only True makes an enterprise eligible."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

# ---- vocabulary ----------------------------------------------------------------------------------------------------
GRADE_ORDER = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-"]
SCALE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
FIGURE_FIELDS = {"revenue": ("营业收入", "万元"), "tax_paid": ("纳税额", "万元"), "headcount": ("从业人员", "人"),
                 "total_assets": ("资产总额", "万元")}
NUMBERS = {"registered_capital": ("注册资本", "万元"), "age_years": ("成立年限", "年")}
DATES = {"founded_on": "成立日期"}
SETS = {"scale": "企业规模", "entity_type": "市场主体类型", "status": "登记状态", "park": "所在园区"}
PREFIXES = {"industry": "所属行业", "region": "所在区划"}
_FIGURE_VAR = re.compile(r"^figures\.(\d{4})\.([a-z_]+)$")
_INDUSTRY = re.compile(r"^([A-T])?(\d{1,4})?$")
_REGION = re.compile(r"^\d{2,12}$")
_REGION_LENGTHS = (2, 4, 6, 9, 12)


class RuleError(ValueError):
    """A rule that cannot be stored: the message is the Chinese text a user sees; `path` says where."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class Vocabulary:
    """What a rule may name, with the labels the rendering uses. Empty maps mean "do not check" for that kind."""

    tags: dict[str, str] = field(default_factory=dict)
    parks: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)
    industries: dict[str, str] = field(default_factory=dict)  # "C39" -> name (any level, with the section letter)
    entity_types: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    policies: dict[int, str] = field(default_factory=dict)
    scales: dict[str, str] = field(default_factory=lambda: dict(SCALE_LABELS))
    check: bool = True


# ---- the tree ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class Any_:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: Any


@dataclass(frozen=True)
class InSet:
    var: str
    values: tuple


@dataclass(frozen=True)
class Prefix:
    var: str  # industry | region
    prefixes: tuple


@dataclass(frozen=True)
class Range:
    var: str
    lo: Any = None  # Decimal, or date for founded_on
    hi: Any = None


@dataclass(frozen=True)
class HasTag:
    tag: str
    on: dt.date | None = None


@dataclass(frozen=True)
class CreditAtLeast:
    grade: str


@dataclass(frozen=True)
class SeriousDishonest:
    pass


@dataclass(frozen=True)
class Received:
    policy: Any  # "self" or an int


LEAVES = (InSet, Prefix, Range, HasTag, CreditAtLeast, SeriousDishonest, Received)


# ---- facts ---------------------------------------------------------------------------------------------------------
@dataclass
class Facts:
    """What the registry and credit know of one enterprise. None = not known."""

    industry: str | None = None  # the GB/T 4754 code held (e.g. "3911"), None if not classified
    industry_section: str = ""
    scale: str | None = None
    entity_type: str | None = None
    status: str | None = None
    region: str | None = None  # 12-digit code
    park: str | None = None  # park code; None = in no park (a known fact)
    founded_on: dt.date | None = None
    registered_capital: Decimal | None = None
    figures: dict = field(default_factory=dict)  # {year: {"revenue": Decimal | None, ...}}
    tags: list = field(default_factory=list)  # [(code, valid_from | None, valid_to | None)]
    credit_grade: str | None = None
    serious_dishonest: bool = False
    received: set = field(default_factory=set)  # policy ids granted (in force)


@dataclass(frozen=True)
class Context:
    today: dt.date
    policy_id: int | None = None


# ---- parsing -------------------------------------------------------------------------------------------------------
def _num(value, path) -> Decimal:
    if isinstance(value, bool):
        raise RuleError("数值条件必须填写数字", path)
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise RuleError(f"“{value}”不是有效的数字", path) from None
    if not d.is_finite():
        raise RuleError(f"“{value}”不是有效的数字", path)
    return d


def _date(value, path) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RuleError(f"“{value}”不是有效的日期（应为YYYY-MM-DD）", path) from None


def _var(node, path) -> str:
    if isinstance(node, dict) and set(node) == {"var"} and isinstance(node["var"], str):
        return node["var"]
    raise RuleError("条件缺少所针对的企业属性", path)


def _check_var_numeric(var: str, path: str) -> None:
    if var in NUMBERS or var in DATES:
        return
    m = _FIGURE_VAR.match(var)
    if m and m.group(2) in FIGURE_FIELDS:
        if not 1990 <= int(m.group(1)) <= 2100:
            raise RuleError(f"年度“{m.group(1)}”不在有效范围内", path)
        return
    raise RuleError(f"未知的企业属性“{var}”", path)


def _bound(var: str, value, path):
    return _date(value, path) if var in DATES else _num(value, path)


def _items(value, op, path) -> list:
    items = value if isinstance(value, list) else [value]
    if not items:
        raise RuleError("条件组不能为空：请至少添加一个条件", path)
    return items


def parse(node, vocab: Vocabulary | None = None, path: str = "") -> Any:
    """The stored JsonLogic form to the tree; a RuleError (Chinese) for anything that cannot be stored."""
    vocab = vocab or Vocabulary(check=False)
    if not isinstance(node, dict) or len(node) != 1:
        raise RuleError("条件格式不正确", path)
    (op, arg), = node.items()
    here = f"{path}/{op}" if path else op
    if op in ("and", "or"):
        items = _items(arg, op, here)
        parsed = tuple(parse(n, vocab, f"{here}[{i}]") for i, n in enumerate(items))
        return All(parsed) if op == "and" else Any_(parsed)
    if op == "!":
        items = arg if isinstance(arg, list) else [arg]
        if len(items) != 1:
            raise RuleError("“不满足”只能针对一个条件或一个条件组", here)
        return Not(parse(items[0], vocab, f"{here}[0]"))
    if op == "in":
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list)):
            raise RuleError("“属于”条件格式不正确", here)
        var = _var(arg[0], here)
        if var not in SETS:
            raise RuleError(f"未知的企业属性“{var}”", here)
        values = tuple(dict.fromkeys(str(v) for v in arg[1]))
        if not values:
            raise RuleError(f"请为“{SETS[var]}”至少选择一项", here)
        known = {"scale": vocab.scales, "entity_type": vocab.entity_types, "status": vocab.statuses,
                 "park": vocab.parks}[var]
        if vocab.check and known:
            bad = [v for v in values if v not in known]
            if bad:
                raise RuleError(f"“{SETS[var]}”中有未知的取值：{'、'.join(bad)}", here)
        return InSet(var, values)
    if op == "prefix_in":
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list)):
            raise RuleError("“属于”条件格式不正确", here)
        var = _var(arg[0], here)
        if var not in PREFIXES:
            raise RuleError(f"未知的企业属性“{var}”", here)
        out = []
        for v in arg[1]:
            v = str(v).strip().upper().replace(" ", "")
            if var == "industry":
                m = _INDUSTRY.match(v)
                if not v or not m or not (m.group(1) or m.group(2)):
                    raise RuleError(f"“{v}”不是有效的国民经济行业代码（如C39、I65、3911）", here)
                if vocab.check and vocab.industries and v not in vocab.industries:
                    raise RuleError(f"未知的行业代码“{v}”", here)
            else:
                if not _REGION.match(v):
                    raise RuleError(f"“{v}”不是有效的区划代码", here)
                v = v.ljust(12, "0")
                if vocab.check and vocab.regions and v not in vocab.regions:
                    raise RuleError(f"未知的区划代码“{v}”", here)
            out.append(v)
        if not out:
            raise RuleError(f"请为“{PREFIXES[var]}”至少填写一项", here)
        return Prefix(var, tuple(dict.fromkeys(out)))
    if op in (">=", "<="):
        if not isinstance(arg, list) or len(arg) not in (2, 3):
            raise RuleError("数值条件格式不正确", here)
        if len(arg) == 3:
            if op != "<=":
                raise RuleError("区间条件应写作下限 ≤ 属性 ≤ 上限", here)
            var = _var(arg[1], here)
            _check_var_numeric(var, here)
            lo, hi = _bound(var, arg[0], here), _bound(var, arg[2], here)
        else:
            var = _var(arg[0], here)
            _check_var_numeric(var, here)
            b = _bound(var, arg[1], here)
            lo, hi = (b, None) if op == ">=" else (None, b)
        if lo is not None and hi is not None and lo > hi:
            raise RuleError(f"“{label_of(var)}”的下限（{_fmt(lo)}）大于上限（{_fmt(hi)}）", here)
        if var == "age_years" and ((lo is not None and lo < 0) or (hi is not None and hi < 0)):
            raise RuleError("成立年限不能为负数", here)
        return Range(var, lo, hi)
    if op == "has_tag":
        args = arg if isinstance(arg, list) else [arg]
        if not args or not isinstance(args[0], str) or not args[0]:
            raise RuleError("请选择企业标签", here)
        if vocab.check and vocab.tags and args[0] not in vocab.tags:
            raise RuleError(f"未知的企业标签“{args[0]}”", here)
        return HasTag(args[0], _date(args[1], here) if len(args) > 1 and args[1] else None)
    if op == "credit_at_least":
        args = arg if isinstance(arg, list) else [arg]
        if not args or args[0] not in GRADE_ORDER:
            raise RuleError(f"信用等级应为{'、'.join(GRADE_ORDER)}之一", here)
        return CreditAtLeast(args[0])
    if op == "serious_dishonest":
        return SeriousDishonest()
    if op == "received":
        args = arg if isinstance(arg, list) else [arg]
        if not args:
            raise RuleError("请选择政策", here)
        ref = args[0]
        if ref != "self":
            try:
                ref = int(ref)
            except (TypeError, ValueError):
                raise RuleError(f"“{ref}”不是有效的政策", here) from None
            if vocab.check and vocab.policies and ref not in vocab.policies:
                raise RuleError(f"未知的政策（编号{ref}）", here)
        return Received(ref)
    raise RuleError(f"未知的条件类型“{op}”", here)


def dump(tree) -> dict:
    """The tree back to its stored JsonLogic form (parse(dump(t)) == t)."""
    if isinstance(tree, All):
        return {"and": [dump(n) for n in tree.items]}
    if isinstance(tree, Any_):
        return {"or": [dump(n) for n in tree.items]}
    if isinstance(tree, Not):
        return {"!": dump(tree.item)}
    if isinstance(tree, InSet):
        return {"in": [{"var": tree.var}, list(tree.values)]}
    if isinstance(tree, Prefix):
        return {"prefix_in": [{"var": tree.var}, list(tree.prefixes)]}
    if isinstance(tree, Range):
        enc = (lambda v: v.isoformat()) if tree.var in DATES else (lambda v: _plain(v))
        if tree.lo is not None and tree.hi is not None:
            return {"<=": [enc(tree.lo), {"var": tree.var}, enc(tree.hi)]}
        if tree.lo is not None:
            return {">=": [{"var": tree.var}, enc(tree.lo)]}
        return {"<=": [{"var": tree.var}, enc(tree.hi)]}
    if isinstance(tree, HasTag):
        return {"has_tag": [tree.tag] + ([tree.on.isoformat()] if tree.on else [])}
    if isinstance(tree, CreditAtLeast):
        return {"credit_at_least": [tree.grade]}
    if isinstance(tree, SeriousDishonest):
        return {"serious_dishonest": []}
    if isinstance(tree, Received):
        return {"received": [tree.policy]}
    raise TypeError(tree)


def _plain(d: Decimal):
    return int(d) if d == d.to_integral_value() else float(d)


def leaves(tree) -> list:
    if isinstance(tree, (All, Any_)):
        return [x for n in tree.items for x in leaves(n)]
    if isinstance(tree, Not):
        return leaves(tree.item)
    return [tree]


# ---- evaluation (Kleene three-valued logic) --------------------------------------------------------------------------
def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def age_bounds(r: Range, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """Founding-date bounds for an age range in full years: age >= a ⇔ founded_on <= today - a years;
    age <= b ⇔ founded_on > today - (b + 1) years (returned as an exclusive lower bound)."""
    latest = add_years(today, -int(r.lo)) if r.lo is not None else None  # founded on or before
    earliest_excl = add_years(today, -(int(r.hi) + 1)) if r.hi is not None else None  # founded after
    return latest, earliest_excl


def figure_of(facts: Facts, var: str):
    m = _FIGURE_VAR.match(var)
    if m:
        row = facts.figures.get(int(m.group(1)))
        return None if row is None else row.get(m.group(2))
    return getattr(facts, var, None)


def industry_matches(code: str, section: str, prefix: str) -> bool:
    m = _INDUSTRY.match(prefix)
    letter, digits = m.group(1) or "", m.group(2) or ""
    return (not letter or section == letter) and (not digits or code.startswith(digits))


def region_prefix(code: str) -> str:
    """The significant part of a 12-digit region code (329901000000 → 329901): what its subregions start with."""
    for n in _REGION_LENGTHS:
        if set(code[n:]) <= {"0"}:
            return code[:n]
    return code


def leaf_value(leaf, facts: Facts, ctx: Context) -> bool | None:
    if isinstance(leaf, InSet):
        v = getattr(facts, leaf.var)
        if leaf.var == "park":
            return v is not None and v in leaf.values
        return None if v in (None, "") else v in leaf.values
    if isinstance(leaf, Prefix):
        if leaf.var == "industry":
            if facts.industry is None:
                return None
            return any(industry_matches(facts.industry, facts.industry_section, p) for p in leaf.prefixes)
        if facts.region is None:
            return None
        return any(facts.region.startswith(region_prefix(p)) for p in leaf.prefixes)
    if isinstance(leaf, Range):
        if leaf.var == "age_years":
            f = facts.founded_on
            if f is None:
                return None
            latest, after = age_bounds(leaf, ctx.today)
            return (latest is None or f <= latest) and (after is None or f > after)
        v = figure_of(facts, leaf.var)
        if v is None:
            return None
        if leaf.var not in DATES:
            v = Decimal(str(v))
        return (leaf.lo is None or v >= leaf.lo) and (leaf.hi is None or v <= leaf.hi)
    if isinstance(leaf, HasTag):
        day = leaf.on or ctx.today
        return any(code == leaf.tag and (a is None or a <= day) and (b is None or day <= b)
                   for code, a, b in facts.tags)
    if isinstance(leaf, CreditAtLeast):
        g = facts.credit_grade
        if not g or g not in GRADE_ORDER:
            return None
        return GRADE_ORDER.index(g) <= GRADE_ORDER.index(leaf.grade)
    if isinstance(leaf, SeriousDishonest):
        return bool(facts.serious_dishonest)
    if isinstance(leaf, Received):
        pid = ctx.policy_id if leaf.policy == "self" else leaf.policy
        return pid in facts.received
    raise TypeError(leaf)


def _and(values):
    values = list(values)
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _or(values):
    values = list(values)
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _not(v):
    return None if v is None else not v


def evaluate(tree, facts: Facts, ctx: Context) -> bool | None:
    """The verdict: True (eligible), False, or None (unknown: a figure the decision needs is missing)."""
    if isinstance(tree, All):
        return _and(evaluate(n, facts, ctx) for n in tree.items)
    if isinstance(tree, Any_):
        return _or(evaluate(n, facts, ctx) for n in tree.items)
    if isinstance(tree, Not):
        return _not(evaluate(tree.item, facts, ctx))
    return leaf_value(tree, facts, ctx)


# ---- the SQL fold ----------------------------------------------------------------------------------------------------
def fold(tree, *, leaf: Callable[[Any, bool], Any], and_: Callable, or_: Callable):
    """Build (definitely-true, definitely-false) predicates bottom-up, as SQL needs for three-valued logic:
    T(and) = ∧T, F(and) = ∨F; T(or) = ∨T, F(or) = ∧F; T(not x) = F(x), F(not x) = T(x).
    `leaf(node, truth)` gives the predicate selecting rows where the leaf is definitely `truth`."""
    if isinstance(tree, All):
        parts = [fold(n, leaf=leaf, and_=and_, or_=or_) for n in tree.items]
        return and_([t for t, _f in parts]), or_([f for _t, f in parts])
    if isinstance(tree, Any_):
        parts = [fold(n, leaf=leaf, and_=and_, or_=or_) for n in tree.items]
        return or_([t for t, _f in parts]), and_([f for _t, f in parts])
    if isinstance(tree, Not):
        t, f = fold(tree.item, leaf=leaf, and_=and_, or_=or_)
        return f, t
    return leaf(tree, True), leaf(tree, False)


# ---- rendering ---------------------------------------------------------------------------------------------------------
def _fmt(v) -> str:
    if isinstance(v, dt.date):
        return f"{v.year}年{v.month}月{v.day}日"
    if isinstance(v, Decimal):
        return format(v.normalize(), "f") if v == v.to_integral_value() else format(v, "f")
    return str(v)


def label_of(var: str) -> str:
    m = _FIGURE_VAR.match(var)
    if m:
        return f"{m.group(1)}年{FIGURE_FIELDS.get(m.group(2), (m.group(2),))[0]}"
    return NUMBERS.get(var, (None,))[0] or DATES.get(var) or SETS.get(var) or PREFIXES.get(var) or var


def unit_of(var: str) -> str:
    m = _FIGURE_VAR.match(var)
    if m:
        return FIGURE_FIELDS.get(m.group(2), ("", ""))[1]
    return NUMBERS.get(var, ("", ""))[1]


def _names(values, labels: dict) -> str:
    return "或".join(labels.get(v, v) for v in values)


def render_leaf(leaf, vocab: Vocabulary, positive: bool = True) -> str:
    if isinstance(leaf, InSet):
        labels = {"scale": vocab.scales, "entity_type": vocab.entity_types, "status": vocab.statuses,
                  "park": vocab.parks}[leaf.var]
        names = _names(leaf.values, labels)
        if leaf.var == "park":
            return f"注册在{names}" if positive else f"不在{names}"
        if leaf.var == "scale":
            return f"为{names}企业" if positive else f"不是{names}企业"
        return f"{SETS[leaf.var]}为{names}" if positive else f"{SETS[leaf.var]}不是{names}"
    if isinstance(leaf, Prefix):
        if leaf.var == "industry":
            names = "或".join(f"{p}{('（' + vocab.industries[p] + '）') if p in vocab.industries else ''}"
                             for p in leaf.prefixes)
            return f"属于{names}行业" if positive else f"不属于{names}行业"
        names = "或".join(vocab.regions.get(p, p) for p in leaf.prefixes)
        return f"位于{names}" if positive else f"不在{names}"
    if isinstance(leaf, Range):
        name, unit = label_of(leaf.var), unit_of(leaf.var)
        if leaf.var == "age_years":
            if leaf.lo is not None and leaf.hi is not None:
                s = f"成立{_fmt(leaf.lo)}至{_fmt(leaf.hi)}年"
            elif leaf.lo is not None:
                s = f"成立满{_fmt(leaf.lo)}年"
            else:
                s = f"成立不超过{_fmt(leaf.hi)}年"
        elif leaf.var in DATES:
            if leaf.lo is not None and leaf.hi is not None:
                s = f"{name}在{_fmt(leaf.lo)}至{_fmt(leaf.hi)}之间"
            elif leaf.lo is not None:
                s = f"{name}不早于{_fmt(leaf.lo)}"
            else:
                s = f"{name}不晚于{_fmt(leaf.hi)}"
        elif leaf.lo is not None and leaf.hi is not None:
            s = f"{name}在{_fmt(leaf.lo)}{unit}至{_fmt(leaf.hi)}{unit}之间"
        elif leaf.lo is not None:
            s = f"{name}不低于{_fmt(leaf.lo)}{unit}"
        else:
            s = f"{name}不高于{_fmt(leaf.hi)}{unit}"
        return s if positive else f"不满足“{s}”"
    if isinstance(leaf, HasTag):
        name = vocab.tags.get(leaf.tag, leaf.tag)
        when = f"于{_fmt(leaf.on)}" if leaf.on else ""
        return f"{when}为{name}" if positive else f"{when}不是{name}"
    if isinstance(leaf, CreditAtLeast):
        s = f"公共信用综合评价为{leaf.grade}级及以上"
        return s if positive else f"公共信用综合评价低于{leaf.grade}级"
    if isinstance(leaf, SeriousDishonest):
        return "被列入严重失信主体名单" if positive else "未被列入严重失信主体名单"
    if isinstance(leaf, Received):
        name = "本政策" if leaf.policy == "self" else f"《{vocab.policies.get(leaf.policy, leaf.policy)}》"
        return f"已享受{name}" if positive else f"未享受过{name}"
    raise TypeError(leaf)


def render(tree, vocab: Vocabulary | None = None, positive: bool = True, top: bool = True) -> str:
    """Plain Chinese: "注册在明湖科技园，且为高新技术企业，且2025年营业收入不低于2000万元"."""
    vocab = vocab or Vocabulary(check=False)
    if isinstance(tree, Not):
        return render(tree.item, vocab, not positive, top)
    if isinstance(tree, (All, Any_)):
        is_and = isinstance(tree, All) == positive  # De Morgan under a negation
        parts = [render(n, vocab, positive, False) for n in tree.items]
        if len(parts) == 1:
            return parts[0]
        s = ("，且" if is_and else "，或").join(parts)
        return s if top else f"（{s}）"
    return render_leaf(tree, vocab, positive)


# ---- explanation -----------------------------------------------------------------------------------------------------
@dataclass
class Line:
    """One condition of the explanation."""

    text: str  # the condition in plain Chinese (as the tree says it, negation included)
    value: str  # the enterprise's value
    outcome: bool | None  # met / not met / unknown
    depth: int
    group: str = ""  # "and" | "or" for a group line


@dataclass
class Explanation:
    verdict: bool | None
    lines: list[Line]
    missing: list[str]  # the near-miss set: the fewest facts that would make the enterprise eligible

    @property
    def verdict_text(self) -> str:
        return {True: "符合", False: "不符合", None: "无法判断（缺少数据）"}[self.verdict]

    def as_dict(self) -> dict:
        return {"verdict": self.verdict, "verdict_text": self.verdict_text,
                "lines": [{"text": ln.text, "value": ln.value, "outcome": ln.outcome, "depth": ln.depth,
                           "group": ln.group} for ln in self.lines],
                "missing": list(self.missing)}


def value_text(leaf, facts: Facts, ctx: Context, vocab: Vocabulary) -> str:
    if isinstance(leaf, InSet):
        v = getattr(facts, leaf.var)
        labels = {"scale": vocab.scales, "entity_type": vocab.entity_types, "status": vocab.statuses,
                  "park": vocab.parks}[leaf.var]
        if v in (None, ""):
            return "不在任何园区" if leaf.var == "park" else "未知（缺少数据）"
        return labels.get(v, v)
    if isinstance(leaf, Prefix):
        if leaf.var == "industry":
            return f"{facts.industry_section}{facts.industry}" if facts.industry else "未知（未划分行业）"
        return vocab.regions.get(facts.region, facts.region) if facts.region else "未知（缺少区划）"
    if isinstance(leaf, Range):
        if leaf.var == "age_years":
            f = facts.founded_on
            if f is None:
                return "未知（缺少成立日期）"
            t = ctx.today
            return f"{t.year - f.year - ((t.month, t.day) < (f.month, f.day))}年（{_fmt(f)}成立）"
        v = figure_of(facts, leaf.var)
        if v is None:
            return "未知（缺少数据）"
        return _fmt(v) if leaf.var in DATES else f"{_fmt(Decimal(str(v)))}{unit_of(leaf.var)}"
    if isinstance(leaf, HasTag):
        held = [(a, b) for code, a, b in facts.tags if code == leaf.tag]
        if not held:
            return "未持有"
        a, b = held[0]
        return f"持有（{_fmt(a) if a else '—'}至{_fmt(b) if b else '长期'}）"
    if isinstance(leaf, CreditAtLeast):
        return f"{facts.credit_grade}级" if facts.credit_grade else "未知（尚无评价）"
    if isinstance(leaf, SeriousDishonest):
        return "已列入" if facts.serious_dishonest else "未列入"
    if isinstance(leaf, Received):
        return "已享受" if leaf_value(leaf, facts, ctx) else "未享受"
    raise TypeError(leaf)


def _need(tree, facts, ctx, positive: bool) -> list | None:
    """The fewest (leaf, wanted truth) pairs whose change makes the node have truth `positive`."""
    if isinstance(tree, Not):
        return _need(tree.item, facts, ctx, not positive)
    if isinstance(tree, (All, Any_)):
        conj = isinstance(tree, All) == positive
        parts = [_need(n, facts, ctx, positive) for n in tree.items]
        if conj:
            if any(p is None for p in parts):
                return None
            out = []
            for p in parts:
                out += [x for x in p if x not in out]
            return out
        options = [p for p in parts if p is not None]
        return min(options, key=len) if options else None
    v = leaf_value(tree, facts, ctx)
    return [] if v is positive else [(tree, positive)]


def missing_text(leaf, wanted: bool, facts: Facts, ctx: Context, vocab: Vocabulary) -> str:
    v = leaf_value(leaf, facts, ctx)
    if v is None:
        name = label_of(leaf.var) if isinstance(leaf, (Range, InSet, Prefix)) else render_leaf(leaf, vocab)
        if isinstance(leaf, Range) and leaf.var == "age_years":
            name = "成立日期"
        if isinstance(leaf, CreditAtLeast):
            name = "公共信用综合评价"
        return f"缺少数据：{name}"
    if isinstance(leaf, HasTag) and wanted:
        return f"缺少：{vocab.tags.get(leaf.tag, leaf.tag)}认定"
    return f"需{render_leaf(leaf, vocab, wanted)}"


def explain(tree, facts: Facts, ctx: Context, vocab: Vocabulary | None = None) -> Explanation:
    vocab = vocab or Vocabulary(check=False)
    lines: list[Line] = []

    def walk(node, depth, positive):
        if isinstance(node, Not):
            return walk(node.item, depth, not positive)
        if isinstance(node, (All, Any_)):
            conj = isinstance(node, All) == positive
            at = len(lines)
            lines.append(Line("同时满足以下全部条件" if conj else "满足以下任一条件", "", None, depth,
                              "and" if conj else "or"))
            values = [walk(n, depth + 1, positive) for n in node.items]
            lines[at].outcome = _and(values) if conj else _or(values)
            return lines[at].outcome
        v = leaf_value(node, facts, ctx)
        outcome = v if positive else _not(v)
        lines.append(Line(render_leaf(node, vocab, positive), value_text(node, facts, ctx, vocab), outcome, depth))
        return outcome

    verdict = walk(tree, 0, True)
    missing = []
    if verdict is not True:
        need = _need(tree, facts, ctx, True) or []
        missing = [missing_text(leaf, wanted, facts, ctx, vocab) for leaf, wanted in need]
    return Explanation(verdict, lines, missing)


def near_miss(tree, facts: Facts, ctx: Context, limit: int) -> list | None:
    """The near-miss set when the enterprise is not eligible but `limit` facts or fewer would make it so."""
    if evaluate(tree, facts, ctx) is True:
        return None
    need = _need(tree, facts, ctx, True)
    return need if need is not None and 0 < len(need) <= limit else None
