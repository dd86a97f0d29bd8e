"""容缺受理: only deferrable materials missing; due date within the promised deadline; no approval until
supplied; lapse → terminated with notice; not for dishonest applicants."""
from datetime import date

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.cases import services
from yiwang.cases.models import CaseMaterial
from yiwang.cases.queries import actions_allowed
from yiwang.notify.models import Message

from .factories import MON, file_all, make_item, mats, pdf

DUE = date(2026, 3, 13)


def _deferred(org, version):
    case = file_all(org, version, skip=[1])  # 平面图 (deferrable) missing
    return services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE,
                           commitment_signer="王小明", today=MON)


@pytest.fixture
def officer_item(org):
    return make_item(org.market, tier="one_step", limit=10)


def test_accept_with_a_deferral_and_tell_the_applicant(org, officer_item):
    case = _deferred(org, officer_item)
    assert case.state == "under_review" and case.deferral_due == DUE
    assert case.materials.get(status=CaseMaterial.Status.DEFERRED).material.name == "平面图"
    body = Message.objects.get(event="case.deferral").body
    assert "平面图" in body and "2026年03月13日" in body


def test_the_due_date_may_not_pass_the_promised_deadline(org, items):
    case = file_all(org, items.two, skip=[1])  # promised 20 working days: 2026-03-30
    with pytest.raises(DomainError) as e:
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=date(2026, 3, 31), today=MON)
    assert e.value.field == "deferral_due"
    case = services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=date(2026, 3, 30),
                           commitment_signer="王小明", today=MON)
    assert case.deferral_due == case.deadline


def test_key_materials_are_never_deferred(org, items):
    case = file_all(org, items.two, skip=[0])
    with pytest.raises(DomainError, match="一次性告知"):
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE, today=MON)


def test_not_offered_to_dishonest_applicants(org, items):
    from yiwang.credit import services as credit

    credit.add_record(actor=None, subject_code=org.person.id_number, subject_name=org.person.name,
                      subject_kind="natural", kind="court", department_name="区人民法院", title="失信被执行人",
                      decision_number="（2025）沪0114执1234号", decided_on=date(2025, 12, 1), today=MON)
    case = file_all(org, items.two, skip=[1])
    with pytest.raises(DomainError, match="信用修复"):
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE, today=MON)


def test_immediate_items_cannot_defer_past_the_acceptance_day(org, items):
    case = file_all(org, items.one, skip=[1])
    with pytest.raises(DomainError, match="不能晚于承诺办结日期"):
        services.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=DUE, today=MON)


def test_no_approval_until_the_deferred_material_arrives(org, officer_item):
    case = _deferred(org, officer_item)
    assert "approve" not in actions_allowed(case, org.clerk)
    with pytest.raises(Conflict, match="容缺材料尚未补齐"):
        services.approve(case, actor=org.clerk, expected_version=case.version, today=MON)
    case = services.supply_deferred(case, actor=org.person_user, expected_version=case.version,
                                    files={mats(officer_item)[1].pk: pdf("plan")}, today=date(2026, 3, 5))
    case = services.approve(case, actor=org.clerk, expected_version=case.version, today=date(2026, 3, 5))
    assert case.state == "approved"


def test_a_lapsed_deferral_terminates_the_case_with_notice(org, items):
    case = _deferred(org, items.two)
    assert services.apply_deferral_lapses(DUE) == []
    (done,) = services.apply_deferral_lapses(date(2026, 3, 16))
    assert done.pk == case.pk and done.state == "terminated" and done.stopped_on == date(2026, 3, 16)
    body = Message.objects.get(event="case.terminated").body
    assert "平面图" in body and "终止" in body
    assert services.apply_deferral_lapses(date(2026, 3, 17)) == []


def test_a_supplied_deferral_does_not_lapse(org, items):
    case = _deferred(org, items.two)
    services.supply_deferred(case, actor=org.clerk, expected_version=case.version,
                             files={mats(items.two)[1].pk: pdf("plan")}, today=date(2026, 3, 12))
    assert services.apply_deferral_lapses(date(2026, 3, 16)) == []
