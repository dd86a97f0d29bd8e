"""A material's requirement level carries the catalogue's one vocabulary (catalog.domain.terms) wherever the model's
own label shows — the record's display, the import's choice list and error, the exported cell — never the old
“容缺情形/特定情形提交” (容缺 is a different thing: a material supplied after acceptance); spreadsheets written
with the old label still import."""
import pytest

from yiwang.catalog.domain import terms
from yiwang.catalog.importing.columns import CellError, read_cell, write_cell
from yiwang.catalog.models import Material

from tests.cases.factories import make_item


@pytest.mark.django_db
def test_the_requirement_level_is_named_in_the_catalogues_words(org):
    v = make_item(org.market, materials=[{"name": "授权委托书", "requirement": "conditional",
                                          "condition": "委托他人办理的"}, {"name": "申请表"}])
    delegated, form = v.materials.order_by("order")
    assert delegated.get_requirement_display() == terms.CONDITIONAL == "特定情形提交"
    assert form.get_requirement_display() == terms.REQUIRED == "必要"
    field = Material._meta.get_field("requirement")
    assert [str(label) for _, label in field.choices] == ["必要", "特定情形提交"]
    assert "容缺" not in str(field.help_text) and "特定情形提交" in str(field.help_text)
    assert write_cell("conditional", Material.Requirement) == "特定情形提交"  # the exported spreadsheet's cell

    with pytest.raises(CellError) as e:
        read_cell("可选", Material.Requirement, "必要性")
    assert str(e.value) == "“必要性”的值“可选”无效，可选：必要、特定情形提交"
    assert read_cell("特定情形提交", Material.Requirement, "必要性") == "conditional"
    assert read_cell("容缺情形/特定情形提交", Material.Requirement, "必要性") == "conditional"  # older sheets
