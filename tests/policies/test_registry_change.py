"""When an enterprise's registry data changes, its matches are recomputed after the commit and a newly eligible
enterprise is pushed (once); when it stops meeting the rule, the match goes."""
import pytest

from yiwang.enterprises import services as ent
from yiwang.notify.models import Message
from yiwang.policies.models import Match

from .conftest import make_policy

pytestmark = pytest.mark.django_db


def test_a_new_tag_makes_a_match_and_a_push_and_a_lost_figure_removes_it(world, django_capture_on_commit_callbacks):
    p = make_policy(world)
    world.notag.applicant = world.other
    world.notag.save()
    assert not Match.objects.filter(policy=p, enterprise=world.notag).exists()
    with django_capture_on_commit_callbacks(execute=True):
        ent.add_tag(world.notag, actor=None, tag="hnte", valid_from="2025-06-01")
    m = Match.objects.get(policy=p, enterprise=world.notag)
    assert m.rule_version == p.rule_version
    assert Message.objects.filter(event="policies.push", user=world.other_user).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        ent.record_yearly_figures(world.notag, actor=None, year=2025, headcount=40, revenue="1500",
                                  total_assets="900", tax_paid="80")
    assert not Match.objects.filter(policy=p, enterprise=world.notag).exists()


def test_one_enterprise_is_checked_against_the_rule_as_it_now_stands(world):
    """The enterprise recheck parses each rule once and keeps it: a rule changed after publication must be the one
    applied the next time, and the page's explanation must follow it too."""
    from yiwang.policies import queries, services

    p = make_policy(world)
    assert Match.objects.filter(policy=p, enterprise=world.star).exists()
    services.recompute_enterprise(world.star.pk, push=False)  # the first rule is now parsed and kept
    services.set_rule(p, actor=world.officer, rule={"and": [{"in": [{"var": "park"}, ["MHKJ"]]},
                                                             {">=": [{"var": "figures.2025.revenue"}, 999999]}]})
    Match.objects.filter(policy=p).delete()
    Match.objects.create(policy=p, enterprise=world.star, rule_version=1, computed_at="2026-12-01T00:00:00Z")
    assert services.recompute_enterprise(world.star.pk, push=False) == {"added": 0, "removed": 1}
    assert not Match.objects.filter(policy=p, enterprise=world.star).exists()
    view = queries.enterprise_view(world.star)
    assert p.pk not in {row["policy"].pk for row in view["matched"]}
    # nearly met: only the revenue condition is missing, and the explanation says so
    near = {row["policy"].pk: row["explanation"] for row in view["near"]}
    assert p.pk in near and len(near[p.pk].missing) == 1
