"""My cases: progress with dates and deadline, what is asked of me, supplement, deferred materials, withdrawal,
delivery choice, documents."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yiwang.cases import services
from yiwang.cases.models import DeliveryChoice
from tests.cases.factories import MON, accepted, file_all, mats

PDF = b"%PDF-1.7\n" + b"s" * 60


@pytest.fixture
def logged_in(client, org):
    client.force_login(org.person_user)
    return client


def test_home_lists_cases_and_flags_a_supplement(logged_in, org, items):
    case = file_all(org, items.two, skip=(1,))
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    page = logged_in.get(reverse("cases:portal")).content.decode()
    assert items.two.name in page and "待补正" in page and "补正材料" in page


def test_other_peoples_cases_are_not_found(client, org, items):
    case = file_all(org, items.two)
    client.force_login(org.other_user)
    assert client.get(reverse("cases:case", args=[case.pk])).status_code == 404
    assert items.two.name not in client.get(reverse("cases:portal")).content.decode()


def test_case_page_shows_deadline_days_used_and_timeline(logged_in, org, items):
    case = accepted(org, items.two, today=MON)
    page = logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert case.number in page and "审批中" in page
    assert f"{case.deadline:%Y年%m月%d日}" in page and "已用时间" in page and "个工作日" in page
    assert "提交申请" in page and "受理" in page and "2026年03月02日" in page
    assert reverse("cases:receipt_pdf", args=[case.pk]) in page


def test_supplement_through_the_page(logged_in, org, items):
    case = file_all(org, items.two, skip=(1,))
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    case.refresh_from_db()
    page = logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "请补正材料" in page and "平面图" in page and "未提交" in page
    missing = mats(items.two)[1]
    # everything at once: an empty submission names what is lacking, via HTMX
    resp = logged_in.post(reverse("cases:case_supplement", args=[case.pk]), {"version": case.version},
                          HTTP_HX_REQUEST="true")
    assert "尚缺：平面图" in resp.content.decode()
    resp = logged_in.post(reverse("cases:case_supplement", args=[case.pk]), {
        "version": case.version,
        f"m{missing.pk}": SimpleUploadedFile("平面图.pdf", PDF, content_type="application/pdf")},
        HTTP_HX_REQUEST="true")
    assert resp.status_code == 204 and resp["HX-Redirect"] == reverse("cases:case", args=[case.pk])
    case.refresh_from_db()
    assert case.state == "received"


def test_stale_version_gets_a_clear_message(logged_in, org, items):
    case = file_all(org, items.two, skip=(1,))
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    resp = logged_in.post(reverse("cases:case_supplement", args=[case.pk]), {"version": 1}, follow=True)
    assert "办件已被他人更新，请刷新后重试" in resp.content.decode()


def test_deferred_material_upload(logged_in, org, items):
    case = file_all(org, items.two, skip=(1,))
    case = services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=date(2026, 3, 20),
                           commitment_signer="张三",
                           today=MON)
    page = logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "请补交容缺材料" in page and "2026年03月20日前" in page
    m = mats(items.two)[1]
    resp = logged_in.post(reverse("cases:case_deferred", args=[case.pk]), {
        "version": case.version, f"m{m.pk}": SimpleUploadedFile("p.pdf", PDF, content_type="application/pdf")})
    assert resp.status_code == 302
    assert case.materials.get(material=m).status == "provided"


def test_withdraw_needs_confirmation(logged_in, org, items):
    case = file_all(org, items.two)
    resp = logged_in.post(reverse("cases:case_withdraw", args=[case.pk]), {"version": case.version})
    assert resp.status_code == 400 and "请勾选确认撤回" in resp.content.decode()
    resp = logged_in.post(reverse("cases:case_withdraw", args=[case.pk]),
                          {"version": case.version, "confirm": "on", "reason": "不办了"})
    case.refresh_from_db()
    assert case.state == "withdrawn"


def test_delivery_choice_is_kept_and_checked(logged_in, org, items):
    case = accepted(org, items.two)
    url = reverse("cases:case_delivery", args=[case.pk])
    resp = logged_in.post(url, {"method": "mail", "address": ""})
    assert resp.status_code == 400 and "请填写邮寄地址" in resp.content.decode()
    logged_in.post(url, {"method": "mail", "address": "示范路9号", "recipient": "张三"})
    choice = DeliveryChoice.objects.get(case=case)
    assert (choice.method, choice.address) == ("mail", "示范路9号")
    assert "免费邮寄" in logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()


def test_no_delivery_change_after_delivery(org, items):
    from yiwang.api.errors import DomainError
    from yiwang.cases.portal.services import choose_delivery

    case = accepted(org, items.one, clerk=org.clerk)
    case = services.approve(case, actor=org.clerk, expected_version=case.version, opinion="同意", today=MON)
    services.deliver(case, actor=org.clerk, expected_version=case.version, method="window", today=MON)
    with pytest.raises(DomainError, match="已出件"):
        choose_delivery(case, user=org.person_user, method="electronic")


def test_the_documents_heading_shows_only_with_documents_under_it(logged_in, org, items):
    case = file_all(org, items.two)
    page = logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "文书与证照" not in page  # received, nothing issued yet
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    page = logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()
    assert "文书与证照" in page and "受理凭证（PDF）" in page


def test_a_material_replaced_by_shared_data_shows_as_exempt_not_missing(logged_in, org):
    from tests.cases.factories import make_item

    v = make_item(org.market, materials=[{"name": "申请表", "is_key": True},
                                         {"name": "营业执照", "exempt_by_sharing": True,
                                          "sharing_source": "电子证照：营业执照"}])
    case = file_all(org, v, skip=[1])
    page = logged_in.get(reverse("cases:case", args=[case.pk])).content.decode()
    row = page[page.index("营业执照</td>"):][:200]
    assert "免提交（电子证照：营业执照）" in row and "未提交" not in row
