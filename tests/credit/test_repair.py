"""Credit repair: not before the minimum period; the listing department decides within the set working days; a
repaired record stops being published and every measure tied to it ends at once (容缺 is offered again)."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.audit.models import AuditEvent
from yiwang.credit import queries, services
from yiwang.credit.domain import kinds as k
from yiwang.credit.models import Record, Repair, Subject
from yiwang.credit.services import repairs


def general_penalty(org, on=date(2025, 1, 10)):
    return services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                               department=org.market, severity=k.GENERAL, decision_number="沪市监罚〔2025〕5号",
                               title="销售过期食品", decided_on=on, today=date(2026, 3, 2))


@pytest.fixture
def company_user(org):
    org.company.agents.add(org.agent)
    return org.agent


def test_no_repair_before_the_minimum_period(org, company_user):
    r = general_penalty(org, on=date(2026, 1, 5))
    with pytest.raises(DomainError, match="最短公示期至2026年04月05日届满") as e:
        repairs.apply_repair(r, actor=company_user, correction="已整改", commitment_signed=True,
                             proof=("缴款凭证.pdf", b"%PDF-1.4 paid"), today=date(2026, 3, 2))
    assert e.value.field == "record"
    assert not Repair.objects.exists()


def test_repair_needs_correction_proof_and_commitment(org, company_user):
    r = general_penalty(org)
    for kwargs, field in [(dict(correction="", commitment_signed=True, proof=("a.pdf", b"x")), "correction"),
                          (dict(correction="已缴纳罚款", commitment_signed=True, proof=None), "proof"),
                          (dict(correction="已缴纳罚款", commitment_signed=False, proof=("a.pdf", b"x")),
                           "commitment_signed")]:
        with pytest.raises(DomainError) as e:
            repairs.apply_repair(r, actor=company_user, today=date(2026, 3, 2), **kwargs)
        assert e.value.field == field
    with pytest.raises(DomainError, match="本主体"):
        repairs.apply_repair(r, actor=org.person_user, correction="x", commitment_signed=True,
                             proof=("a.pdf", b"x"), today=date(2026, 3, 2))


def test_approved_repair_ends_publication_and_the_measures_at_once(org, company_user):
    r = services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                            department=org.market, severity=k.SERIOUS, decision_number="沪市监罚〔2024〕9号",
                            title="生产不符合食品安全标准的食品", decided_on=date(2024, 12, 2), today=date(2026, 3, 2))
    assert not services.intake_verdict(org.company, on=date(2026, 3, 2)).lenient_allowed
    org.company.refresh_from_db()
    assert org.company.is_dishonest
    # a serious one needs a credit report
    with pytest.raises(DomainError, match="信用报告") as e:
        repairs.apply_repair(r, actor=company_user, correction="已缴纳罚款并完成整改", commitment_signed=True,
                             proof=("缴款凭证.pdf", b"%PDF paid"), today=date(2026, 3, 2))
    assert e.value.field == "report_number"
    from yiwang.credit.models import Report

    report = Report.objects.create(number="XYBG-20260302-00001", subject=r.subject, period_from=date(2023, 3, 2),
                                   period_to=date(2026, 3, 2), issued_on=date(2026, 3, 2), department=org.market,
                                   key_id="SCJ-K1", token="x.y", records_digest="d")
    rp = repairs.apply_repair(r, actor=company_user, correction="已缴纳罚款并完成整改", commitment_signed=True,
                              proof=("缴款凭证.pdf", b"%PDF paid"), report_number=report.number,
                              today=date(2026, 3, 2))
    assert rp.due_on == date(2026, 3, 9)  # five working days
    with pytest.raises(DomainError, match="认定部门"):
        repairs.decide_repair(rp, actor=org.health_reviewer, approve=True, reason="x", today=date(2026, 3, 3))
    with pytest.raises(DomainError, match="理由"):
        repairs.decide_repair(rp, actor=org.section_head, approve=True, reason=" ", today=date(2026, 3, 3))
    repairs.decide_repair(rp, actor=org.section_head, approve=True, reason="已履行处罚决定，整改到位",
                          expected_version=rp.version, today=date(2026, 3, 3))
    r.refresh_from_db()
    assert r.status == Record.Status.REPAIRED
    assert not queries.published(Record.objects.filter(pk=r.pk)).exists()
    assert services.intake_verdict(org.company, on=date(2026, 3, 3)).lenient_allowed
    org.company.refresh_from_db()
    assert not org.company.is_dishonest
    assert Subject.objects.by_code(org.company.id_number).get().risk_class == "A"
    assert AuditEvent.objects.filter(action="credit.repair.approve").exists()


def test_a_refusal_keeps_the_record_and_gives_reasons(org, company_user):
    r = general_penalty(org)
    rp = repairs.apply_repair(r, actor=company_user, correction="已缴纳", commitment_signed=True,
                              proof=("a.pdf", b"x"), today=date(2026, 3, 2))
    with pytest.raises(DomainError, match="待审核"):
        repairs.apply_repair(r, actor=company_user, correction="再次申请", commitment_signed=True,
                             proof=("a.pdf", b"x"), today=date(2026, 3, 2))
    rp = repairs.decide_repair(rp, actor=org.section_head, approve=False, reason="罚款尚未缴纳完毕",
                               today=date(2026, 3, 4))
    r.refresh_from_db()
    assert rp.status == "refused" and rp.decision_reason == "罚款尚未缴纳完毕" and r.status == "active"


def test_publication_ends_by_itself_at_the_maximum(org):
    r = general_penalty(org, on=date(2023, 1, 10))
    assert services.expire_due(today=date(2026, 3, 2)) == 1
    r.refresh_from_db()
    assert r.status == "expired" and "最长公示期" in r.status_reason


def serious_listing(org, on=date(2025, 1, 6)):
    return services.add_record(actor=org.section_head, subject_code=org.company.id_number,
                               kind=k.SERIOUS_DISHONESTY, department=org.market, title="严重违法失信名单",
                               decision_number="沪市监列严〔2025〕1号", legal_basis="《市场监督管理严重违法失信名单管理办法》",
                               decided_on=on, today=date(2026, 3, 2))


def _report(org, subject, number="XYBG-20260302-00002"):
    from yiwang.credit.models import Report

    return Report.objects.create(number=number, subject=subject, period_from=date(2023, 3, 2),
                                 period_to=date(2026, 3, 2), issued_on=date(2026, 3, 2), department=org.market,
                                 key_id="SCJ-K1", token="x.y", records_digest="d")


def test_early_removal_from_the_serious_list_has_its_own_clock_and_wording(org, company_user):
    listing = serious_listing(org)
    report = _report(org, listing.subject)
    rp = repairs.apply_repair(listing, actor=company_user, correction="已履行处罚决定，主动消除危害后果",
                              commitment_signed=True, proof=("履行证明.pdf", b"%PDF done"),
                              report_number=report.number, today=date(2026, 3, 2))
    # the listing body verifies within 15 working days (not the general five): 2026-03-02 + 15 = 03-23
    assert rp.due_on == date(2026, 3, 23)
    with pytest.raises(DomainError, match="已有待审核的移出申请"):
        repairs.apply_repair(listing, actor=company_user, correction="再次申请", commitment_signed=True,
                             proof=None, report_number=report.number, today=date(2026, 3, 3))
    repairs.decide_repair(rp, actor=org.section_head, approve=True, reason="核实已履行义务，未再受较重处罚",
                          expected_version=rp.version, today=date(2026, 3, 10))
    listing.refresh_from_db()
    assert listing.status == Record.Status.REPAIRED
    assert listing.status_reason.startswith("提前移出严重失信主体名单：")
    assert AuditEvent.objects.filter(action="credit.record.repair").exists()
    org.company.refresh_from_db()
    assert not org.company.is_dishonest


def test_no_early_removal_after_a_heavier_penalty_since_the_listing(org, company_user):
    listing = serious_listing(org)
    report = _report(org, listing.subject)
    # a minor penalty after the listing does not stand in the way; a general one does
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                        department=org.market, severity=k.MINOR, decision_number="沪市监罚〔2025〕30号",
                        title="未按规定公示年报", decided_on=date(2025, 6, 2), today=date(2026, 3, 2))
    assert repairs.repair_check(listing, date(2026, 3, 2)) == ""
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                        department=org.market, severity=k.GENERAL, decision_number="沪市监罚〔2025〕41号",
                        title="虚假宣传", decided_on=date(2025, 9, 1), today=date(2026, 3, 2))
    with pytest.raises(DomainError, match="沪市监罚〔2025〕41号.*不符合提前移出条件") as e:
        repairs.apply_repair(listing, actor=company_user, correction="已整改", commitment_signed=True,
                             proof=("a.pdf", b"%PDF"), report_number=report.number, today=date(2026, 3, 2))
    assert e.value.field == "record"
    assert not Repair.objects.exists()


def test_a_heavier_penalty_arriving_while_the_removal_waits_blocks_the_approval(org, company_user):
    listing = serious_listing(org)
    report = _report(org, listing.subject)
    rp = repairs.apply_repair(listing, actor=company_user, correction="已履行", commitment_signed=True,
                              proof=("a.pdf", b"%PDF"), report_number=report.number, today=date(2026, 3, 2))
    services.add_record(actor=org.section_head, subject_code=org.company.id_number, kind=k.PENALTY,
                        department=org.market, severity=k.SERIOUS, decision_number="沪市监罚〔2026〕3号",
                        title="生产销售不合格产品", decided_on=date(2026, 2, 20), today=date(2026, 3, 4))
    with pytest.raises(DomainError, match="不予移出"):
        repairs.decide_repair(rp, actor=org.section_head, approve=True, reason="同意", today=date(2026, 3, 5))
    rp.refresh_from_db()
    listing.refresh_from_db()
    assert rp.status == Repair.Status.SUBMITTED and listing.status == Record.Status.ACTIVE
    repairs.decide_repair(rp, actor=org.section_head, approve=False, reason="列入后又受较重行政处罚",
                          expected_version=rp.version, today=date(2026, 3, 5))
    rp.refresh_from_db()
    assert rp.status == Repair.Status.REFUSED
