"""The rule core on its own (no database): rendering, unknown figures, the near-miss set, bad input."""
import datetime as dt
from decimal import Decimal

import pytest

from yiwang.policies.domain import benefits as bd
from yiwang.policies.domain import rules as R

VOCAB = R.Vocabulary(tags={"hnte": "高新技术企业", "srdi": "专精特新中小企业"}, parks={"JDGY": "嘉定工业区"})
RULE = {"and": [{"in": [{"var": "park"}, ["JDGY"]]}, {"has_tag": ["hnte"]},
                {">=": [{"var": "figures.2025.revenue"}, 2000]}]}
CTX = R.Context(today=dt.date(2026, 12, 2), policy_id=1)


def test_the_rule_reads_in_plain_chinese():
    assert R.render(R.parse(RULE, VOCAB), VOCAB) == "注册在嘉定工业区，且为高新技术企业，且2025年营业收入不低于2000万元"
    nested = {"or": [{"has_tag": ["srdi"]}, {"and": [{"!": {"serious_dishonest": []}},
                                                     {"credit_at_least": ["A-"]}]}]}
    assert R.render(R.parse(nested, VOCAB), VOCAB) == ("为专精特新中小企业，或（未被列入严重失信主体名单，"
                                                      "且公共信用综合评价为A-级及以上）")


def test_a_missing_figure_is_unknown_never_true_or_false():
    facts = R.Facts(park="JDGY", tags=[("hnte", None, None)], figures={})
    tree = R.parse(RULE, VOCAB)
    assert R.evaluate(tree, facts, CTX) is None
    assert R.evaluate(R.Not(tree), facts, CTX) is None  # negating an unknown does not make it true
    ex = R.explain(tree, facts, CTX, VOCAB)
    assert ex.verdict is None and ex.missing == ["缺少数据：2025年营业收入"]
    assert [ln.outcome for ln in ex.lines] == [None, True, True, None]
    assert ex.lines[3].value == "未知（缺少数据）"


def test_the_near_miss_names_the_smallest_set_of_missing_facts():
    facts = R.Facts(park="JDGY", tags=[], figures={2025: {"revenue": Decimal("2500")}})
    ex = R.explain(R.parse(RULE, VOCAB), facts, CTX, VOCAB)
    assert ex.verdict is False and ex.missing == ["缺少：高新技术企业认定"]
    either = {"or": [{"and": [{"has_tag": ["hnte"]}, {"has_tag": ["srdi"]}]}, {">=": [{"var": "headcount"}, 1]}
                     ] if False else [{"and": [{"has_tag": ["hnte"]}, {"has_tag": ["srdi"]}]},
                                      {">=": [{"var": "registered_capital"}, 1000]}]}
    ex = R.explain(R.parse(either, VOCAB), R.Facts(tags=[("hnte", None, None)], registered_capital=Decimal("50")),
                   CTX, VOCAB)
    assert ex.missing == ["缺少：专精特新中小企业认定"]  # one fact, not the capital branch's one


def test_an_expired_tag_does_not_count():
    facts = R.Facts(tags=[("hnte", dt.date(2021, 1, 1), dt.date(2023, 12, 31))])
    assert R.evaluate(R.HasTag("hnte"), facts, CTX) is False
    assert R.evaluate(R.HasTag("hnte", dt.date(2022, 6, 1)), facts, CTX) is True


@pytest.mark.parametrize("rule, message", [
    ({"and": []}, "条件组不能为空"),
    ({"has_tag": ["unicorn"]}, "未知的企业标签“unicorn”"),
    ({">=": [{"var": "turnover"}, 5]}, "未知的企业属性“turnover”"),
    ({"<=": [500, {"var": "registered_capital"}, 100]}, "下限（500）大于上限（100）"),
    ({"in": [{"var": "park"}, ["NOWHERE"]]}, "未知的取值：NOWHERE"),
    ({">=": [{"var": "figures.2025.revenue"}, "两千"]}, "不是有效的数字"),
    ({"prefix_in": [{"var": "industry"}, ["Z99"]]}, "不是有效的国民经济行业代码"),
])
def test_bad_rules_are_refused_in_chinese(rule, message):
    with pytest.raises(R.RuleError, match=message):
        R.parse(rule, VOCAB)


def test_a_share_needs_a_cap_and_is_capped():
    with pytest.raises(R.RuleError, match="必须设定上限"):
        bd.amount_rule("share", figure="figures.2025.revenue", rate="0.01")
    r = bd.amount_rule("share", figure="figures.2025.tax_paid", rate="0.1", cap="50")
    assert bd.compute(r, R.Facts(figures={2025: {"tax_paid": Decimal("310")}})) == Decimal("31.00")
    assert bd.compute(r, R.Facts(figures={2025: {"tax_paid": Decimal("9000")}})) == Decimal("50.00")
    assert bd.compute(r, R.Facts()) is None  # a missing figure is never guessed
    assert r.describe() == "按2025年纳税额的10%计算，最高50万元"
