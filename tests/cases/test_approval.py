"""Approval by tier; one person may not take two steps; send-back one step; decisions and delivery."""
import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.cases import services
from yiwang.cases.models import CaseStep
from yiwang.cases.queries import actions_allowed
from yiwang.notify.models import Message
from yiwang.org.models import Role, StaffRole

from .factories import MON, accepted


def test_one_step_the_accepting_window_officer_decides(org, items):
    case = accepted(org, items.one)
    # A licensing item: the licence is issued in the department's name, so only an officer the department has
    # entrusted (a role there) is offered the decision — as the page and the API decide (issue 8 no. 2).
    assert "approve" not in actions_allowed(case, org.clerk)
    StaffRole.objects.create(user=org.clerk, role=Role.REVIEWER, department=org.market)
    org.clerk = type(org.clerk).objects.get(pk=org.clerk.pk)  # a fresh scope
    assert "approve" in actions_allowed(case, org.clerk)
    case = services.approve(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert case.state == "approved" and case.decided_by == org.clerk


def test_one_step_nobody_else_decides(org, items):
    case = accepted(org, items.one)
    for person in (org.clerk2, org.reviewer):
        with pytest.raises(DomainError) as e:
            services.approve(case, actor=person, expected_version=case.version, today=MON)
        assert e.value.status == 403


def test_two_step_reviewer_then_section_head(org, items):
    case = accepted(org, items.two)
    with pytest.raises(Conflict):  # approve is not a step of the reviewer
        services.approve(case, actor=org.reviewer, expected_version=case.version, today=MON)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, opinion="同意", today=MON)
    assert case.step_index == 1
    with pytest.raises(DomainError) as e:
        services.approve(case, actor=org.reviewer2, expected_version=case.version, today=MON)
    assert e.value.status == 403
    case = services.approve(case, actor=org.section_head, expected_version=case.version, today=MON)
    assert case.state == "approved"
    assert list(case.steps.values_list("step", "actor__username")) == [("reviewer", "reviewer"),
                                                                        ("section_head", "section_head")]


def test_one_person_may_not_take_two_steps(org, items):
    StaffRole.objects.create(user=org.reviewer, role=Role.SECTION_HEAD, department=org.market)
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    assert "approve" not in actions_allowed(case, org.reviewer)
    with pytest.raises(DomainError, match="两个审批环节") as e:
        services.approve(case, actor=org.reviewer, expected_version=case.version, today=MON)
    assert e.value.status == 403
    case.refresh_from_db()
    assert case.state == "under_review" and CaseStep.objects.filter(case=case).count() == 1


def test_three_step_the_acceptor_may_not_also_review(org, items):
    StaffRole.objects.create(user=org.clerk, role=Role.REVIEWER, department=org.market)
    case = accepted(org, items.three)
    case = services.forward(case, actor=org.clerk, expected_version=case.version, today=MON)
    with pytest.raises(DomainError, match="两个审批环节"):
        services.forward(case, actor=org.clerk, expected_version=case.version, today=MON)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    case = services.approve(case, actor=org.unit_leader, expected_version=case.version, today=MON)
    assert case.state == "approved"


def test_three_step_the_acceptor_step_belongs_to_the_acceptor(org, items):
    case = accepted(org, items.three)
    with pytest.raises(DomainError, match="受理人"):
        services.forward(case, actor=org.clerk2, expected_version=case.version, today=MON)


def test_send_back_one_step_with_a_reason(org, items):
    case = accepted(org, items.two)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    with pytest.raises(DomainError) as e:
        services.send_back(case, actor=org.section_head, expected_version=case.version, reason=" ", today=MON)
    assert e.value.field == "reason"
    case = services.send_back(case, actor=org.section_head, expected_version=case.version, reason="核实经营面积",
                              today=MON)
    assert case.step_index == 0 and case.state == "under_review"
    # the reviewer redoes their own step; the first step cannot send back further
    with pytest.raises(Conflict):
        services.send_back(case, actor=org.reviewer, expected_version=case.version, reason="x", today=MON)
    case = services.forward(case, actor=org.reviewer, expected_version=case.version, today=MON)
    assert services.approve(case, actor=org.section_head, expected_version=case.version, today=MON).state == "approved"


def test_deny_needs_reasons_basis_and_rights(org, items):
    case = accepted(org, items.one)
    with pytest.raises(DomainError) as e:
        services.deny(case, actor=org.clerk, expected_version=case.version, reason="", legal_basis="x")
    assert e.value.field == "reason"
    items.one.remedy = ""
    items.one.save()
    with pytest.raises(DomainError) as e:
        services.deny(case, actor=org.clerk, expected_version=case.version, reason="不符合条件",
                      legal_basis="《食品安全法》第三十五条", remedy="如有异议请咨询", today=MON)
    assert e.value.field == "remedy"
    case = services.deny(case, actor=org.clerk, expected_version=case.version, reason="不符合条件",
                         legal_basis="《食品安全法》第三十五条", remedy="可于六十日内申请行政复议，或六个月内提起行政诉讼。",
                         today=MON)
    assert case.state == "denied"
    body = Message.objects.get(event="case.decided").body
    assert "不符合条件" in body and "行政复议" in body and "行政诉讼" in body


def test_delivery_within_ten_working_days_by_mail_needs_a_tracking_number(org, items):
    case = accepted(org, items.one)
    case = services.approve(case, actor=org.clerk, expected_version=case.version, today=MON)
    assert case.delivery_due.isoformat() == "2026-03-16"
    with pytest.raises(DomainError) as e:
        services.deliver(case, actor=org.clerk, expected_version=case.version, method="mail", address="某路1号")
    assert e.value.field == "tracking_number"
    case = services.deliver(case, actor=org.clerk, expected_version=case.version, method="mail",
                            tracking_number="SF123", address="某路1号", today=MON)
    assert case.state == "delivered" and case.tracking_number == "SF123"
    assert "SF123" in Message.objects.get(event="case.delivered").body


def test_withdraw_only_by_the_applicant_before_a_decision(org, items):
    case = accepted(org, items.two)
    with pytest.raises(DomainError):
        services.withdraw(case, actor=org.clerk, expected_version=case.version)
    case = services.withdraw(case, actor=org.person_user, expected_version=case.version, today=MON)
    assert case.state == "withdrawn" and case.stopped_on == MON
    decided = accepted(org, items.one)
    decided = services.approve(decided, actor=org.clerk, expected_version=decided.version, today=MON)
    with pytest.raises(Conflict) as e:
        services.withdraw(decided, actor=org.person_user, expected_version=decided.version)
    assert e.value.extra["state"] == "approved"


def test_terminate_by_the_department_with_a_reason(org, items):
    case = accepted(org, items.two)
    with pytest.raises(DomainError):
        services.terminate(case, actor=org.reviewer, expected_version=case.version, reason="申请人死亡")
    case = services.terminate(case, actor=org.unit_leader, expected_version=case.version, reason="申请人死亡",
                              today=MON)
    assert case.state == "terminated"
    assert Message.objects.filter(event="case.terminated").exists()
