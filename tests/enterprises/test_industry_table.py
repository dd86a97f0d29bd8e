"""The GB/T 4754-2017 table ships whole: 20 门类, 97 大类, 473 中类, 1380 小类, each child under its parent."""
from collections import Counter

import pytest

from yiwang.enterprises.domain import industry
from yiwang.enterprises.models import Industry


def test_the_file_has_every_level_of_the_standard():
    counts = Counter(r.level for r in industry.rows())
    assert counts == {"section": 20, "division": 97, "group": 473, "class": 1380}
    table = industry.by_code()
    for row in industry.rows():
        if row.level != "section":
            parent = table[row.parent]
            assert parent.section == row.section
            assert row.code.startswith(parent.code) or parent.level == "section"


def test_known_entries():
    table = industry.by_code()
    assert table["6513"].name == "应用软件开发" and table["6513"].section == "I"
    assert table["3911"].name == "计算机整机制造"
    assert table["7010"].name == "房地产开发经营"
    assert table["T"].name == "国际组织"


@pytest.mark.parametrize("text,expected", [("C3911", "3911"), ("3911", "3911"), (" c-39 ", "39"), ("I", "I")])
def test_codes_as_people_write_them(text, expected):
    assert industry.lookup(text).code == expected


@pytest.mark.parametrize("text,message", [("9999", "不在《国民经济行业分类》"), ("A3911", "门类应为C"),
                                          ("X12", "不是国民经济行业代码的格式"), ("391a", "不是国民经济行业代码的格式")])
def test_codes_not_in_the_standard_are_named(text, message):
    with pytest.raises(ValueError, match=message):
        industry.lookup(text)


@pytest.mark.django_db
def test_the_migration_loads_the_table():
    assert Industry.objects.count() == 1970
    assert Industry.objects.get(code="6513").parent.parent.code == "65"
    assert Industry.objects.filter(name__contains="软件").count() >= 3
