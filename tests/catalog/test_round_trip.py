"""Export → import changes nothing and says "0 changes"; no value is altered on the way."""
import io

from openpyxl import load_workbook

from yiwang.audit.models import AuditEvent
from yiwang.catalog import excel, services
from yiwang.catalog.importing import synth
from yiwang.catalog.models import ItemVersion, ServiceItem
from yiwang.org.models import Region

from .helpers import TODAY, make_item


def _snapshots():
    return {i.code: services.snapshot(i.current_version) for i in ServiceItem.objects.select_related("current_version")}


def test_real_shaped_catalogue_round_trips_with_zero_changes(org):
    Region.objects.create(code=synth.AREA, name="广安区", level=Region.Level.DISTRICT)
    items, materials = synth.rows(shapes=[("standard", 40), ("short_basic", 15), ("orgcode", 3), ("service8", 3),
                                          ("four", 2)], materials_per_item=2, full=True)
    old, items[0]["事项编码"] = items[0]["事项编码"], f"511A9999999999-{synth.AREA}-000-91511602mA0000000X-1-00"
    for m in materials:
        if m["事项编码"] == old:
            m["事项编码"] = items[0]["事项编码"]
    items[1]["全程网办"] = None  # blank: a default, not 否
    items[1]["最多跑动次数"] = None
    items[2]["不收费"] = None
    items[2]["收费项目（每行：名称|标准|依据）"] = "工本费|10元/本|川发改价格〔2020〕1号"
    materials = [m for m in materials if m["事项编码"] != items[3]["事项编码"]]  # never stated: 材料待完善
    first = excel.import_workbook(io.BytesIO(synth.workbook(items, materials)), actor=org.sysadmin,
                                  effective_date=TODAY, create_departments=True)
    assert first.ok, first.errors[:3]
    lower = ServiceItem.objects.get(code__contains="mA0000000X")
    assert lower.code == items[0]["事项编码"]  # a lower-case letter stays as given
    blank = ServiceItem.objects.get(code=items[1]["事项编码"]).current_version
    assert {"fully_online", "max_visits"} <= set(blank.pending_fields)
    charged = ServiceItem.objects.get(code=items[2]["事项编码"]).current_version
    assert not charged.is_free and charged.fees.count() == 1  # blank 不收费 with fees listed: it charges
    assert not ServiceItem.objects.get(code=items[3]["事项编码"]).current_version.materials_given

    before, events = _snapshots(), AuditEvent.objects.count()
    data = excel.export_workbook()
    ws = load_workbook(io.BytesIO(data))["事项"]
    headers = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == items[1]["事项编码"])
    assert row[headers.index("全程网办")] in (None, "")  # exported blank, as it came in, not 否
    again = excel.import_workbook(io.BytesIO(data), actor=org.sysadmin, effective_date=TODAY)
    assert again.ok, again.errors[:3]
    assert again.data["counts"]["create"] == 0 and again.data["counts"]["update"] == 0
    assert len(again.unchanged) == len(items)
    assert _snapshots() == before
    assert AuditEvent.objects.count() == events  # nothing written, nothing audited
    assert ItemVersion.objects.filter(number=2).count() == 0


def test_a_changed_cell_is_an_update_and_only_that_item_gets_a_version(org):
    a, b = make_item(org, 1), make_item(org, 2, name="企业变更登记")
    wb = load_workbook(io.BytesIO(excel.export_workbook()))
    ws = wb["事项"]
    headers = [c.value for c in ws[1]]
    for r in ws.iter_rows(min_row=2):
        if r[0].value == b.code:
            r[headers.index("承诺办结时限（工作日）")].value = 2
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    report = excel.import_workbook(buf, actor=org.catalog_admin, effective_date=TODAY)
    assert report.updated == [b.code] and report.unchanged == [a.code]
    b.refresh_from_db()
    assert b.current_version.number == 2 and b.current_version.promised_limit_days == 2
    assert AuditEvent.objects.filter(action="catalog.item.import").count() == 1


def test_joint_handling_is_a_column_of_the_import_and_the_export(org):
    """行政许可法 art. 26/42: a 联合办理 item's limit is 45 working days — the catalogue carries the mode in Excel."""
    a, b = make_item(org, 1), make_item(org, 2, name="建设工程消防设计审查")
    wb = load_workbook(io.BytesIO(excel.export_workbook()))
    ws = wb["事项"]
    headers = [c.value for c in ws[1]]
    assert "统一/联合/集中办理" in headers
    for r in ws.iter_rows(min_row=2):
        if r[0].value == b.code:
            r[headers.index("统一/联合/集中办理")].value = "联合办理"
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    report = excel.import_workbook(buf, actor=org.catalog_admin, effective_date=TODAY)
    assert report.updated == [b.code] and report.unchanged == [a.code]
    b.refresh_from_db()
    assert b.current_version.joint_handling == "joint"
    row = next(r for r in load_workbook(io.BytesIO(excel.export_workbook()))["事项"].iter_rows(min_row=2, values_only=True)
               if r[0] == b.code)
    assert row[headers.index("统一/联合/集中办理")] == "联合办理"
    ws = load_workbook(io.BytesIO(excel.export_workbook()))["事项"]
    for r in ws.iter_rows(min_row=2):
        if r[0].value == a.code:
            r[headers.index("统一/联合/集中办理")].value = "合并办理"
    buf = io.BytesIO()
    ws.parent.save(buf)
    buf.seek(0)
    bad = excel.import_workbook(buf, actor=org.catalog_admin, effective_date=TODAY)
    assert not bad.ok and any("统一办理、联合办理、集中办理" in str(e) for e in bad.errors)


def test_an_imported_version_keeps_its_windows_and_material_templates(org):
    """Windows and material templates are not in the workbook: a new version made by an import keeps them, and an
    unchanged re-import sees no change in them."""
    item = make_item(org, 1, halls=[org.hall.code], windows=[org.window.pk])
    v = item.current_version
    m = v.materials.get(name="营业执照申请书")
    m.template.name = "catalog/templates/申请书样表.docx"
    m.save()
    data = excel.export_workbook()
    same = excel.import_workbook(io.BytesIO(data), actor=org.catalog_admin, effective_date=TODAY)
    assert same.ok and same.unchanged == [item.code]
    wb = load_workbook(io.BytesIO(data))
    ws = wb["事项"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=2, column=headers.index("承诺办结时限（工作日）") + 1).value = 2
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    changed = excel.import_workbook(buf, actor=org.catalog_admin, effective_date=TODAY)
    assert changed.ok and changed.updated == [item.code]
    item.refresh_from_db()
    new = item.current_version
    assert new.number == 2 and new.promised_limit_days == 2
    assert list(new.windows.all()) == [org.window] and [h.code for h in new.halls.all()] == [org.hall.code]
    assert new.materials.get(name="营业执照申请书").template.name == "catalog/templates/申请书样表.docx"
    assert not new.materials.get(name="章程").template
