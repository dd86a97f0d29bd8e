"""Inspectors drawn per object: at least two per department, never one with a declared conflict or last time's
inspectors (rotation); a recusal is recorded and replaced by the same rule; a joint task draws each department's own
inspectors and sends one notice for one visit; the yearly cap and recent inspections keep objects out."""
import datetime as dt

import pytest
from django.test import override_settings

from yiwang.api.errors import DomainError
from yiwang.inspections import services
from yiwang.inspections.domain import draw as core
from yiwang.inspections.models import Sampled

from .conftest import drawn_task, new_task


def test_each_object_gets_two_inspectors_of_the_department(insp):
    task = drawn_task(insp)
    for s in task.sampled.all():
        active = list(s.assignments.filter(recused=False))
        assert len(active) == 2 and {a.department_id for a in active} == {insp.market.pk}


def test_a_declared_conflict_keeps_the_inspector_away_from_that_object(insp):
    target = insp.enterprises[8]  # class D: always drawn at 100%
    for i in list(insp.inspectors.values())[:2]:
        services.declare_conflict(actor=insp.manager, inspector=i, object_code=target.uscc, kind="relative",
                                  note="配偶任该企业财务负责人", declared_on=dt.date(2026, 1, 5))
    task = drawn_task(insp)
    s = task.sampled.get(code=target.uscc)
    drawn = set(s.assignments.values_list("inspector__cert_no", flat=True))
    assert drawn.isdisjoint({i.cert_no for i in list(insp.inspectors.values())[:2]})


def test_rotation_the_next_task_does_not_send_last_times_inspectors(insp):
    first = drawn_task(insp, title="第一轮")
    target = first.sampled.get(code=insp.enterprises[8].uscc)
    last_time = set(target.assignments.values_list("inspector__cert_no", flat=True))
    insp.draw_at += dt.timedelta(days=10)
    second = drawn_task(insp, title="第二轮")
    again = second.sampled.get(code=insp.enterprises[8].uscc)
    assert set(again.assignments.values_list("inspector__cert_no", flat=True)).isdisjoint(last_time)


def test_a_recusal_is_recorded_and_the_replacement_follows_the_published_order(insp):
    task = drawn_task(insp)
    s = task.sampled.get(code=insp.enterprises[8].uscc)
    a = s.assignments.order_by("order").first()
    repl = services.recuse(actor=a.inspector.user, assignment=a, reason="曾在该企业任职（2019—2021年）")
    a.refresh_from_db()
    assert a.recused and a.recusal_reason.startswith("曾在该企业任职") and repl.replaces == a
    pool = [i.cert_no for i in insp.inspectors.values() if i.department_id == insp.market.pk]
    order = core.inspector_order("SM3", task.draw.seed, s.code, pool)
    used = [x.inspector.cert_no for x in s.assignments.order_by("order")]
    assert repl.inspector.cert_no == next(c for c in order if c not in used[:2])
    assert s.assignments.filter(recused=False).count() == 2


def test_a_recusal_without_a_replacement_left_is_refused_and_nothing_changes(insp):
    task = drawn_task(insp)
    s = task.sampled.get(code=insp.enterprises[8].uscc)
    for _ in range(3):  # five inspectors: two drawn, three replacements
        services.recuse(actor=insp.manager, assignment=s.assignments.filter(recused=False).first(), reason="回避")
    with pytest.raises(DomainError, match="已无可替补"):
        services.recuse(actor=insp.manager, assignment=s.assignments.filter(recused=False).first(), reason="回避")
    assert s.assignments.filter(recused=False).count() == 2


def test_a_joint_task_draws_objects_once_and_each_department_its_own_inspectors(insp):
    task = drawn_task(insp, plan=insp.joint_plan, items=[insp.item, insp.health_item], title="餐饮单位联合抽查")
    s = task.sampled.get(code=insp.enterprises[8].uscc)
    by_dep = {}
    for a in s.assignments.filter(recused=False):
        by_dep.setdefault(a.department_id, []).append(a)
    assert {k: len(v) for k, v in by_dep.items()} == {insp.market.pk: 2, insp.health.pk: 2}
    services.schedule_visit(actor=insp.manager, sampled=s, visit_on=dt.date(2026, 12, 10))
    s.refresh_from_db()
    assert "2026年12月10日" in s.notice and "进一次门、查多项事" in s.notice
    assert insp.item.name in s.notice and insp.health_item.name in s.notice
    assert "区卫生健康委员会" in s.notice and "区市场监督管理局" in s.notice
    assert Sampled.objects.filter(code=s.code).count() == 1  # one object row, one visit, one notice


def test_a_visit_outside_the_task_period_is_refused(insp):
    task = drawn_task(insp)
    with pytest.raises(DomainError, match="检查期内"):
        services.schedule_visit(actor=insp.manager, sampled=task.sampled.first(), visit_on=dt.date(2027, 1, 5))


@override_settings(YIWANG_INSPECTIONS_MAX_DRAWS_PER_YEAR=1)
def test_the_yearly_cap_keeps_an_object_drawn_already_out_of_the_next_snapshot(insp):
    first = drawn_task(insp, title="第一轮")
    drawn = set(first.sampled.values_list("code", flat=True))
    insp.draw_at += dt.timedelta(days=5)
    second = new_task(insp, title="第二轮")
    services.announce_task(actor=insp.manager, task=second, today=dt.date(2026, 12, 7))
    second.refresh_from_db()
    snap = {r.code for r in core.parse_snapshot(second.snapshot.encode())}
    assert snap.isdisjoint(drawn) and len(snap) == 40 - len(drawn)
    assert all("上限1次" in why for why in second.exclusions.values())


def test_objects_inspected_recently_are_skipped(insp):
    first = drawn_task(insp, title="第一轮")
    s = first.sampled.get(code=insp.enterprises[8].uscc)
    Sampled.objects.filter(pk=s.pk).update(inspected_on=dt.date(2026, 12, 4))
    insp.draw_at += dt.timedelta(days=5)
    second = new_task(insp, title="第二轮")
    services.announce_task(actor=insp.manager, task=second, today=dt.date(2026, 12, 7))
    second.refresh_from_db()
    assert s.code not in second.snapshot and "近期已检查" in second.exclusions[s.code]
