"""A task's object scope "持有许可" selects registered enterprises by the e-licences they hold under their USCC
(in force on the day: not revoked, not expired), and directory objects by their listed licences; a plan naming the
type without the final 证 finds both."""
import datetime as dt

import pytest

from yiwang.inspections import queries
from yiwang.licences.keys import generate_key
from yiwang.licences.services import issue_licence, revoke_licence

from .conftest import drawn_task


@pytest.fixture
def holders(insp):
    generate_key(insp.market)
    leader = insp.unit_leader

    def give(e, *, until=dt.date(2031, 1, 4), kind="食品经营许可证"):
        return issue_licence(department=insp.market, holder_name=e.name, holder_id_number=e.uscc, holder_kind="legal",
                             licence_type=kind, scope="预包装食品（含冷藏冷冻食品）销售", valid_from=dt.date(2025, 1, 6),
                             valid_until=until, actor=leader)

    e = insp.enterprises
    give(e[0]), give(e[1]), give(e[2])
    revoke_licence(give(e[3]), reason="申请人申请注销", actor=leader)
    give(e[4], until=dt.date(2026, 6, 30))                  # expired before the draw
    give(e[5], kind="公共场所卫生许可证")                     # another type
    return {x.uscc for x in e[:3]}


def test_enterprises_are_selected_by_the_licences_they_hold(insp, holders):
    rows = queries.objects_in_scope({"licences": ["食品经营许可"]}, today=dt.date(2026, 12, 3))
    assert {r[0] for r in rows} == holders
    both = queries.objects_in_scope({"licences": ["食品经营许可证", "公共场所卫生许可证"]}, today=dt.date(2026, 12, 3))
    assert {r[0] for r in both} == holders | {insp.enterprises[5].uscc}
    # on a day the expired one was still in force it is held
    earlier = queries.objects_in_scope({"licences": ["食品经营许可证"]}, today=dt.date(2026, 6, 1))
    assert insp.enterprises[4].uscc in {r[0] for r in earlier}


def test_a_task_scoped_by_licence_draws_only_holders(insp, holders):
    task = drawn_task(insp, scope={"licences": ["食品经营许可"]})
    # the published snapshot (what the draw was made from) lists the holders and nobody else
    listed = {e.uscc for e in insp.enterprises if e.uscc in task.snapshot}
    assert listed == holders
    assert set(task.sampled.values_list("code", flat=True)) <= holders
