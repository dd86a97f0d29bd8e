"""The lifecycle table (pure): states × actions → next state, and who may act."""
import pytest

from yiwang.cases.domain.lifecycle import (
    CONCLUDED, OPEN, TABLE, Action, IllegalTransition, State, allowed_actions, check, check_separation,
)


def test_accept_moves_a_received_case_into_review_for_a_clerk_only():
    assert check(State.RECEIVED, Action.ACCEPT, {"clerk"}) == State.UNDER_REVIEW
    with pytest.raises(IllegalTransition) as e:
        check(State.RECEIVED, Action.ACCEPT, {"applicant"})
    assert e.value.kind == "role"


def test_an_action_that_does_not_fit_the_state_names_the_allowed_ones():
    with pytest.raises(IllegalTransition) as e:
        check(State.APPROVED, Action.ACCEPT, {"clerk"})
    assert e.value.kind == "state"
    assert e.value.state == State.APPROVED
    assert set(e.value.allowed) == {"deliver", "revoke"}


@pytest.mark.parametrize("tier,steps", [("one_step", ["officer"]), ("two_step", ["reviewer", "section_head"]),
                                        ("three_step", ["clerk", "reviewer", "unit_leader"])])
def test_each_step_is_taken_by_its_role(tier, steps):
    roles = {"officer": "officer", "clerk": "clerk"}
    for i, role in enumerate(steps):
        last = i == len(steps) - 1
        acts = allowed_actions(State.UNDER_REVIEW, {roles.get(role, role)}, tier=tier, step_index=i)
        assert ("approve" in acts) == last and ("deny" in acts) == last
        assert ("forward" in acts) == (not last)
        assert ("send_back" in acts) == (i > 0)
        other = {"reviewer"} if role != "reviewer" else {"section_head"}
        assert not {"approve", "forward"} & set(allowed_actions(State.UNDER_REVIEW, other, tier=tier, step_index=i))


def test_approve_is_refused_before_the_last_step():
    with pytest.raises(IllegalTransition) as e:
        check(State.UNDER_REVIEW, Action.APPROVE, {"reviewer"}, tier="two_step", step_index=0)
    assert "forward" in e.value.allowed


def test_send_back_is_refused_at_the_first_step():
    with pytest.raises(IllegalTransition):
        check(State.UNDER_REVIEW, Action.SEND_BACK, {"reviewer"}, tier="two_step", step_index=0)
    assert check(State.UNDER_REVIEW, Action.SEND_BACK, {"section_head"}, tier="two_step", step_index=1) == State.UNDER_REVIEW


def test_extension_only_by_a_unit_leader():
    assert check(State.UNDER_REVIEW, Action.EXTEND, {"unit_leader"}) == State.UNDER_REVIEW
    for role in ("reviewer", "section_head", "clerk", "applicant"):
        with pytest.raises(IllegalTransition):
            check(State.UNDER_REVIEW, Action.EXTEND, {role})


def test_withdraw_only_before_a_decision():
    for state in OPEN:
        assert check(state, Action.WITHDRAW, {"applicant"}) == State.WITHDRAWN
    for state in CONCLUDED:
        with pytest.raises(IllegalTransition):
            check(state, Action.WITHDRAW, {"applicant"})


def test_terminal_states_allow_nothing_but_revocation_after_approval():
    for state in (State.REFUSED, State.WITHDRAWN, State.TERMINATED, State.REVOKED):
        assert TABLE[state] == {}
    assert check(State.DELIVERED, Action.REVOKE, {"unit_leader"}) == State.REVOKED
    with pytest.raises(IllegalTransition):
        check(State.DENIED, Action.REVOKE, {"unit_leader"})


def test_suspension_resume_round_trip():
    assert check(State.UNDER_REVIEW, Action.SUSPEND, {"reviewer"}) == State.SUSPENDED
    with pytest.raises(IllegalTransition):
        check(State.SUSPENDED, Action.APPROVE, {"officer"})
    assert check(State.SUSPENDED, Action.RESUME, {"reviewer"}) == State.UNDER_REVIEW


def test_one_person_may_not_take_two_steps():
    check_separation("two_step", "section_head", 7, [("reviewer", 8)])
    check_separation("two_step", "reviewer", 7, [("reviewer", 7)])  # the same step again after a send-back
    with pytest.raises(IllegalTransition, match="两个审批环节"):
        check_separation("two_step", "section_head", 7, [("reviewer", 7)])
    with pytest.raises(IllegalTransition):
        check_separation("three_step", "unit_leader", 3, [("acceptor", 3), ("reviewer", 4)])
    check_separation("one_step", "officer", 3, [("officer", 3)])
