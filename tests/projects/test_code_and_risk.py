"""The investment-project code and the risk matrix: pure cores, tested directly."""
import pytest

from yiwang.projects.domain import codes, risk
from yiwang.projects.domain.classes import Kind, Route


def test_a_real_shaped_code_parses_into_its_parts():
    c = codes.parse("2019-510116-47-01-123456", this_year=2026)
    assert (c.year, c.area, c.industry, c.type, c.serial) == (2019, "510116", "47", "01", "123456")
    assert c.type_label == "审批类"
    # pasted from a document: full-width digits and dashes, or the 20 digits without hyphens
    assert str(codes.parse("２０１９－510116－47－01－123456", this_year=2026)) == "2019-510116-47-01-123456"
    assert str(codes.parse("20195101164701123456", this_year=2026)) == "2019-510116-47-01-123456"


@pytest.mark.parametrize("text, words", [
    ("2019-510116-47-1-123456", "格式"),
    ("2013-510116-47-01-123456", "赋码年度"),
    ("2027-510116-47-01-123456", "赋码年度"),
    ("2019-990116-47-01-123456", "地区代码"),
    ("2019-510116-00-01-123456", "行业代码"),
    ("2019-510116-47-05-123456", "项目类型"),
    ("2019-510116-47-01-000000", "流水号"),
])
def test_a_wrong_part_is_named_in_chinese(text, words):
    with pytest.raises(codes.ProjectCodeError) as e:
        codes.parse(text, this_year=2026)
    assert words in e.value.message


def test_the_code_type_must_match_the_investment_type():
    with pytest.raises(codes.ProjectCodeError) as e:
        codes.check_matches(codes.parse("2024-320115-47-03-000001", this_year=2026), type_code="02",
                            type_name="社会投资核准")
    assert "备案类" in e.value.message and "社会投资核准" in e.value.message


FACTS = {"use": "工业厂房", "floor_area": 8000, "height": 18, "hazardous": False, "ecological": False,
         "special_zone": "无"}


def test_the_shipped_matrix_is_valid_and_a_small_factory_is_low_risk_industrial():
    m = risk.validate(risk.DEFAULT_MATRIX)
    a = risk.assess(m, FACTS)
    assert a.level == "low" and not a.excluded
    assert risk.route_for(Kind.FILED, "工业厂房", a)[0] == Route.LOW_RISK_INDUSTRIAL


def test_the_level_is_the_highest_factor_and_its_reason_comes_first():
    a = risk.assess(risk.DEFAULT_MATRIX, {**FACTS, "floor_area": 30000, "special_zone": "轨道交通保护区"})
    assert a.level == "medium"
    assert a.reasons[0].endswith("中风险") and any("30000" in r for r in a.reasons[:2])
    assert risk.route_for(Kind.APPROVED, "工业厂房", a)[0] == Route.ONE_STOP


@pytest.mark.parametrize("facts", [{"hazardous": True}, {"height": 120}, {"use": "危险品仓储"}])
def test_the_excluded_kinds_never_go_one_stop(facts):
    a = risk.assess(risk.DEFAULT_MATRIX, {**FACTS, **facts})
    assert a.excluded and a.level == "high"
    route, why = risk.route_for(Kind.FILED, FACTS["use"], a)
    assert route == Route.STANDARD and "不适用一站式" in why


def test_government_projects_take_the_standard_route_even_at_low_risk():
    a = risk.assess(risk.DEFAULT_MATRIX, FACTS)
    assert risk.route_for(Kind.GOVERNMENT, "工业厂房", a)[0] == Route.STANDARD


def _ranges(*cells):
    return {"factors": [{"key": "height", "label": "建筑高度", "kind": "range", "cells": list(cells)}]}


def test_overlapping_and_missing_ranges_are_all_reported():
    with pytest.raises(risk.MatrixError) as e:
        risk.validate(_ranges({"min": 0, "max": 24, "level": "low"}, {"min": 20, "max": 50, "level": "medium"},
                              {"min": 60, "max": None, "level": "high"}))
    text = str(e.value)
    assert "[20, 24) 重叠" in text and "缺少区间 [50, 60)" in text


def test_a_matrix_without_an_open_top_range_is_missing_a_cell():
    with pytest.raises(risk.MatrixError) as e:
        risk.validate(_ranges({"min": 0, "max": 24, "level": "low"}))
    assert "24 及以上" in str(e.value)


def test_choice_cells_must_cover_each_value_once():
    m = {"factors": [{"key": "use", "label": "建筑用途", "kind": "choice", "domain": ["工业厂房", "住宅", "商业"],
                      "cells": [{"values": ["工业厂房", "住宅"], "level": "low"},
                                {"values": ["住宅"], "level": "medium"}]}]}
    with pytest.raises(risk.MatrixError) as e:
        risk.validate(m)
    assert "“住宅”出现在2个单元格中（重叠）" in str(e.value) and "缺少选项“商业”" in str(e.value)


def test_flag_cells_need_both_answers_and_a_known_level():
    m = {"factors": [{"key": "hazardous", "label": "涉及危险化学品", "kind": "flag",
                      "cells": [{"value": True, "level": "extreme"}]}]}
    with pytest.raises(risk.MatrixError) as e:
        risk.validate(m)
    assert "缺少“否”的单元格" in str(e.value) and "low / medium / high" in str(e.value)
