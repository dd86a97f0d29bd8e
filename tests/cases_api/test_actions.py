"""Actions over HTTP: one POST per action calling one service; illegal ones are 409 with the state and the actions
allowed; rule errors are field-level Chinese; the timeline and the receipt follow."""
from django.utils.timezone import localdate
import pytest

from tests.cases.factories import file_all, make_bundle, make_item
from yiwang.cases.models import Case

pytestmark = pytest.mark.django_db


def act(client, case_id, action, version, data=None):
    return client.post(f"/api/v1/cases/{case_id}/actions/{action}/", data or {}, format="json",
                       HTTP_IF_MATCH=f'"{version}"')


def test_an_illegal_action_is_a_409_with_the_state_and_the_allowed_actions(world, org, as_user):
    case = world.received
    response = act(as_user(org.clerk), case.pk, "approve", case.version, {"opinion": "同意"})
    assert response.status_code == 409
    body = response.json()
    assert body["state"] == "received" and body["version"] == 1
    assert set(body["allowed_actions"]) == {"accept", "refuse", "notify_supplement"}  # what the clerk may do now
    assert "已收件" in body["detail"]
    case.refresh_from_db()
    assert case.state == "received" and case.version == 1


def test_an_action_that_is_not_your_part_is_a_403(world, org, as_user):
    response = act(as_user(org.person_user), world.case.pk, "forward", world.case.version)
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_missing_reasons_are_field_errors_in_chinese(world, org, as_user):
    response = act(as_user(org.clerk), world.received.pk, "refuse", world.received.version, {"reason": "不符合条件"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["legal_basis"]
    assert response.json()["errors"]["legal_basis"] == ["该字段是必填项。"]
    blank = act(as_user(org.clerk), world.received.pk, "refuse", world.received.version,
                {"reason": "不符合条件", "legal_basis": "   "})
    assert blank.status_code == 400 and "legal_basis" in blank.json()["errors"]
    mail = act(as_user(org.clerk), world.case.pk, "deliver", world.case.version, {"method": "pigeon"})
    assert mail.status_code == 400 and "method" in mail.json()["errors"]
    world.received.refresh_from_db()
    assert world.received.state == "received"


def test_a_case_from_filing_to_delivery_through_the_api(org, items, as_user):
    case = file_all(org, items.two, today=localdate())  # received today: the API acts today (art. 32)
    clerk, reviewer, head, person = (as_user(u) for u in (org.clerk, org.reviewer, org.section_head, org.person_user))
    assert act(person, case.pk, "withdraw", 1).status_code == 200
    case.refresh_from_db()
    assert case.state == "withdrawn"  # the applicant could withdraw before acceptance

    case = file_all(org, items.two, today=localdate())  # received today: the API acts today (art. 32)
    assert person.get(f"/api/v1/cases/{case.pk}/receipt/").status_code == 409  # no voucher before acceptance
    r = act(clerk, case.pk, "accept", case.version)
    assert r.status_code == 200, r.json()
    assert r.json()["number"] and r.json()["deadline"]
    receipt = person.get(f"/api/v1/cases/{case.pk}/receipt/").json()
    assert receipt["number"] == r.json()["number"] and receipt["deadline"] == r.json()["deadline"]
    r = act(reviewer, case.pk, "forward", r.json()["version"], {"opinion": "材料齐全，同意"})
    assert r.status_code == 200 and "approve" not in r.json()["allowed_actions"]  # the next step is not theirs
    assert "approve" in head.get(f"/api/v1/cases/{case.pk}/").json()["allowed_actions"]
    r = act(head, case.pk, "approve", r.json()["version"], {"opinion": "准予"})
    assert r.status_code == 200 and r.json()["state"] == "approved"
    r = act(clerk, case.pk, "deliver", r.json()["version"], {"method": "mail"})
    assert r.status_code == 400 and set(r.json()["errors"]) == {"tracking_number"}
    r = act(clerk, case.pk, "deliver", r.json().get("version") or Case.objects.get(pk=case.pk).version,
            {"method": "mail", "tracking_number": "SF123", "address": "示范路1号"})
    assert r.status_code == 200 and r.json()["state"] == "delivered"

    timeline = person.get(f"/api/v1/cases/{case.pk}/timeline/").json()
    assert [e["action"] for e in timeline["events"]] == ["submit", "accept", "forward", "approve", "deliver"]
    assert [e["label"] for e in timeline["events"]][:2] == ["提交申请", "受理"]
    assert timeline["events"][2]["note"] == "材料齐全，同意"
    assert timeline["deadline"] and timeline["days_used"] is not None and timeline["days_remaining"] is not None
    # provisional exactly when the limit runs into a year whose holidays are not announced yet (a case filed in
    # December may end in January)
    from datetime import date as _date

    from yiwang.workdays.seed import ANNOUNCED_LAST

    assert timeline["stopped_on"]
    assert timeline["provisional"] is (_date.fromisoformat(timeline["deadline"]).year > ANNOUNCED_LAST)
    assert timeline["state_label"] == "已出件"


def test_the_timeline_shows_a_suspension_and_the_days_used(world, org, as_user):
    head = as_user(org.section_head)
    before = head.get(f"/api/v1/cases/{world.case.pk}/timeline/").json()
    assert before["accepted_on"] == "2026-03-02" and before["limit_days"] == 20
    assert before["days_used"] > 20 and before["overdue"] is True and before["days_remaining"] < 0
    r = act(head, world.case.pk, "suspend", world.case.version,
            {"kind": "expert_review", "reason": "组织专家评审", "expected_days": 10})
    assert r.status_code == 200, r.json()
    after = head.get(f"/api/v1/cases/{world.case.pk}/timeline/").json()
    assert after["suspended"] is True and after["state"] == "suspended"
    assert after["events"][-1]["label"] == "启动特别程序" and after["events"][-1]["data"]["expected_days"] == 10
    assert r.json()["suspensions"][0]["kind_label"] == "专家评审"


def test_supervisors_read_but_cannot_act(world, org, as_user):
    sup = as_user(org.supervisor)
    detail = sup.get(f"/api/v1/cases/{world.case.pk}/")
    assert detail.status_code == 200 and detail.json()["allowed_actions"] == []
    assert act(sup, world.case.pk, "forward", world.case.version).status_code == 403


def test_a_bundle_is_delivered_once_for_all_its_cases(org, items, as_user, calendar_loaded):
    from yiwang.cases import services

    one_a, one_b = make_item(org.market, tier="one_step", limit=0), make_item(org.health, tier="one_step", limit=0)
    # The window officer decides licensing items for both departments, so both have entrusted them (the licence is
    # issued in the department's name: issue 8 no. 2).
    from yiwang.org.models import Role, StaffRole

    for department in (org.market, org.health):
        StaffRole.objects.create(user=org.clerk, role=Role.REVIEWER, department=department)
    bundle = make_bundle(org, [one_a, one_b])
    bc = services.submit_bundle(submitter=org.person_user, applicant=org.person, bundle=bundle, idempotency_key="b",
                                files={}, commitments=())
    clerk = as_user(org.clerk)
    body = clerk.get(f"/api/v1/bundle-cases/{bc.pk}/").json()
    for child in body["children"]:
        case = Case.objects.get(pk=child["id"])
        for m in case.materials.all():
            m.status = "provided"
            m.save()
        r = act(clerk, case.pk, "accept", case.version)
        assert r.status_code == 200, r.json()
        assert "deliver" not in r.json()["allowed_actions"]
        r = act(clerk, case.pk, "approve", r.json()["version"])
        assert r.status_code == 200, r.json()
        assert act(clerk, case.pk, "deliver", r.json()["version"], {"method": "window"}).status_code == 409
    detail = clerk.get(f"/api/v1/bundle-cases/{bc.pk}/")
    assert detail.json()["status"] == "concluded"
    assert clerk.post(f"/api/v1/bundle-cases/{bc.pk}/actions/deliver/", {"method": "window"},
                      format="json").status_code == 428
    r = clerk.post(f"/api/v1/bundle-cases/{bc.pk}/actions/deliver/", {"method": "window"}, format="json",
                   HTTP_IF_MATCH=detail["ETag"])
    assert r.status_code == 200, r.json()
    assert r.json()["status"] == "delivered" and {c["state"] for c in r.json()["children"]} == {"delivered"}
    again = clerk.post(f"/api/v1/bundle-cases/{bc.pk}/actions/deliver/", {"method": "window"}, format="json",
                       HTTP_IF_MATCH=r["ETag"])
    assert again.status_code == 409


def test_unknown_actions_do_not_exist(world, org, as_user):
    r = as_user(org.section_head).post(f"/api/v1/cases/{world.case.pk}/actions/revoke/", {}, format="json",
                                       HTTP_IF_MATCH=f'"{world.case.version}"')
    assert r.status_code == 404
