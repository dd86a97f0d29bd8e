"""Procedure anomalies: each one is crafted by writing rows directly (the services never allow them) and is found
with its evidence; a case handled through the services raises none."""
from datetime import date

import pytest

from tests.cases.factories import MON, accepted, file_all
from yiwang.cases import services as cs
from yiwang.cases.models import Case, CaseEvent, CaseMaterial, CaseStep
from yiwang.notify.models import Message
from yiwang.supervision import anomalies as an
from yiwang.supervision import services
from yiwang.supervision.models import Anomaly

pytestmark = pytest.mark.django_db
DAY2 = date(2026, 3, 3)


def found(case):
    return {f.kind: f for f in an.detect(Case.objects.filter(pk=case.pk))}


def approved(org, items):
    case = accepted(org, items.two)
    case = cs.forward(case, actor=org.reviewer, expected_version=case.version, today=DAY2)
    return cs.approve(case, actor=org.section_head, expected_version=case.version, today=DAY2)


def test_cases_through_the_services_raise_none(org, items):
    case = approved(org, items)
    cs.deliver(case, actor=org.clerk, expected_version=case.version, method="window", today=DAY2)
    three = accepted(org, items.three)
    three = cs.forward(three, actor=org.clerk, expected_version=three.version, today=DAY2)
    three = cs.forward(three, actor=org.reviewer, expected_version=three.version, today=DAY2)
    three = cs.deny(three, actor=org.unit_leader, expected_version=three.version, reason="不符合条件",
                    legal_basis="某条例第五条", today=DAY2)
    deferred = file_all(org, items.two, skip={1})
    deferred = cs.accept(deferred, actor=org.clerk, expected_version=deferred.version, deferral_due=date(2026, 3, 6),
                         commitment_signer="张三",
                         today=MON)
    refused = file_all(org, items.two)
    cs.refuse(refused, actor=org.clerk, expected_version=refused.version, reason="不属于本机关职权",
              legal_basis="行政许可法第三十二条", today=MON)
    assert an.detect(Case.objects.all()) == []
    services.sync_anomalies(today=DAY2, full=True)
    assert not Anomaly.objects.exists()


def test_decision_without_the_steps_its_tier_requires(org, items):
    case = accepted(org, items.two)
    Case.objects.filter(pk=case.pk).update(state="approved", decided_on=DAY2, decided_by=org.reviewer)
    f = found(case)["missing_steps"]
    assert f.evidence["missing"] == ["reviewer", "section_head"] and f.evidence["tier"] == "two_step"


def test_one_person_taking_two_steps(org, items):
    case = accepted(org, items.two)
    case = cs.forward(case, actor=org.reviewer, expected_version=case.version, today=DAY2)
    CaseStep.objects.create(case=case, step="section_head", step_index=1, actor=org.reviewer, action="approve")
    f = found(case)["same_person"]
    assert f.evidence["actor"] == org.reviewer.pk and f.evidence["steps"] == ["reviewer", "section_head"]


def test_accepted_with_a_key_material_missing(org, items):
    case = accepted(org, items.two)
    CaseMaterial.objects.filter(case=case, material__is_key=True).update(status="missing", blob=None)
    f = found(case)["key_material_missing"]
    assert f.evidence["materials"][0]["name"] == "申请表"
    assert "key_material_missing" not in found(accepted(org, items.two))


def test_approval_while_deferred_materials_outstanding(org, items):
    case = file_all(org, items.two, skip={1})
    case = cs.accept(case, actor=org.clerk, expected_version=case.version, deferral_due=date(2026, 3, 6),
                     commitment_signer="张三", today=MON)
    case = cs.forward(case, actor=org.reviewer, expected_version=case.version, today=DAY2)
    assert "approved_with_deferred" not in found(case)
    CaseStep.objects.create(case=case, step="section_head", step_index=1, actor=org.section_head, action="approve")
    CaseEvent.objects.create(case=case, action="approve", actor=org.section_head, on=DAY2, from_state="under_review",
                             to_state="approved")
    Case.objects.filter(pk=case.pk).update(state="approved", decided_on=DAY2)
    f = found(case)
    assert f["approved_with_deferred"].evidence["materials"][0]["name"] == "平面图"
    assert "missing_steps" not in f


def test_licence_issued_before_the_decision(org, items):
    from yiwang.licences.models import Licence, SigningKey

    case = accepted(org, items.two)
    key = SigningKey.objects.create(department=org.market, key_id="k-test", sequence=1, public_key="04" + "0" * 128,
                                    private_key_sealed=b"x")
    Licence.objects.create(number="L-1", licence_type="食品经营许可证", holder_name="张三", holder_kind="natural",
                           holder_id_number=org.person.id_number, scope="预包装食品销售", valid_from=DAY2,
                           department=org.market, issued_on=DAY2, signing_key=key, token="t", case_ref=case.pk,
                           case_number=case.number)
    f = found(case)["licence_before_decision"]
    assert f.evidence["licences"] == [{"number": "L-1", "issued_on": "2026-03-03"}] and f.evidence["approved_on"] is None


def test_reopened_or_dates_edited_after_conclusion(org, items):
    case = approved(org, items)
    assert found(case) == {}
    Case.objects.filter(pk=case.pk).update(decided_on=MON)
    f = found(case)["altered_after_conclusion"]
    assert f.summary == "办结后日期被改动"
    assert f.evidence["findings"][0]["fields"]["decided_on"] == {"trail": "2026-03-03", "row": "2026-03-02"}
    other = approved(org, items)
    Case.objects.filter(pk=other.pk).update(state="under_review")
    assert found(other)["altered_after_conclusion"].summary.startswith("办结后被重新打开")


def test_sync_stores_once_notifies_the_department_and_clears(org, items):
    case = accepted(org, items.two)
    CaseMaterial.objects.filter(case=case, material__is_key=True).update(status="missing")
    services.sync_anomalies(today=DAY2, full=True)
    services.sync_anomalies(today=DAY2, full=True)
    a = Anomaly.objects.get(case=case)
    assert a.kind == "key_material_missing" and a.active
    assert Message.objects.filter(user=org.section_head, event="supervision.anomaly").count() == 1
    CaseMaterial.objects.filter(case=case, material__is_key=True).update(status="provided")
    services.sync_anomalies(today=DAY2, full=True)
    a.refresh_from_db()
    assert not a.active


def test_incremental_scan_picks_up_cases_changed_since_the_last_one(org, items):
    services.sync_anomalies(today=DAY2)  # first run: full, sets the watermark
    case = accepted(org, items.two)  # a new case: audit events after the watermark
    Case.objects.filter(pk=case.pk).update(state="approved", decided_on=DAY2)
    services.sync_anomalies(today=DAY2)
    assert Anomaly.objects.filter(case=case, kind="missing_steps").exists()
