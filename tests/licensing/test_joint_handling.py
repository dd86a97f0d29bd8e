"""统一、联合、集中办理 (行政许可法 art. 26; art. 42 (2)): 45 working days, extendable by 15 with the approval of the
head of the people's government at this level — per item and per 一件事 — over the 2026 calendar
(劳动节 5/1–5/5 off, 5/9 an adjusted working Saturday)."""
from datetime import date

import pytest

from tests.cases.factories import accepted, make_bundle, make_item, pdf
from yiwang.api.errors import DomainError
from yiwang.cases import services


def _joint_item(org, limit=45):
    v = make_item(org.market, limit=limit)
    v.legal_limit_days, v.joint_handling = 45, "joint"
    v.save()
    return v


def test_a_joint_item_runs_45_working_days_and_extends_by_15_with_the_governments_approval(org, items, clock, api):
    clock.day = date(2026, 3, 2)
    case = accepted(org, _joint_item(org), today=clock.day)
    assert case.joint_handling and case.limit_days == 45
    assert case.deadline == date(2026, 5, 8)
    leader = api(org.unit_leader)
    clock.day = date(2026, 5, 6)
    r = leader.act(case, "extend", expect=400, days=15, reason="涉及多个部门现场核查")
    assert "本级人民政府负责人批准" in r["detail"] and "government_approval" in r["errors"]
    r = leader.act(case, "extend", expect=400, days=16, reason="涉及多个部门现场核查",
                   government_approval="区长张某某批准（示府办〔2026〕12号）")
    assert "1至15" in str(r)
    body = leader.act(case, "extend", days=15, reason="涉及多个部门现场核查",
                      government_approval="区长张某某批准（示府办〔2026〕12号）")
    assert body["extension_days"] == 15 and body["deadline"] == "2026-05-28"  # 45 + 15 = 60 working days
    assert body["extension_approval"].startswith("区长张某某")


def test_an_ordinary_item_keeps_art_42_first_paragraph(org, items, clock, api):
    clock.day = date(2026, 3, 2)
    case = accepted(org, items.two, today=clock.day)
    assert not case.joint_handling and case.deadline == date(2026, 3, 30)
    clock.day = date(2026, 3, 20)
    r = api(org.unit_leader).act(case, "extend", expect=400, days=15, reason="复杂")
    assert "1至10" in str(r)


def test_a_joint_bundle_makes_its_children_joint(org, items, clock):
    from yiwang.cases.services.bundles import bundle_materials

    clock.day = date(2026, 3, 2)
    a, b = make_item(org.market, limit=30), make_item(org.health, limit=20)
    a.legal_limit_days = 30
    a.save()
    bundle = make_bundle(org, [a, b])
    bundle.joint_handling = True
    bundle.save()
    files = {key: pdf(key) for key in bundle_materials(bundle)}
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                idempotency_key="joint-1", files=files, today=clock.day)
    child = bc.children.get(item_version=a)
    child = services.accept(child, actor=org.clerk, expected_version=child.version, today=clock.day)
    assert child.joint_handling and child.deadline == date(2026, 4, 14)  # its own 30 days, under the 45-day cap
    with pytest.raises(DomainError) as e:
        services.extend(child, actor=org.unit_leader, expected_version=child.version, days=12, reason="会同审查",
                        today=date(2026, 4, 1))
    assert e.value.field == "government_approval"
    child = services.extend(child, actor=org.unit_leader, expected_version=child.version, days=12, reason="会同审查",
                            government_approval="副区长李某批准", today=date(2026, 4, 1))
    assert child.extension_days == 12 and child.deadline == date(2026, 4, 30)


def test_the_catalogue_refuses_a_joint_item_promising_more_than_45_days():
    from yiwang.catalog.domain.rules import check_version

    ok = check_version({"name": "联合审批事项", "legal_limit_days": 45, "promised_limit_days": 45, "joint_handling": "joint"})
    assert "promised_limit_days" not in ok
    bad = check_version({"name": "联合审批事项", "legal_limit_days": 60, "promised_limit_days": 50,
                         "joint_handling": "joint"})
    assert "四十二条第二款" in bad["promised_limit_days"][0]


def test_one_government_approval_extends_every_running_case_of_a_joint_bundle_or_none(org, items, clock):
    from yiwang.audit.models import AuditEvent
    from yiwang.cases.models import BundleCase
    from yiwang.cases.services.bundles import bundle_materials
    from yiwang.notify.models import Message

    clock.day = date(2026, 3, 2)
    a, b = make_item(org.market, limit=30), make_item(org.health, limit=20)
    bundle = make_bundle(org, [a, b])
    bundle.joint_handling = True
    bundle.save()
    files = {key: pdf(key) for key in bundle_materials(bundle)}
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                idempotency_key="joint-2", files=files, today=clock.day)
    for child in bc.children.all():
        services.accept(child, actor=org.clerk, expected_version=child.version, today=clock.day)
    bc = BundleCase.objects.get(pk=bc.pk)
    with pytest.raises(DomainError) as e:
        services.extend_bundle(bc, actor=org.unit_leader, expected_version=bc.version, days=10, reason="会同审查",
                               government_approval="", today=date(2026, 3, 20))
    assert e.value.field == "government_approval"
    with pytest.raises(services.Forbidden):
        services.extend_bundle(bc, actor=org.reviewer, expected_version=bc.version, days=10, reason="会同审查",
                               government_approval="副区长李某批准", today=date(2026, 3, 20))
    with pytest.raises(DomainError):  # 16 > 15: nothing extended, not even the first child
        services.extend_bundle(bc, actor=org.unit_leader, expected_version=bc.version, days=16, reason="会同审查",
                               government_approval="副区长李某批准", today=date(2026, 3, 20))
    assert not bc.children.filter(extension_days__gt=0).exists()
    bc = services.extend_bundle(bc, actor=org.unit_leader, expected_version=bc.version, days=10, reason="会同审查",
                                government_approval="副区长李某批准（示府办〔2026〕15号）", today=date(2026, 3, 20))
    market, health = bc.children.get(item_version=a), bc.children.get(item_version=b)
    assert market.extension_days == health.extension_days == 10
    assert market.deadline == date(2026, 4, 28) and health.deadline == date(2026, 4, 14)
    assert health.extension_approval.startswith("副区长李某")
    assert AuditEvent.objects.filter(action="case.bundle.extend").count() == 1
    assert Message.objects.filter(event="case.extended").count() == 1  # told once for the bundle
    with pytest.raises(Exception):  # once per case
        services.extend_bundle(bc, actor=org.unit_leader, expected_version=bc.version, days=5, reason="再次",
                               government_approval="副区长李某批准", today=date(2026, 3, 25))


def test_the_joint_bundle_extension_through_the_api(org, items, clock, api):
    from yiwang.cases.models import BundleCase
    from yiwang.cases.services.bundles import bundle_materials

    clock.day = date(2026, 3, 2)
    a, b = make_item(org.market, limit=30), make_item(org.health, limit=20)
    bundle = make_bundle(org, [a, b])
    bundle.joint_handling = True
    bundle.save()
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle,
                                idempotency_key="joint-3", files={k: pdf(k) for k in bundle_materials(bundle)},
                                today=clock.day)
    for child in bc.children.all():
        services.accept(child, actor=org.clerk, expected_version=child.version, today=clock.day)
    bc = BundleCase.objects.get(pk=bc.pk)
    clock.day = date(2026, 3, 20)
    leader = api(org.unit_leader).client
    url = f"/api/v1/bundle-cases/{bc.pk}/actions/extend/"
    assert leader.post(url, {"days": 10, "reason": "会同审查", "government_approval": "副区长李某批准"},
                       format="json").status_code == 428  # the version is required
    r = leader.post(url, {"version": bc.version, "days": 10, "reason": "会同审查"}, format="json")
    assert r.status_code == 400 and "government_approval" in r.json()["errors"]
    r = leader.post(url, {"version": bc.version, "days": 10, "reason": "会同审查",
                          "government_approval": "副区长李某批准（示府办〔2026〕15号）"}, format="json")
    assert r.status_code == 200, r.json()
    assert set(bc.children.values_list("extension_days", flat=True)) == {10}
