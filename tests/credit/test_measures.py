"""Measures in their procedures: intake asks credit (容缺 and 告知承诺 refused to the dishonest, with the reason);
every check is counted; a measure without a legal basis cannot be switched on."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.cases import services as cases
from yiwang.credit import services
from yiwang.credit.domain import kinds as k
from yiwang.credit.models import AppliedMeasure, Check, Measure, Record
from tests.cases.factories import MON, file_all, make_item

DUE = date(2026, 3, 13)


def court_listing(org, applicant):
    return services.add_record(actor=None, subject_code=applicant.id_number, subject_name=applicant.name,
                               subject_kind=k.NATURAL, kind=k.COURT_DISHONEST, department_name="区人民法院",
                               title="失信被执行人", decision_number="（2025）沪0114执1234号",
                               decided_on=date(2025, 12, 1), today=MON)


def test_the_window_cannot_offer_deferral_to_a_dishonest_subject_and_says_why(org):
    item = make_item(org.market, tier="two_step", limit=10)
    court_listing(org, org.person)
    case = file_all(org, item, skip=[1])
    with pytest.raises(DomainError) as e:
        cases.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE, today=MON)
    assert "失信被执行人（（2025）沪0114执1234号）" in e.value.message and "国办发〔2020〕42号" in e.value.message


def test_an_accepted_case_counts_one_credit_check_with_the_measures_applied(org):
    item = make_item(org.market, tier="two_step", limit=10)
    services.add_record(actor=None, subject_code=org.person.id_number, subject_name=org.person.name,
                        subject_kind=k.NATURAL, kind=k.RED_LIST, department=org.market, title="2025年度守信红名单",
                        decided_on=date(2025, 6, 1), today=MON)
    case = file_all(org, item)
    case = cases.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    check = Check.objects.get()
    assert check.reference == case.number and check.department == org.market
    assert {a.measure.code for a in AppliedMeasure.objects.all()} == {"R-GREEN", "R-LENIENT-PLUS"}
    f = services.figures()
    assert f["checks"] == 1 and f["rewards"] == 2 and f["punishments"] == 0
    assert services.intake_verdict(org.person).green_channel


def test_a_measure_without_basis_is_refused_and_nothing_is_saved(org, credit_officer):
    with pytest.raises(DomainError, match="依据") as e:
        services.save_measure(actor=credit_officer, code="P-TEST", name="限制参加评优", effect="policy_ineligible",
                              trigger_type="record", trigger_values=[k.PENALTY], enabled=True)
    assert e.value.field == "basis_document"
    assert not Measure.objects.filter(code="P-TEST").exists()
    m = services.save_measure(actor=credit_officer, code="P-TEST", name="限制参加评优", effect="policy_ineligible",
                              trigger_type="record", trigger_values=[k.PENALTY], enabled=False)
    with pytest.raises(DomainError, match="依据"):
        services.switch_measure(m, actor=credit_officer, enabled=True, expected_version=m.version)
    with pytest.raises(DomainError, match="信用管理部门"):
        services.save_measure(actor=org.reviewer, code="P-X", name="x", effect="no_lenient", trigger_type="record",
                              trigger_values=[k.PENALTY])


def test_a_licensing_decision_is_published_for_shuanggongshi(org):
    item = make_item(org.market, tier="two_step", limit=10)
    case = file_all(org, item)
    case = cases.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    case = cases.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    case = cases.approve(case, actor=org.section_head, expected_version=case.version, today=MON)
    r = Record.objects.get(kind=k.LICENSING)
    assert r.case_number == case.number and r.subject.code == org.person.id_number
    assert r.publish_due == date(2026, 3, 11)  # within 7 working days of the decision


def test_the_reviewer_sees_the_closer_review_measure_on_the_case_page(org, client):
    item = make_item(org.market, tier="two_step", limit=10)
    case = file_all(org, item)
    case = cases.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    services.add_record(actor=None, subject_code=org.person.id_number, subject_name=org.person.name,
                        subject_kind=k.NATURAL, kind=k.SERIOUS_DISHONESTY, department=org.market,
                        title="严重违法失信名单", decision_number="明市监严失〔2026〕1号", decided_on=MON, today=MON)
    client.force_login(org.reviewer)
    page = client.get(f"/cases/work/{case.pk}/").content.decode()
    assert "严重失信主体从严审核" in page and "国发〔2016〕33号" in page
