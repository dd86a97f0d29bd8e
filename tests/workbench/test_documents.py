"""The case documents: embedded CJK font, extractable Chinese text, what arts. 32, 42, 45 require, scoping."""
import pytest
from django.urls import reverse

from yiwang.cases import services
from yiwang.cases.documents import DocumentUnavailable, decision_pdf, notice_pdf, receipt_pdf

from .helpers import accepted, deferred, filed, mats, pdf_fonts, pdf_text, today

pytestmark = pytest.mark.django_db


def _flat(s):
    return "".join(s.split())


STANDARD_14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}  # reportlab's default resource


def assert_embedded(data):
    fonts = pdf_fonts(data)
    cjk = [(name, emb) for name, emb in fonts if name not in STANDARD_14]
    assert cjk, f"no CJK font in the PDF: {fonts}"
    assert all(emb == "yes" for _, emb in cjk), fonts


def test_receipt_is_dated_sealed_and_embeds_the_font(org, items):
    case = accepted(org, items.two)
    data = receipt_pdf(case)
    assert data.startswith(b"%PDF")
    assert_embedded(data)
    text = pdf_text(data)
    assert case.number in text
    assert "受理通知书（受理凭证）" in text
    assert "区市场监督管理局（印章）" in text  # the seal line
    d = case.accepted_on
    assert f"{d.year}年{d.month}月{d.day}日" in text
    assert _flat("第三十二条的规定，本机关决定予以受理") in text
    assert f"{case.deadline.year}年{case.deadline.month}月{case.deadline.day}日前作出决定" in text
    assert "扫码查看办件进度" in text and f"/cases/{case.pk}/" in text


def test_no_receipt_before_acceptance(org, items):
    case = filed(org, items.two)
    with pytest.raises(DocumentUnavailable):
        receipt_pdf(case)


def test_supplement_notice_lists_everything_at_once(org, items):
    case = filed(org, items.two, skip=(1,))
    key = mats(items.two)[0]
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version,
                               defective={key.pk: "缺少法定代表人签字"}, today=today())
    data = notice_pdf(case, "supplement")
    assert_embedded(data)
    text = pdf_text(data)
    assert "补正材料告知书（一次性告知）" in text
    assert _flat("现一次性告知你（单位）需要补正的全部内容如下") in text
    assert "申请表" in text and "缺少法定代表人签字" in text
    assert "平面图" in text and "未提交" in text  # the missing one is listed too
    assert "补正的申请材料齐全、符合法定形式之日起受理" in text


def test_deferral_notice_names_materials_form_deadline_and_consequence(org, items):
    case = deferred(org, items.two)
    data = notice_pdf(case, "deferral")
    assert_embedded(data)
    text = pdf_text(data)
    due = case.deferral_due
    assert "容缺受理告知书" in text and case.number in text
    assert "平面图" in text and "原件或符合要求的电子件" in text
    assert f"请于{due.year}年{due.month}月{due.day}日前补交" in text
    assert "逾期未补交的，终止办理" in text
    # the receipt mentions the deferral too
    assert "容缺受理" in pdf_text(receipt_pdf(case))


def test_suspension_notice_states_expected_duration(org, items):
    case = accepted(org, items.two)
    services.suspend(case, actor=org.reviewer, expected_version=case.version, kind="expert_review",
                     reason="需组织专家论证场地安全", expected_days=7, today=today())
    text = pdf_text(notice_pdf(case, "suspension"))
    assert "特别程序告知书" in text
    assert "预计所需时间为7个工作日" in text
    assert "第四十五条" in text and "不计算在行政许可期限内" in text
    assert "需组织专家论证场地安全" in text


def test_extension_notice_states_the_reason(org, items):
    case = accepted(org, items.two)
    case = services.extend(case, actor=org.unit_leader, expected_version=case.version, days=10,
                           reason="需现场核查多个经营场所", today=today())
    text = pdf_text(notice_pdf(case, "extension"))
    assert "延期告知书" in text and "第四十二条" in text
    assert "延期理由：需现场核查多个经营场所" in text
    assert "延长10个工作日" in text
    d = case.deadline
    assert f"办结期限延至{d.year}年{d.month}月{d.day}日" in text


def test_denial_states_reasons_basis_and_remedies(org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.deny(case, actor=org.section_head, expected_version=case.version, reason="经营场所不符合卫生要求",
                         legal_basis="《食品安全法》第三十三条", today=today())
    data = decision_pdf(case)
    assert_embedded(data)
    text = pdf_text(data)
    assert "不予行政许可决定书" in text
    assert "经营场所不符合卫生要求" in text and "《食品安全法》第三十三条" in text
    assert "六十日内依法申请行政复议" in text
    assert "六个月内依法向人民法院提起行政诉讼" in text


def test_approval_letter(org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=today())
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=today())
    text = pdf_text(decision_pdf(case, licence_number="SCJ-2026-000001"))
    assert "准予行政许可决定书" in text and "决定准予行政许可" in text
    assert "SCJ-2026-000001" in text
    assert "第四十四条" in text


def test_no_decision_letter_before_a_decision(org, items):
    with pytest.raises(DocumentUnavailable):
        decision_pdf(accepted(org, items.two))


# ---- the download views: scoped ------------------------------------------------------------------------------
def test_the_applicant_and_staff_in_scope_get_the_receipt(client, org, items):
    case = accepted(org, items.two)
    url = reverse("cases:receipt_pdf", args=[case.pk])
    for user in (org.person_user, org.clerk, org.reviewer, org.supervisor):
        client.force_login(user)
        r = client.get(url)
        assert r.status_code == 200, user
        assert r["Content-Type"] == "application/pdf"
        assert r.content.startswith(b"%PDF")


def test_others_get_404(client, org, items):
    case = accepted(org, items.two)
    for name, args in (("cases:receipt_pdf", [case.pk]), ("cases:notice_pdf", [case.pk, "deferral"]),
                       ("cases:decision_pdf", [case.pk])):
        url = reverse(name, args=args)
        assert client.get(url).status_code == 404  # anonymous
        for user in (org.other_user, org.health_reviewer):
            client.force_login(user)
            assert client.get(url).status_code == 404, (name, user)
        client.logout()


def test_a_document_the_case_does_not_have_is_404(client, org, items):
    case = accepted(org, items.two)
    client.force_login(org.clerk)
    assert client.get(reverse("cases:notice_pdf", args=[case.pk, "suspension"])).status_code == 404
    assert client.get(reverse("cases:notice_pdf", args=[case.pk, "bogus"])).status_code == 404
    assert client.get(reverse("cases:notice_pdf", args=[case.pk, "deferral"])).status_code == 404


def test_refusal_is_given_in_a_dated_sealed_voucher_with_remedies(org, items, client):
    case = filed(org, items.two)
    case = services.refuse(case, actor=org.clerk, expected_version=case.version, reason="申请事项不属于本机关职权范围",
                           legal_basis="《中华人民共和国行政许可法》第三十二条第一款第（二）项", today=today())
    data = notice_pdf(case, "refusal")
    assert_embedded(data)
    text = pdf_text(data)
    assert "不予受理决定书" in text and "区市场监督管理局（印章）" in text
    assert _flat("申请事项不属于本机关职权范围") in text and _flat("第三十二条第一款") in text
    assert "行政复议" in text and "行政诉讼" in text
    d = today()
    assert f"{d.year}年{d.month}月{d.day}日" in text
    client.force_login(org.person_user)
    assert client.get(reverse("cases:notice_pdf", args=[case.pk, "refusal"])).status_code == 200
    client.force_login(org.other_user)
    assert client.get(reverse("cases:notice_pdf", args=[case.pk, "refusal"])).status_code == 404


def test_no_refusal_voucher_for_a_case_not_refused(org, items):
    with pytest.raises(DocumentUnavailable):
        notice_pdf(accepted(org, items.two), "refusal")
