"""免申即享 from publication to the enterprise's notice: the rule selects, the enterprise is pushed once, the
department proposes, excludes with a reason, submits; nobody confirms their own list; a second person confirms;
grants, notices and the published list follow."""
import pytest

from yiwang.api.errors import DomainError
from yiwang.notify.models import Message
from yiwang.policies import services
from yiwang.policies.models import Grant, GrantRound, Match, Push

from .conftest import make_policy

pytestmark = pytest.mark.django_db


def test_publishing_matches_and_pushes_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = make_policy(world)
    p.refresh_from_db()
    assert set(Match.objects.filter(policy=p).values_list("enterprise_id", flat=True)) == {world.star.pk}
    assert p.match_count == 1 and p.matched_version == p.rule_version == 1
    msg = Message.objects.get(event="policies.push", user=world.agent)
    assert "免申即享" in msg.body and "高新技术企业认定奖励" in msg.subject
    with django_capture_on_commit_callbacks(execute=True):  # recomputing never pushes twice
        services.recompute_policy(p.pk)
    assert Push.objects.filter(policy=p).count() == 1
    assert Message.objects.filter(event="policies.push", user=world.agent).count() == 1


def test_the_round_needs_a_second_person_and_grants_what_was_kept(world, django_capture_on_commit_callbacks):
    from yiwang.enterprises import services as ent

    with django_capture_on_commit_callbacks(execute=True):
        p = make_policy(world)
        ent.add_tag(world.notag, actor=None, tag="hnte", valid_from="2025-06-01")  # now eligible too
    r = services.propose_round(p, actor=world.kw_officer)
    entries = {e.enterprise_id: e for e in r.entries.all()}
    assert set(entries) == {world.star.pk, world.notag.pk}
    assert entries[world.star.pk].explanation["verdict"] is True and str(entries[world.star.pk].amount) == "20.00"
    with pytest.raises(DomainError, match="说明理由"):
        services.exclude_entry(entries[world.notag.pk], actor=world.kw_officer, reason="  ")
    services.exclude_entry(entries[world.notag.pk], actor=world.kw_officer, reason="2025年度已享受市级同类奖励，不重复享受")
    r = services.submit_round(r, actor=world.kw_officer)
    with pytest.raises(DomainError, match="不能确认本人"):
        services.confirm_round(r, actor=world.kw_officer)
    with pytest.raises(DomainError, match="责任部门"):
        services.confirm_round(r, actor=world.officer)  # the district's policy officer is not of the department
    r = services.confirm_round(r, actor=world.kw_officer2)
    assert r.status == GrantRound.Status.CONFIRMED and r.published_at is not None
    g = Grant.objects.get(policy=p)
    assert g.enterprise == world.star and g.round == r and g.mode == "auto"
    notice = Message.objects.get(event="policies.granted", user=world.agent)
    assert "您已获得" in notice.subject and "无需申请" in notice.body and "20万元" in notice.body
    assert not Grant.objects.filter(enterprise=world.notag).exists()
    # the next round proposes nobody already granted
    r2 = services.propose_round(p, actor=world.kw_head)
    assert world.star.pk not in set(r2.entries.values_list("enterprise_id", flat=True))


def test_a_rule_change_after_the_proposal_stops_the_confirmation(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = make_policy(world)
    r = services.submit_round(services.propose_round(p, actor=world.kw_officer), actor=world.kw_officer)
    services.set_rule(p, actor=world.officer, rule={"has_tag": ["hnte"]})
    from yiwang.api.errors import Conflict

    with pytest.raises(Conflict, match="资格条件已修改"):
        services.confirm_round(r, actor=world.kw_head)


def test_a_grant_found_ineligible_is_revoked_with_a_reason(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = make_policy(world)
    r = services.submit_round(services.propose_round(p, actor=world.kw_officer), actor=world.kw_officer)
    services.confirm_round(r, actor=world.kw_officer2)
    g = Grant.objects.get(policy=p)
    with pytest.raises(DomainError, match="说明理由"):
        services.revoke_grant(g, actor=world.kw_head, reason="")
    g = services.revoke_grant(g, actor=world.kw_head, reason="高新技术企业资格被取消（国科火字〔2026〕12号）")
    assert g.status == Grant.Status.REVOKED
    assert Message.objects.filter(event="policies.revoked", user=world.agent).exists()
