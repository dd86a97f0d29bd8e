"""Bulk import from the platform's template: row-and-column Chinese errors, nothing half imported, update mode."""
import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from yiwang.enterprises import excel
from yiwang.enterprises.models import Enterprise, YearlyFigure

from .factories import next_uscc

pytestmark = pytest.mark.django_db


def _xlsx(rows, headers=None):
    wb = Workbook()
    ws = wb.active
    ws.append(headers or ["统一社会信用代码", "企业名称", "行业代码", "成立日期", "年度", "从业人员（人）",
                          "营业收入（万元）", "标签"])
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_good_file_imports_profiles_figures_and_tags():
    a, b = next_uscc(), next_uscc()
    data = _xlsx([[a, "上海云启软件有限公司", "I6513", "2019-03-15", 2024, 45, 800, "高新技术企业"],
                  [b, "上海精工机械制造有限公司", "3421", "2008-07-01", 2024, 320, 5200, ""]])
    result = excel.import_file("企业.xlsx", data, actor=None, update=False)
    assert result.ok and result.created == 2
    soft = Enterprise.objects.get(uscc=a)
    assert soft.scale == "small" and soft.tags.get().tag.name == "高新技术企业"
    assert Enterprise.objects.get(uscc=b).scale == "medium"
    assert YearlyFigure.objects.filter(source="import").count() == 2


def test_errors_name_row_and_column_and_nothing_is_saved():
    good = next_uscc()
    data = _xlsx([
        [good, "上海正常科技有限公司", "6513", "", "", "", "", ""],
        ["91310114MA1G000000", "校验码错误公司", "6513", "", "", "", "", ""],
        [next_uscc(), "行业错误公司", "9999", "", "", "", "", ""],
        [next_uscc(), "人数为负公司", "6513", "", 2024, -5, 100, ""],
        [good, "重复代码公司", "6513", "", "", "", "", ""],
    ])
    result = excel.import_file("企业.xlsx", data, actor=None, update=False)
    messages = [str(e) for e in result.errors]
    assert messages[0].startswith("第3行 A列（统一社会信用代码）：") and "校验码错误" in messages[0]
    assert messages[1].startswith("第4行 C列（行业代码）：") and "GB/T 4754-2017" in messages[1]
    assert messages[2].startswith("第5行 F列（从业人员（人））：") and "不能为负数" in messages[2]
    assert messages[3].startswith("第6行 A列") and "与第2行" in messages[3]
    assert not Enterprise.objects.exists()  # the good first row is not half imported


def test_create_mode_refuses_existing_and_update_mode_updates_by_uscc():
    code = next_uscc()
    excel.import_file("a.xlsx", _xlsx([[code, "上海旧名有限公司", "6513", "", "", "", "", ""]]), actor=None,
                      update=False)
    again = excel.import_file("a.xlsx", _xlsx([[code, "上海新名有限公司", "6513", "", "", "", "", ""]]), actor=None,
                              update=False)
    assert not again.ok and "按统一社会信用代码更新" in str(again.errors[0])
    updated = excel.import_file("a.xlsx", _xlsx([[code, "上海新名有限公司", "6513", "", "", "", "", ""]]),
                                actor=None, update=True)
    assert updated.ok and updated.updated == 1
    assert Enterprise.objects.get(uscc=code).name == "上海新名有限公司"


def test_csv_in_gb18030_and_a_file_that_is_not_what_it_says():
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["统一社会信用代码", "企业名称", "行业代码"])
    w.writerow([next_uscc(), "上海国标编码有限公司", "C3911"])
    result = excel.import_file("e.csv", buf.getvalue().encode("gb18030"), actor=None, update=False)
    assert result.ok and Enterprise.objects.get().industry_id == "3911"
    with pytest.raises(excel.ImportFileError, match="不是Excel工作簿"):
        excel.import_file("fake.xlsx", b"%PDF-1.7 not a workbook", actor=None, update=False)
    with pytest.raises(excel.ImportFileError, match="不是模板中的列"):
        excel.import_file("x.xlsx", _xlsx([], headers=["统一社会信用代码", "企业名称", "税号"]), actor=None,
                          update=False)


def test_export_round_trips_through_import():
    code = next_uscc()
    excel.import_file("a.xlsx", _xlsx([[code, "上海往返有限公司", "6513", "2020-01-02", 2024, 12, 60, "科技型中小企业"]]),
                      actor=None, update=False)
    data = excel.export_workbook(Enterprise.objects.all())
    ws = load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == excel.HEADERS and rows[1][0] == code and rows[1][-1] == "科技型中小企业"
    again = excel.import_file("export.xlsx", data, actor=None, update=True)
    assert again.ok and again.updated == 1, [str(e) for e in again.errors]


def test_the_template_has_every_column_and_notes():
    wb = load_workbook(io.BytesIO(excel.template_workbook()))
    assert [c.value for c in wb["企业档案"][1]] == excel.HEADERS
    assert wb["填写说明"].max_row == len(excel.HEADERS) + 1
