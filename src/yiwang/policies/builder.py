"""The rule builder's form (no JSON typed by hand) to and from the stored JsonLogic.

The form is a list of rows under a top combinator (`top`: and/or). A row is a condition or the head of a
condition group (`attr` = group_and / group_or); rows with depth 1 belong to the group above them. Each row may be
negated (不满足). One multi-select (`values`) carries the chosen parks, regions, scales, types, statuses, tags, grades
and policies, each as "kind:value"."""
from __future__ import annotations

from dataclasses import dataclass, field

from .domain import rules

ATTRS = [
    ("park", "所在园区"), ("region", "所在区划"), ("industry", "所属行业（代码）"), ("scale", "企业规模"),
    ("entity_type", "市场主体类型"), ("status", "登记状态"), ("founded_on", "成立日期"), ("age_years", "成立年限（年）"),
    ("registered_capital", "注册资本（万元）"), ("figure", "年度经营数据"), ("tag", "持有企业标签"),
    ("credit", "公共信用综合评价不低于"), ("serious", "被列入严重失信主体名单"), ("received", "已享受政策"),
    ("group_and", "条件组：同时满足组内全部条件"), ("group_or", "条件组：满足组内任一条件"),
]
FIGURE_CHOICES = [(k, v[0]) for k, v in rules.FIGURE_FIELDS.items()]
ROW_FIELDS = ["depth", "neg", "attr", "values", "text", "year", "field", "lo", "hi", "on"]


@dataclass
class Row:
    depth: int = 0
    neg: bool = False
    attr: str = ""
    values: list = field(default_factory=list)
    text: str = ""
    year: str = ""
    field: str = "revenue"
    lo: str = ""
    hi: str = ""
    on: str = ""

    def as_dict(self):
        return {k: getattr(self, k) for k in ROW_FIELDS}


def rows_from_post(data, blank: int = 0) -> tuple[str, list[Row]]:
    """Read the rows from a QueryDict-like (get/getlist)."""
    count = int(data.get("rows") or 0) if str(data.get("rows") or "0").isdigit() else 0
    rows = []
    for i in range(min(count, 60)):
        p = f"r{i}-"
        if data.get(p + "delete"):
            continue
        rows.append(Row(depth=1 if data.get(p + "depth") == "1" else 0, neg=bool(data.get(p + "neg")),
                        attr=data.get(p + "attr") or "", values=list(data.getlist(p + "values")),
                        text=data.get(p + "text") or "", year=data.get(p + "year") or "",
                        field=data.get(p + "field") or "revenue", lo=data.get(p + "lo") or "",
                        hi=data.get(p + "hi") or "", on=data.get(p + "on") or ""))
    rows += [Row() for _ in range(blank)]
    return (data.get("top") if data.get("top") in ("and", "or") else "and"), rows


def _picked(row: Row, kind: str) -> list[str]:
    return [v.split(":", 1)[1] for v in row.values if v.startswith(kind + ":")]


def _num(s):
    s = str(s).strip()
    return s if s else None


def leaf_of(row: Row, n: int):
    a = row.attr
    where = f"第{n}行"
    if a in ("park", "scale", "entity_type", "status"):
        vals = _picked(row, a)
        if not vals:
            raise rules.RuleError(f"{where}：请为“{dict(ATTRS)[a]}”至少选择一项", f"r{n}")
        return {"in": [{"var": a}, vals]}
    if a in ("region", "industry"):
        vals = _picked(row, "region") if a == "region" else []
        vals += [v for v in row.text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",") if v.strip()]
        if not vals:
            raise rules.RuleError(f"{where}：请填写{'区划' if a == 'region' else '行业代码（如C39、I65）'}", f"r{n}")
        return {"prefix_in": [{"var": a}, vals]}
    if a in ("founded_on", "age_years", "registered_capital", "figure"):
        var = a
        if a == "figure":
            if not row.year.strip().isdigit():
                raise rules.RuleError(f"{where}：请填写年度（如2025）", f"r{n}")
            var = f"figures.{row.year.strip()}.{row.field}"
        lo, hi = _num(row.lo), _num(row.hi)
        if lo is None and hi is None:
            raise rules.RuleError(f"{where}：请填写下限或上限", f"r{n}")
        if lo is not None and hi is not None:
            return {"<=": [lo, {"var": var}, hi]}
        return {">=": [{"var": var}, lo]} if lo is not None else {"<=": [{"var": var}, hi]}
    if a == "tag":
        tags = _picked(row, "tag")
        if not tags:
            raise rules.RuleError(f"{where}：请选择企业标签", f"r{n}")
        return {"has_tag": [tags[0]] + ([row.on] if row.on else [])}
    if a == "credit":
        grades = _picked(row, "grade")
        if not grades:
            raise rules.RuleError(f"{where}：请选择信用等级", f"r{n}")
        return {"credit_at_least": [grades[0]]}
    if a == "serious":
        return {"serious_dishonest": []}
    if a == "received":
        pols = _picked(row, "policy")
        if not pols:
            raise rules.RuleError(f"{where}：请选择政策", f"r{n}")
        return {"received": [pols[0] if pols[0] == "self" else int(pols[0]) if pols[0].isdigit() else pols[0]]}
    raise rules.RuleError(f"{where}：未知的企业属性“{a}”", f"r{n}")


def to_jsonlogic(top: str, rows: list[Row]) -> dict:
    """The rows as JsonLogic (validation of the content is rules.parse's job; this raises on incomplete rows)."""
    root: list = []
    group = None
    for n, row in enumerate(rows, start=1):
        if not row.attr:
            continue
        if row.attr in ("group_and", "group_or"):
            group = {"op": "and" if row.attr == "group_and" else "or", "neg": row.neg, "items": []}
            root.append(group)
            continue
        node = leaf_of(row, n)
        if row.neg:
            node = {"!": node}
        if row.depth == 1 and group is not None:
            group["items"].append(node)
        else:
            group = None if row.depth == 0 else group
            root.append(node)
    out = []
    for item in root:
        if isinstance(item, dict) and "op" in item:
            g = {item["op"]: item["items"]}
            out.append({"!": g} if item["neg"] else g)
        else:
            out.append(item)
    if not out:
        raise rules.RuleError("请至少添加一个条件", "rows")
    return {top: out}


def _row_of(node, depth: int) -> Row:
    neg = False
    if isinstance(node, rules.Not):
        neg, node = True, node.item
    r = Row(depth=depth, neg=neg)
    if isinstance(node, rules.InSet):
        r.attr, r.values = node.var, [f"{node.var}:{v}" for v in node.values]
    elif isinstance(node, rules.Prefix):
        r.attr = node.var
        if node.var == "region":
            r.values = [f"region:{v}" for v in node.prefixes]
        else:
            r.text = ",".join(node.prefixes)
    elif isinstance(node, rules.Range):
        m = rules._FIGURE_VAR.match(node.var)
        if m:
            r.attr, r.year, r.field = "figure", m.group(1), m.group(2)
        else:
            r.attr = node.var
        enc = (lambda v: "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else rules._fmt(v)))
        r.lo, r.hi = enc(node.lo), enc(node.hi)
    elif isinstance(node, rules.HasTag):
        r.attr, r.values, r.on = "tag", [f"tag:{node.tag}"], node.on.isoformat() if node.on else ""
    elif isinstance(node, rules.CreditAtLeast):
        r.attr, r.values = "credit", [f"grade:{node.grade}"]
    elif isinstance(node, rules.SeriousDishonest):
        r.attr = "serious"
    elif isinstance(node, rules.Received):
        r.attr, r.values = "received", [f"policy:{node.policy}"]
    else:
        raise ValueError("nested")
    return r


def rows_of(rule) -> tuple[str, list[Row], bool]:
    """The stored rule as builder rows; the last value is False when the tree is deeper than the form shows."""
    if not rule:
        return "and", [], True
    tree = rules.parse(rule)
    top, items = "and", [tree]
    if isinstance(tree, (rules.All, rules.Any_)):
        top, items = ("and" if isinstance(tree, rules.All) else "or"), list(tree.items)
    rows = []
    try:
        for node in items:
            inner, neg = node, False
            if isinstance(inner, rules.Not) and isinstance(inner.item, (rules.All, rules.Any_)):
                inner, neg = inner.item, True
            if isinstance(inner, (rules.All, rules.Any_)):
                rows.append(Row(depth=0, neg=neg, attr="group_and" if isinstance(inner, rules.All) else "group_or"))
                rows += [_row_of(n, 1) for n in inner.items]
            else:
                rows.append(_row_of(node, 0))
    except ValueError:
        return top, [], False
    return top, rows, True
