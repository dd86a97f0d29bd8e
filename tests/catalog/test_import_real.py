"""A real district's catalogue, generated with the code shapes and counts of issue 9, imported with only the
columns the published catalogue has."""
import io
from collections import Counter

import pytest

from yiwang.audit.models import AuditEvent
from yiwang.catalog import excel, importing, queries
from yiwang.catalog.domain.codes import read_item_code
from yiwang.catalog.importing import synth
from yiwang.catalog.models import ItemVersion, ServiceItem
from yiwang.org.identifiers import is_valid_uscc
from yiwang.org.models import Department, FilingCode, Region

from .helpers import TODAY


@pytest.fixture
def district(org):
    return Region.objects.create(code=synth.AREA, name="广安区", level=Region.Level.DISTRICT)


def _file(**kw):
    items, materials = synth.rows(**kw)
    return items, io.BytesIO(synth.workbook(items, materials))


def test_every_published_shape_is_read_and_kept_as_given():
    items, _ = synth.rows()
    shapes = Counter(read_item_code(r["事项编码"]).shape for r in items)
    assert len(items) == 1135
    assert shapes == {"standard": 709 + 91 + 10 + 10 + 10 + 8 + 8 + 4, "short_basic": 262,
                      "public_service": 12 + 6, "four_segment": 5}
    for r in items:
        reading = read_item_code(r["事项编码"])
        assert reading.ok and reading.code == r["事项编码"]
    g = read_item_code("G-000007-001-511602000000-000-115113010833722043-1-00")
    assert g.parts["service_kind"] == "G" and g.body_code == "115113010833722043" and g.handling_code == "00"
    short = read_item_code("511Z07001006-511602000000-000-11511301008778183N-1-00")
    assert short.parts["basic_code"] == "511Z07001006" and short.shape == "short_basic"
    body17 = read_item_code("511A0080800002-511602000000-000-1151130000877869M-1-00")
    assert "17位" in body17.warnings[0]
    org_code = read_item_code("511A0138000000-511602000000-000-00877869-X-1-00")
    assert org_code.body_code == "00877869-X" and "组织机构代码" in org_code.warnings[0]
    lower = read_item_code("511A0138000000-511602000000-000-91511602mA0000000X-1-00")
    assert lower.code.endswith("91511602mA0000000X-1-00")


def test_the_published_columns_alone_bring_every_item_in_with_warnings_and_defaults(district, org):
    items, f = _file()
    report = excel.import_workbook(f, actor=org.sysadmin, effective_date=TODAY, create_departments=True)
    assert report.ok, report.errors[:5]
    assert len(report.created) == 1135
    assert ServiceItem.objects.filter(status="active").count() == 1135
    assert set(ServiceItem.objects.values_list("code", flat=True)) == {r["事项编码"] for r in items}
    warned = {w["row"] for w in report.warnings if w["column"] == "事项编码"}
    bad_body = {n for n, r in enumerate(items, 2)
                if read_item_code(r["事项编码"]).body_code and not is_valid_uscc(read_item_code(r["事项编码"]).body_code)}
    assert len(bad_body) > 130 and warned == bad_body  # every implementing body that is no USCC, row by row
    defaults = {d["field"]: d for d in report.data["defaults"]}
    assert defaults["审批层级"]["items"] == 1135 and defaults["最多跑动次数"]["items"] == 1135
    v = ServiceItem.objects.get(code=items[0]["事项编码"]).current_version
    assert not v.materials_given and "approval_tier" in v.pending_fields and v.is_free
    created = {d["name"] for d in report.data["departments"]["created"]}
    assert "广安区自然资源局" in created
    natural = Department.objects.get(name="广安区自然资源局")
    assert natural.uscc == synth.MALFORMED and natural.uscc_problem
    hr = Department.objects.get(name="广安区人力资源和社会保障局")
    assert set(synth.departments()[0].codes) <= set(hr.filing_code_list)  # the bureau and its four centres
    figures = queries.catalogue_figures()
    assert figures.zero_material == 0 and figures.materials_pending == 1135


def test_the_dry_run_writes_nothing(district, org):
    _, f = _file()
    events = AuditEvent.objects.count()
    report = excel.import_workbook(f, actor=org.sysadmin, effective_date=TODAY, create_departments=True,
                                   dry_run=True)
    assert report.ok and len(report.created) == 1135 and not report.data["written"]
    assert ServiceItem.objects.count() == 0 and AuditEvent.objects.count() == events
    assert Department.objects.filter(name__startswith="广安区").count() == 0


def test_unknown_departments_are_listed_not_guessed(district, org):
    _, f = _file(shapes=[("standard", 40)])
    report = excel.import_workbook(f, actor=org.sysadmin, effective_date=TODAY)
    assert not report.ok and not ServiceItem.objects.exists()
    unknown = report.data["departments"]["unknown"]
    assert len(unknown) == 20 and all(u["rows"] == 2 for u in unknown)
    assert "同时创建部门" in report.errors[0]["message"]


def test_a_code_two_departments_share_is_reported_and_resolved_by_name(district, org):
    a = Department.objects.create(code="WL", name="广安区文化广播电视和旅游局", uscc=synth.departments()[10].codes[0],
                                  region=district)
    b = Department.objects.create(code="TY", name="广安区体育中心", region=district)
    FilingCode.objects.create(department=b, code=a.uscc)
    items = [{"事项编码": f"511A{n:010d}-{synth.AREA}-000-{a.uscc}-1-00", "事项名称": f"事项{n}",
              "事项类型": "公共服务", "实施部门": name} for n, name in enumerate([a.name, b.name, ""], 1)]
    report = excel.import_workbook(io.BytesIO(synth.workbook(items)), actor=org.sysadmin, effective_date=TODAY)
    shared = report.data["departments"]["shared_codes"]
    assert shared == [{"code": a.uscc, "departments": sorted([a.name, b.name])}]
    assert [e["row"] for e in report.errors] == [4] and "共用" in report.errors[0]["message"]


def test_strict_setting_turns_code_warnings_into_errors(district, org, settings):
    settings.YIWANG_STRICT_CODES = True
    _, f = _file(shapes=[("body17", 3)])
    report = excel.import_workbook(f, actor=org.sysadmin, effective_date=TODAY, create_departments=True)
    assert not report.ok and all(e["column"] == "事项编码" for e in report.errors)


def test_handling_items_are_grouped_under_their_main_item(district, org, client):
    main = f"511A0000000001-{synth.AREA}-000-{synth.departments()[1].codes[0]}-1-00"
    items = [{"事项编码": main, "事项名称": "食品经营许可", "事项类型": "行政许可", "实施部门": "广安区市场监督管理局"}]
    items += [{"事项编码": main[:-2] + f"0{k}", "事项名称": name, "事项类型": "行政许可", "实施部门": "广安区市场监督管理局",
               "主项编码": main} for k, name in ((1, "食品经营许可（新办）"), (2, "食品经营许可（延续）"))]
    report = excel.import_workbook(io.BytesIO(synth.workbook(items)), actor=org.sysadmin, effective_date=TODAY,
                                   create_departments=True)
    assert report.ok, report.errors
    head = ServiceItem.objects.get(code=main)
    assert sorted(head.handling_items.values_list("name", flat=True)) == ["食品经营许可（延续）", "食品经营许可（新办）"]
    page = client.get("/catalog/").content.decode()
    assert page.count("食品经营许可（新办）") == 1 and "业务办理项" in page
    assert "业务办理项" in client.get(f"/catalog/items/{head.pk}/").content.decode()
