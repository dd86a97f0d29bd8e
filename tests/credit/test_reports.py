"""Credit reports: SM2-signed by the platform's department key, a QR code to the public verification page; a
tampered or unknown report is refused."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.credit import services
from yiwang.credit.domain import kinds as k
from yiwang.credit.domain import report as rp
from yiwang.credit.models import Report
from yiwang.credit.report_pdf import render
from yiwang.credit.services import reports


@pytest.fixture
def keyed(org, settings):
    from yiwang.licences.keys import generate_key

    settings.YIWANG_KEY_ENCRYPTION_KEY = "test-master-key-0123456789abcdef0123456789abcdef"
    settings.YIWANG_CREDIT_REPORT_DEPARTMENT = "SCJ"
    generate_key(org.market)
    org.company.agents.add(org.agent)
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                        department=org.market, severity=k.GENERAL, decision_number="沪市监罚〔2025〕5号",
                        title="销售过期食品", decided_on=date(2025, 6, 1), today=date(2026, 3, 2))
    return org


def test_a_report_is_signed_and_verifies_publicly(keyed, client):
    subject = services.find_subject(keyed.company.id_number)
    report = reports.issue_report(subject, actor=keyed.agent, purpose="申请政府采购", today=date(2026, 3, 2))
    assert report.number == "XYBG-20260302-00001" and len(report.records) == 1
    result = reports.verify(report.token)
    assert result["status"] == "valid" and result["fields"]["subject_name"] == "示范科技有限公司"
    pdf = render(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    page = client.get("/credit/reports/verify/", {"p": report.token})
    assert "核验结果：有效" in page.content.decode() and "沪市监罚〔2025〕5号" in page.content.decode()


def test_a_tampered_report_is_forged(keyed):
    subject = services.find_subject(keyed.company.id_number)
    report = reports.issue_report(subject, actor=keyed.agent, today=date(2026, 3, 2))
    decoded = rp.decode(report.token)
    fields = dict(decoded.fields, subject_name="另一家公司")
    forged = rp.make_token(rp.canonical(fields), decoded.signature)
    assert reports.verify(forged)["status"] == "forged"
    assert reports.verify("not-a-token")["status"] == "forged"
    Report.objects.filter(pk=report.pk).update(records_digest="changed")
    assert "不符" in reports.verify(report.token)["reason"]


def test_only_the_subject_or_staff_may_have_a_report(keyed):
    subject = services.find_subject(keyed.company.id_number)
    with pytest.raises(DomainError, match="本主体"):
        reports.issue_report(subject, actor=keyed.person_user, today=date(2026, 3, 2))
