"""Applying online: one form built from the item, prefilled; uploads; drafts kept; one case per submission."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yiwang.api.errors import DomainError
from yiwang.audit.models import AuditEvent
from yiwang.cases.models import ApplicationDraft, Case, CaseMaterial, DeliveryChoice
from yiwang.cases.portal import services
from yiwang.catalog.models import ItemVersion
from tests.cases.factories import make_bundle, mats

PDF = b"%PDF-1.7\n" + b"x" * 50


def _pdf(name="a.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def version(items):
    v = items.two
    ItemVersion.objects.filter(pk=v.pk).update(form_fields="申请人姓名\n公民身份号码\n联系电话\n经营场所")
    v.refresh_from_db()
    return v


def _start(client, org, version):
    client.force_login(org.person_user)
    url = reverse("cases:apply", args=[version.item.code])
    page = client.get(url)
    assert page.status_code == 200 and "开始填写" in page.content.decode()
    assert not ApplicationDraft.objects.exists()  # opening the page (a GET) writes nothing
    resp = client.post(url)
    assert resp.status_code == 302
    return ApplicationDraft.objects.get(user=org.person_user, item_version=version)


def test_apply_by_code_or_version_id_opens_one_draft(client, org, version):
    draft = _start(client, org, version)
    again = client.get(reverse("cases:apply", args=[version.pk]))  # the open draft, found, not made again
    assert again.url == reverse("cases:draft", args=[draft.pk])
    assert client.post(reverse("cases:apply", args=[version.pk])).url == reverse("cases:draft", args=[draft.pk])
    assert ApplicationDraft.objects.count() == 1


def test_form_is_prefilled_from_the_account(client, org, version):
    draft = _start(client, org, version)
    page = client.get(reverse("cases:draft", args=[draft.pk])).content.decode()
    assert 'value="张三" readonly' in page
    assert org.person.id_number in page
    assert 'value="13800000001"' in page
    for m in mats(version):
        assert m.name in page


def test_agent_chooses_the_enterprise_and_sees_register_data(client, org, items):
    ItemVersion.objects.filter(pk=items.two.pk).update(form_fields="单位名称\n统一社会信用代码\n法定代表人")
    org.company.agents.add(org.person_user)
    client.force_login(org.person_user)
    resp = client.get(reverse("cases:apply", args=[items.two.item.code]))
    assert "以谁的名义申请" in resp.content.decode()
    resp = client.post(reverse("cases:apply", args=[items.two.item.code]), {"applicant": org.company.pk})
    page = client.get(resp.url).content.decode()
    assert "示范科技有限公司" in page and org.company.id_number in page and 'value="王五" readonly' in page


def test_upload_then_save_draft_then_come_back(client, org, version):
    draft = _start(client, org, version)
    resp = client.post(reverse("cases:draft_upload", args=[draft.pk, 0]), {"file": _pdf("申请表.pdf")},
                       HTTP_HX_REQUEST="true")
    assert "已上传：申请表.pdf" in resp.content.decode()
    assert "<h3>1. 申请表" in resp.content.decode()  # the fragment keeps the material's number
    resp = client.post(reverse("cases:draft", args=[draft.pk]), {
        "version": draft.version, "f2": "13911112222", "f3": "示范路8号", "delivery_method": "window",
        "action": "save"})
    assert resp.status_code == 302
    page = client.get(reverse("cases:draft", args=[draft.pk])).content.decode()
    assert "示范路8号" in page and "13911112222" in page and "已上传：申请表.pdf" in page
    assert AuditEvent.objects.filter(action="portal.draft.save").exists()


def test_bad_upload_is_refused_and_nothing_saved_is_lost(client, org, version):
    draft = _start(client, org, version)
    client.post(reverse("cases:draft_upload", args=[draft.pk, 0]), {"file": _pdf()}, HTTP_HX_REQUEST="true")
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 10, content_type="application/octet-stream")
    resp = client.post(reverse("cases:draft_upload", args=[draft.pk, 0]), {"file": bad}, HTTP_HX_REQUEST="true")
    assert "“virus.exe”：只能上传 PDF、图片或 OFD 文件" in resp.content.decode()  # plain words, not MIME types
    assert "application/" not in resp.content.decode().split("只能上传", 1)[1][:200]
    draft.refresh_from_db()
    assert draft.files[str(mats(version)[0].pk)]["name"] == "a.pdf"


def test_submit_with_a_missing_material_files_one_case_even_when_clicked_twice(client, org, version):
    draft = _start(client, org, version)
    client.post(reverse("cases:draft_upload", args=[draft.pk, 0]), {"file": _pdf()})
    data = {"version": draft.version, "f2": "13911112222", "f3": "示范路8号", "delivery_method": "mail",
            "delivery_address": "示范路8号", "action": "submit"}
    first = client.post(reverse("cases:draft", args=[draft.pk]), data)
    second = client.post(reverse("cases:draft", args=[draft.pk]), data)
    case = Case.objects.get()
    assert first.url == second.url == reverse("cases:case", args=[case.pk])
    assert case.form_data["申请人姓名"] == "张三" and case.form_data["经营场所"] == "示范路8号"
    statuses = dict(case.materials.values_list("material__name", "status"))
    assert statuses == {"申请表": CaseMaterial.Status.PROVIDED, "平面图": CaseMaterial.Status.MISSING}
    assert DeliveryChoice.objects.get(case=case).method == "mail"


def test_submit_names_the_empty_field_and_keeps_what_was_typed(client, org, version):
    draft = _start(client, org, version)
    resp = client.post(reverse("cases:draft", args=[draft.pk]), {
        "version": draft.version, "f2": "13911112222", "f3": "", "delivery_method": "window", "action": "submit"})
    page = resp.content.decode()
    assert resp.status_code == 400 and "请填写“经营场所”" in page and 'value="13911112222"' in page
    assert not Case.objects.exists()
    draft.refresh_from_db()
    assert draft.form_data["联系电话"] == "13911112222"


def test_a_malformed_uscc_typed_in_is_refused_at_submission_and_a_valid_one_files(client, org, items):
    """The enterprise's 统一社会信用代码 typed in by hand ("12345") is refused when the application is submitted,
    with the field named; nothing is filed. A code with its check character files the case."""
    from yiwang.org.identifiers import make_uscc

    ItemVersion.objects.filter(pk=items.two.pk).update(form_fields="单位名称\n统一社会信用代码\n联系电话")
    draft = _start(client, org, items.two)
    client.post(reverse("cases:draft_upload", args=[draft.pk, 0]), {"file": _pdf()})
    data = {"f0": "明湖示范餐饮有限公司", "f1": "12345", "f2": "13911112222", "delivery_method": "window",
            "action": "submit"}
    resp = client.post(reverse("cases:draft", args=[draft.pk]), {**data, "version": draft.version})
    assert resp.status_code == 400 and "不是有效的统一社会信用代码" in resp.content.decode()
    assert not Case.objects.exists()
    draft.refresh_from_db()
    good = make_uscc("91329901MA1HP002B")
    resp = client.post(reverse("cases:draft", args=[draft.pk]), {**data, "f1": good, "version": draft.version})
    assert resp.status_code == 302, resp.content.decode()[:300]
    assert Case.objects.get().form_data["统一社会信用代码"] == good


def test_mail_without_address_is_refused(client, org, version):
    draft = _start(client, org, version)
    resp = client.post(reverse("cases:draft", args=[draft.pk]), {
        "version": draft.version, "f2": "13911112222", "f3": "A座", "delivery_method": "mail",
        "delivery_address": "", "action": "submit"})
    assert "请填写邮寄地址" in resp.content.decode() and not Case.objects.exists()


def test_a_stale_form_does_not_overwrite_a_newer_save(org, version):
    draft = services.open_draft(user=org.person_user, applicant=org.person, item_version=version)
    services.save_draft(draft, user=org.person_user, expected_version=1, form_data={"经营场所": "新"})
    with pytest.raises(DomainError, match="草稿已在其他页面更新"):
        services.save_draft(draft, user=org.person_user, expected_version=1, form_data={"经营场所": "旧"})
    draft.refresh_from_db()
    assert draft.form_data["经营场所"] == "新"


def test_someone_elses_draft_is_not_found(client, org, version):
    draft = services.open_draft(user=org.person_user, applicant=org.person, item_version=version)
    client.force_login(org.other_user)
    assert client.get(reverse("cases:draft", args=[draft.pk])).status_code == 404
    with pytest.raises(DomainError):
        services.open_draft(user=org.other_user, applicant=org.person, item_version=version)


def test_staff_are_sent_to_the_window(client, org, version):
    client.force_login(org.clerk)
    assert client.get(reverse("cases:apply", args=[version.pk])).status_code == 403


def test_commitment_replaces_a_material(org, items):
    v = items.commit
    draft = services.open_draft(user=org.person_user, applicant=org.person, item_version=v)
    m = mats(v)
    services.attach_file(draft, user=org.person_user, key=str(m[0].pk), upload=("a.pdf", PDF, "application/pdf"))
    services.attach_file(draft, user=org.person_user, key=str(m[2].pk), upload=("c.pdf", PDF + b"c", "application/pdf"))
    draft = services.save_draft(draft, user=org.person_user, expected_version=draft.version, form_data={},
                                commitments=[str(m[1].pk)], commitment_signed=True, delivery_method="electronic")
    case = services.submit_draft(draft, user=org.person_user, expected_version=draft.version)
    assert case.commitment_signed
    assert case.materials.get(material=m[1]).status == CaseMaterial.Status.COMMITTED


def test_bundle_application_files_a_case_per_item(client, org, items):
    bundle = make_bundle(org, [items.two, items.health])
    client.force_login(org.person_user)
    assert client.get(reverse("cases:apply_bundle", args=[bundle.pk])).status_code == 200
    resp = client.post(reverse("cases:apply_bundle", args=[bundle.pk]))
    draft = ApplicationDraft.objects.get(bundle=bundle)
    page = client.get(resp.url).content.decode()
    assert page.count("申请表") >= 1
    for i in range(len(services.queries.draft_materials(draft))):
        client.post(reverse("cases:draft_upload", args=[draft.pk, i]), {"file": _pdf(f"{i}.pdf")})
    resp = client.post(reverse("cases:draft", args=[draft.pk]), {
        "version": draft.version, "delivery_method": "window", "action": "submit"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Case.objects.filter(bundle_case__isnull=False).count() == 2
    page = client.get(resp.url).content.decode()
    assert bundle.name in page and items.health.name in page
