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
