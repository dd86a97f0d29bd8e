import io
import subprocess

import pytest
from django.urls import reverse

from yiwang.catalog import excel, queries, services
from yiwang.catalog.domain import figures as fig
from yiwang.catalog.models import ItemType, ItemVersion, ServiceItem

from .helpers import TODAY, make_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(org):
    social = services.create_topic(code="social", name="社保", actor=None)
    startup = services.create_topic(code="startup", name="开办企业", actor=None)
    a = make_item(org, 1, topics=["startup"], fully_online=True, max_visits=0)
    b = make_item(org, 2, name="就业参保登记", legal_limit_days=None, promised_limit_days=0, topics=[social.code],
                  item_type=ItemType.PUBLIC_SERVICE,
                  materials=[{"name": "营业执照", "code": "BL", "exempt_by_sharing": True}],
                  form_fields="企业名称\n联系电话\n参保人数")
    c = make_item(org, 3, name="发票申领", legal_limit_days=10, promised_limit_days=1,
                  materials=[{"name": "营业执照", "code": "BL", "exempt_by_sharing": True},
                             {"name": "经办人身份证明", "is_key": True}])
    return {"a": a, "b": b, "c": c, "social": social, "startup": startup}


def test_two_character_terms_are_found_and_unrelated_items_are_not(catalogue):
    found = list(queries.browse(q="参保"))
    assert found == [catalogue["b"]]
    assert list(queries.browse(q="社保")) == [catalogue["b"]]  # via its topic
    assert set(queries.browse(q="营业执照")) == {catalogue["a"], catalogue["b"], catalogue["c"]}
    assert list(queries.browse(q="户口")) == []
    assert list(queries.browse(q="发票 申领")) == [catalogue["c"]]


def test_browse_filters_by_topic_type_mode_and_department(catalogue, org):
    assert list(queries.browse(topic="startup")) == [catalogue["a"]]
    assert list(queries.browse(item_type=ItemType.PUBLIC_SERVICE)) == [catalogue["b"]]
    assert list(queries.browse(mode="online")) == [catalogue["a"]]
    assert list(queries.browse(mode="immediate")) == [catalogue["b"]]
    assert list(queries.browse(department=org.health.code)) == []


def test_figures_are_computed_from_the_catalogue(catalogue, api_client):
    f = queries.catalogue_figures()
    assert f.items == 3 and f.fully_online == 1 and f.immediate == 1 and f.zero_material == 1
    # legal 20+10 → promised 3+1: compression 1 - 4/30
    assert f.compression_rate == round(1 - 4 / 30, 4)
    assert f.meets_online_target is False
    assert f.average_materials == round((3 + 0 + 1) / 3, 2)
    body = api_client.get("/api/v1/catalog/figures/").json()
    assert body["fully_online_share"] == round(1 / 3, 4)
    assert "时限压缩率" in api_client.get(reverse("catalog:figures")).content.decode()


def test_figures_core_handles_an_empty_catalogue():
    f = fig.compute([])
    assert f.items == 0 and f.fully_online_share is None and f.compression_rate is None


def test_bundle_merges_materials_and_forms(catalogue, org):
    bundle = services.create_bundle(code="KBQY", name="企业开办", items=[catalogue["a"], catalogue["b"],
                                                                      catalogue["c"]], actor=org.catalog_admin)
    services.publish_bundle(bundle, actor=org.catalog_admin)
    g = queries.bundle_guide(bundle)
    names = [m["name"] for m in g["materials"]]
    assert names.count("营业执照") == 1 and g["materials_before"] == 7 and len(names) == 6
    assert g["form_fields"] == ["企业名称", "统一社会信用代码", "联系电话", "参保人数"]
    assert g["promised_limit_days"] == 3
    page = __import__("django.test", fromlist=["Client"]).Client().get(reverse("catalog:bundle", args=[bundle.pk]))
    assert "营业执照" in page.content.decode() and page.status_code == 200


def test_bundle_needs_published_items(org):
    a = make_item(org, 1)
    b = make_item(org, 2, publish=False)
    bundle = services.create_bundle(code="X", name="测试", items=[a, b], actor=org.catalog_admin)
    with pytest.raises(Exception, match="未发布"):
        services.publish_bundle(bundle, actor=org.catalog_admin)


def test_guide_page_lists_everything_and_index_filters(catalogue, client):
    item = catalogue["a"]
    page = client.get(reverse("catalog:item", args=[item.pk])).content.decode()
    for text in ("企业设立登记", item.code, "承诺办结时限", "3个工作日", "营业执照申请书", "全程网办", "下载PDF办事指南"):
        assert text in page
    listing = client.get(reverse("catalog:index"), {"q": "参保"}).content.decode()
    assert "就业<mark>参保</mark>登记" in listing and "发票申领" not in listing  # the term highlighted
    partial = client.get(reverse("catalog:index"), {"topic": "startup"}, HTTP_HX_REQUEST="true").content.decode()
    assert "企业设立登记" in partial and "<html" not in partial
    assert 'label for="q"' in client.get(reverse("catalog:index")).content.decode()


def test_guide_pdf_embeds_the_cjk_font_and_a_qr_code(catalogue, client, tmp_path):
    item = catalogue["a"]
    resp = client.get(reverse("catalog:item_pdf", args=[item.pk]))
    assert resp["Content-Type"] == "application/pdf"
    pdf = resp.content
    assert b"/FontFile2" in pdf and b"STSong" not in pdf
    assert b"/Subtype /Image" in pdf  # the QR code
    path = tmp_path / "guide.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert "企业设立登记" in text and "营业执照申请书" in text and "承诺办结时限" in text


def test_bundle_pdf(catalogue, org, client):
    bundle = services.create_bundle(code="KBQY", name="企业开办", items=[catalogue["a"], catalogue["c"]],
                                    actor=org.catalog_admin)
    services.publish_bundle(bundle, actor=org.catalog_admin)
    pdf = client.get(reverse("catalog:bundle_pdf", args=[bundle.pk])).content
    assert b"/FontFile2" in pdf and b"/Subtype /Image" in pdf


def test_missing_font_names_the_debian_package(settings):
    from yiwang.common import pdf

    settings.YIWANG_CJK_FONT = "/nonexistent/font.ttf"
    from reportlab.pdfbase import pdfmetrics

    registered = pdfmetrics._fonts.pop(pdf.FONT_NAME, None)
    try:
        with pytest.raises(pdf.FontMissing, match="fonts-wqy-zenhei"):
            pdf.register_font()
    finally:
        if registered is not None:
            pdfmetrics._fonts[pdf.FONT_NAME] = registered


def test_excel_export_reimport_round_trips(catalogue, org):
    data = excel.export_workbook()
    before = {i.code: services.snapshot(i.current_version) for i in ServiceItem.objects.all()}
    report = excel.import_workbook(io.BytesIO(data), actor=org.catalog_admin, effective_date=TODAY)
    assert report.ok, report.errors
    assert sorted(report.unchanged) == sorted(before) and not report.created and not report.updated
    after = {i.code: services.snapshot(i.current_version) for i in ServiceItem.objects.all()}
    assert after == before
    assert ItemVersion.objects.filter(state="draft").count() == 0


def _edit(data, fn):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    fn(wb)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_excel_import_creates_and_updates_and_publishes(catalogue, org):
    data = excel.export_workbook()

    def change(wb):
        ws = wb["事项"]
        headers = [c.value for c in ws[1]]
        ws.cell(row=2, column=headers.index("承诺办结时限（工作日）") + 1, value=2)
        new = [c.value for c in ws[3]]
        new[0] = new[0].replace("-2-00", "-9-00")
        new[2] = "新导入事项"
        ws.append(new)
        wm = wb["材料"]
        wm.append([new[0], 1, "申请表", "", "必要", "", 1, 0, "否", "", "是", "否", "否", ""])

    report = excel.import_workbook(_edit(data, change), actor=org.catalog_admin, effective_date=TODAY)
    assert report.ok, report.errors
    assert len(report.created) == 1 and len(report.updated) == 1
    created = ServiceItem.objects.get(code=report.created[0])
    assert created.status == "active" and created.current_version.materials.get().name == "申请表"
    updated = ServiceItem.objects.get(code=report.updated[0])
    assert updated.current_version.number == 2 and updated.current_version.promised_limit_days == 2


def test_excel_import_with_a_bad_row_imports_nothing_and_reports_every_row(catalogue, org):
    data = excel.export_workbook()

    def spoil(wb):
        ws = wb["事项"]
        headers = [c.value for c in ws[1]]
        ws.cell(row=2, column=headers.index("承诺办结时限（工作日）") + 1, value=99)
        ws.cell(row=3, column=headers.index("实施部门代码") + 1, value="NOPE")
        ws.cell(row=4, column=headers.index("全程网办") + 1, value="也许")
        wm = wb["材料"]
        wm.append([ws.cell(row=4, column=1).value, 9, "补充材料", "", "必要", "", 1, 0, "否", "", "是", "是", "否", ""])

    report = excel.import_workbook(_edit(data, spoil), actor=org.catalog_admin, effective_date=TODAY)
    assert not report.ok
    rows = {(e["sheet"], e["row"]) for e in report.errors}
    assert {("事项", 2), ("事项", 3), ("事项", 4)} <= rows
    text = " ".join(e["message"] for e in report.errors)
    assert "不得超过法定办结时限" in text and "NOPE" in text and "是”或“否" in text
    assert all(i.current_version.number == 1 for i in ServiceItem.objects.all())
    assert ItemVersion.objects.count() == 3


def test_excel_import_of_garbage_is_a_clear_error(org):
    report = excel.import_workbook(io.BytesIO(b"not excel"), actor=org.catalog_admin, effective_date=TODAY)
    assert not report.ok and "无法读取文件" in report.errors[0]["message"]


def test_abbreviation_finds_the_full_term(org):
    item = make_item(org, 5, name="职工基本养老保险参保", conditions="已参加社会保险的职工")
    assert list(queries.browse(q="社保")) == [item]


def test_search_core_normalises_and_makes_bigrams():
    from yiwang.catalog.domain.search import bigrams, index_text, terms

    assert terms(" 社保  ＡＢ 社保 ") == ["社保", "ab"]
    assert bigrams("参保登记") == {"参保", "保登", "登记"}
    assert "社保" in index_text("社会保险登记")


def test_the_online_application_button_is_for_applicants_only(catalogue, org, client):
    """在线申请 opens the applicant's draft: an applicant (or a visitor, who is asked to sign in) sees it on the guide
    and the bundle page; staff, who cannot apply there, do not."""
    from django.test import Client

    bundle = services.create_bundle(code="KBQY", name="企业开办", items=[catalogue["a"], catalogue["b"]],
                                    actor=org.catalog_admin)
    services.publish_bundle(bundle, actor=org.catalog_admin)
    pages = (reverse("catalog:item", args=[catalogue["a"].pk]), reverse("catalog:bundle", args=[bundle.pk]))
    for user, shown in ((None, True), (org.person_user, True), (org.clerk, False), (org.catalog_admin, False)):
        visitor = Client()
        if user:
            visitor.force_login(user)
        for url in pages:
            page = visitor.get(url).content.decode()
            assert ("在线申请" in page) is shown, (user, url)
            assert ("/cases/apply" in page) is shown, (user, url)
