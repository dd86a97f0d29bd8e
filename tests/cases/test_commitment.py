"""告知承诺: a signed commitment replaces a material; a post-check; a false commitment revokes the decision and
bars 告知承诺 and 容缺 until credit repair."""
from datetime import date

import pytest

from yiwang.api.errors import DomainError
from yiwang.audit.models import AuditEvent
from yiwang.cases import services
from yiwang.cases.models import PostCheck

from .factories import MON, mats, pdf


def _file(org, items, key="c1", signed=True, applicant=None, user=None):
    m = mats(items.commit)
    return services.submit_case(submitter=user or org.person_user, applicant=applicant or org.person,
                                item_version=items.commit, idempotency_key=key,
                                files={m[0].pk: pdf("form"), m[2].pk: pdf("plan")}, commitments=[m[1].pk],
                                commitment_signed=signed, today=MON)


def _approved(org, items):
    case = _file(org, items)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    return services.approve(case, actor=org.section_head, expected_version=case.version, today=MON)


def test_a_signed_commitment_replaces_the_material_and_creates_a_post_check(org, items):
    case = _file(org, items)
    case = services.accept(case, actor=org.clerk, expected_version=case.version, today=MON)
    pc = PostCheck.objects.get(case=case)
    # due 20 working days after the decision; before it, after the deadline 3/30 (decision 0003)
    assert pc.status == "pending" and pc.due_on == date(2026, 4, 28)


def test_the_commitment_must_be_signed_and_allowed(org, items):
    with pytest.raises(DomainError) as e:
        _file(org, items, signed=False)
    assert e.value.field == "commitment_signed"
    m = mats(items.two)
    with pytest.raises(DomainError, match="不适用告知承诺"):
        services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                             idempotency_key="x", commitments=[m[1].pk], commitment_signed=True)


def test_a_true_commitment_keeps_the_decision(org, items):
    case = _approved(org, items)
    services.record_post_check(case, actor=org.reviewer, expected_version=case.version, truthful=True,
                               finding="现场核查属实", today=date(2026, 3, 20))
    case.refresh_from_db()
    org.person.refresh_from_db()
    assert case.state == "approved" and not org.person.commitment_breached


def test_a_false_commitment_revokes_the_decision_and_bars_lenient_procedures(org, items):
    case = _approved(org, items)
    services.record_post_check(case, actor=org.reviewer, expected_version=case.version, truthful=False,
                               finding="场所不存在", today=date(2026, 3, 20))
    case.refresh_from_db()
    org.person.refresh_from_db()
    assert case.state == "revoked"
    assert org.person.commitment_breached and not org.person.may_use_lenient_procedures
    assert AuditEvent.objects.filter(action="applicant.commitment_breach").exists()
    # barred from 告知承诺 …
    with pytest.raises(DomainError, match="信用修复"):
        _file(org, items, key="c2")
    # … and from 容缺
    c3 = services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.two,
                              idempotency_key="c3", files={mats(items.two)[0].pk: pdf("f")}, today=MON)
    with pytest.raises(DomainError, match="信用修复"):
        services.accept(c3, actor=org.clerk, expected_version=c3.version, deferral_due=date(2026, 3, 10), today=MON)
    # until credit repair (not by a clerk, nor by the system administrator: 三员分立), audited
    for outsider in (org.clerk, org.sysadmin):
        with pytest.raises(DomainError):
            services.repair_credit(org.person, actor=outsider, note="已整改")
    services.repair_credit(org.person, actor=org.supervisor, note="已整改并公示期满")
    org.person.refresh_from_db()
    assert org.person.may_use_lenient_procedures
    assert AuditEvent.objects.filter(action="applicant.credit_repair").exists()
    assert _file(org, items, key="c4").commitment_signed


def test_only_the_department_checks(org, items):
    case = _approved(org, items)
    with pytest.raises(DomainError):
        services.record_post_check(case, actor=org.health_reviewer, expected_version=case.version, truthful=False,
                                   finding="x")


def test_a_commitment_given_at_supplement_must_be_signed_too(org, items):
    m = mats(items.commit)
    case = services.submit_case(submitter=org.person_user, applicant=org.person, item_version=items.commit,
                                idempotency_key="sup-sign", files={m[0].pk: pdf("form")}, today=MON)
    services.notify_supplement(case, actor=org.clerk, expected_version=case.version, today=MON)
    case.refresh_from_db()
    with pytest.raises(DomainError) as e:
        services.supplement(case, actor=org.person_user, expected_version=case.version,
                            files={m[2].pk: pdf("plan")}, commitments=[m[1].pk], today=MON)
    assert e.value.field == "commitment_signed"
    case.refresh_from_db()
    assert case.state == "supplementing" and not case.commitment_signed
    case = services.supplement(case, actor=org.person_user, expected_version=case.version,
                               files={m[2].pk: pdf("plan")}, commitments=[m[1].pk], commitment_signed=True,
                               today=MON)
    assert case.commitment_signed
