"""The scale derivation against 《统计上大中小微型企业划分办法（2017）》: a table of cases read off its 附表."""
import pytest

from yiwang.enterprises.domain.scale import derive_scale, rule_group

# (section, code, headcount, revenue 万元, assets 万元, expected scale, why)
CASES = [
    ("C", "3911", 1000, 40000, None, "large", "工业：两项都达到大型下限"),
    ("C", "3911", 1000, 39999, None, "medium", "工业：营业收入差一万元，下划一档"),
    ("C", "3911", 300, 2000, None, "medium", "工业：恰好中型下限"),
    ("C", "3911", 299, 50000, None, "small", "工业：人数不到300，营业收入再高也只是小型"),
    ("C", "3911", 20, 300, None, "small", "工业：恰好小型下限"),
    ("C", "3911", 19, 30000, None, "micro", "工业：人数不到20即为微型（微型只须满足一项）"),
    ("C", "3911", 500, 299, None, "micro", "工业：营业收入不到300万元即为微型"),
    ("B", "0610", 1200, 45000, None, "large", "采矿业属工业"),
    ("D", "4411", 25, 350, None, "small", "电力属工业"),
    ("C", "4320", 25, 350, None, "small", "金属制品、机械和设备修理业（43）按其他未列明行业：只看人数，10–99人为小型"),
    ("C", "4320", 120, 0, None, "medium", "43大类只看从业人员"),
    ("A", "0111", None, 20000, None, "large", "农林牧渔只看营业收入"),
    ("A", "0111", None, 49, None, "micro", "农林牧渔：营业收入不到50万元为微型"),
    ("A", "0511", 5, None, None, "micro", "05专业及辅助性活动按其他未列明行业"),
    ("E", "4710", None, 80000, 80000, "large", "建筑业：营业收入和资产总额"),
    ("E", "4710", None, 80000, 4999, "small", "建筑业：资产总额不到5000万元则至多小型"),
    ("F", "5131", 200, 40000, None, "large", "批发业"),
    ("F", "5131", 19, 6000, None, "small", "批发业：人数不到20为小型"),
    ("F", "5211", 50, 500, None, "medium", "零售业：恰好中型下限"),
    ("F", "5211", 9, 20000, None, "micro", "零售业：人数不到10为微型"),
    ("G", "5411", 300, 3000, None, "medium", "交通运输业"),
    ("G", "5910", 100, 1000, None, "small", "装卸搬运属交通运输业：营业收入不到3000万元为小型"),
    ("G", "5920", 100, 1000, None, "medium", "通用仓储属仓储业：100人、1000万元为中型"),
    ("G", "6010", 20, 100, None, "small", "邮政业"),
    ("H", "6110", 100, 2000, None, "medium", "住宿业"),
    ("H", "6210", 9, 100, None, "micro", "餐饮业：人数不到10为微型"),
    ("I", "6311", 2000, 100000, None, "large", "信息传输业"),
    ("I", "6311", 1999, 100000, None, "medium", "信息传输业：人数不到2000为中型"),
    ("I", "6513", 100, 1000, None, "medium", "软件和信息技术服务业"),
    ("I", "6513", 10, 50, None, "small", "软件业：恰好小型下限"),
    ("I", "6513", 10, 49, None, "micro", "软件业：营业收入不到50万元为微型"),
    ("K", "7010", None, 200000, 10000, "large", "房地产开发经营"),
    ("K", "7010", None, 1000, 4999, "small", "房地产开发经营：资产总额不到5000万元为小型"),
    ("K", "7020", 300, 1000, None, "medium", "物业管理"),
    ("K", "7020", 99, 5000, None, "micro", "物业管理：人数不到100为微型"),
    ("K", "7030", 50, None, None, "small", "房地产中介服务按其他未列明行业"),
    ("L", "7212", 300, None, 120000, "large", "租赁和商务服务业：从业人员和资产总额"),
    ("L", "7212", 300, None, 99, "micro", "租赁和商务服务业：资产总额不到100万元为微型"),
    ("M", "7320", 300, None, None, "large", "科学研究和技术服务业按其他未列明行业"),
    ("O", "8010", 9, None, None, "micro", "居民服务按其他未列明行业"),
    ("R", "8610", 100, None, None, "medium", "文化、体育和娱乐业按其他未列明行业"),
]


@pytest.mark.parametrize("section,code,x,y,z,expected,why", CASES, ids=[c[-1] for c in CASES])
def test_scale_agrees_with_the_rule(section, code, x, y, z, expected, why):
    result = derive_scale(section=section, code=code, headcount=x, revenue=y, assets=z)
    assert result.scale == expected, f"{why}: {result.explanation}"
    assert result.explanation  # the derivation is shown, step by step


def test_the_derivation_names_the_group_and_each_indicator():
    result = derive_scale(section="C", code="3911", headcount=299, revenue=50000)
    assert "工业" in result.explanation
    assert "从业人员299人" in result.explanation and "营业收入50000万元" in result.explanation
    assert result.label == "小型"


def test_missing_figures_leave_it_unclassified_unless_one_indicator_is_already_micro():
    assert derive_scale(section="C", code="3911", headcount=500).scale is None
    assert "缺少营业收入" in derive_scale(section="C", code="3911", headcount=500).explanation
    assert derive_scale(section="C", code="3911", headcount=8).scale == "micro"


@pytest.mark.parametrize("section,code", [("J", "6620"), ("P", "8331"), ("S", "9221"), ("Q", "8411")])
def test_sectors_outside_the_rule_are_not_classified(section, code):
    result = derive_scale(section=section, code=code, headcount=5000, revenue=10**6)
    assert result.scale is None and result.explanation


def test_railway_and_division_59_without_group():
    assert rule_group("G", "5331") == "other"
    assert rule_group("G", "59") is None


def test_negative_figures_are_refused():
    with pytest.raises(ValueError, match="从业人员不能为负数"):
        derive_scale(section="C", code="3911", headcount=-1, revenue=10)
