"""Results are entered by the drawn inspectors only (谁检查、谁录入), one visit date per object; publication writes
the inspection credit records; late entry and late publication raise warnings on the supervision board; a problem
leads to a rectification order or a hand-over; a penalty becomes a credit record."""
import datetime as dt

import pytest
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.credit.models import Record, Subject
from yiwang.inspections import queries, services
from yiwang.inspections.models import Result, Task
from yiwang.supervision import board
from yiwang.supervision.access import SupervisionScope

from tests.factories import staff
from yiwang.org.models import Role

from .conftest import drawn_task

D = dt.date


def _target(insp, task):
    return task.sampled.get(code=insp.enterprises[8].uscc)


def _drawn_user(s, department=None):
    a = s.assignments.filter(recused=False)
    if department is not None:
        a = a.filter(department=department)
    return a.first().inspector.user


def test_only_a_drawn_inspector_enters_results(insp):
    task = drawn_task(insp)
    s = _target(insp, task)
    drawn = set(s.assignments.values_list("inspector__user__username", flat=True))
    outsider = next(i.user for i in insp.inspectors.values()
                    if i.department_id == insp.market.pk and i.user.username not in drawn)
    with pytest.raises(DomainError, match="谁检查、谁录入"):
        services.enter_result(actor=outsider, sampled=s, item=insp.item, outcome="no_problem",
                              inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    with pytest.raises(DomainError, match="谁检查、谁录入"):
        services.enter_result(actor=insp.manager, sampled=s, item=insp.item, outcome="no_problem",
                              inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    assert not Result.objects.exists()
    services.enter_result(actor=_drawn_user(s), sampled=s, item=insp.item, outcome="no_problem",
                          inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    s.refresh_from_db()
    # 5 working days to enter, 20 to publish (the platform's calendar)
    assert s.entry_due == D(2026, 12, 17) and s.publish_due == D(2027, 1, 8)


def test_in_a_joint_task_each_department_enters_its_own_items_on_the_one_visit(insp):
    task = drawn_task(insp, plan=insp.joint_plan, items=[insp.item, insp.health_item], title="联合抽查")
    s = _target(insp, task)
    market_user, health_user = _drawn_user(s, insp.market), _drawn_user(s, insp.health)
    with pytest.raises(DomainError, match="区卫生健康委员会的检查人员录入"):
        services.enter_result(actor=market_user, sampled=s, item=insp.health_item, outcome="no_problem",
                              inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    services.enter_result(actor=market_user, sampled=s, item=insp.item, outcome="no_problem",
                          inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    with pytest.raises(DomainError, match="一次上门检查"):
        services.enter_result(actor=health_user, sampled=s, item=insp.health_item, outcome="no_problem",
                              inspected_on=D(2026, 12, 9), today=D(2026, 12, 10))


def test_a_problem_needs_a_rectification_deadline_or_a_hand_over(insp):
    task = drawn_task(insp)
    s = _target(insp, task)
    user = _drawn_user(s)
    with pytest.raises(DomainError, match="整改期限"):
        services.enter_result(actor=user, sampled=s, item=insp.item, outcome="rectified", detail="进货台账不全",
                              inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    with pytest.raises(DomainError, match="接收单位"):
        services.enter_result(actor=user, sampled=s, item=insp.item, outcome="violation", detail="销售过期食品",
                              follow_up="hand_over", inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    r = services.enter_result(actor=user, sampled=s, item=insp.item, outcome="rectified", detail="进货台账不全",
                              rectify_by=D(2026, 12, 24), inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    assert r.follow_up == "rectify"
    services.record_recheck(actor=user, result=r, recheck_on=D(2026, 12, 25), outcome="已整改到位")


def _enter_all(insp, task, day, today, outcome="no_problem"):
    for s in task.sampled.all():
        services.enter_result(actor=_drawn_user(s), sampled=s, item=insp.item, outcome=outcome,
                              detail="已查" if outcome != "no_problem" else "", inspected_on=day, today=today,
                              rectify_by=day + dt.timedelta(days=14) if outcome == "rectified" else None)


def test_publication_writes_inspection_credit_records_and_closes_the_task(insp):
    task = drawn_task(insp)
    _enter_all(insp, task, D(2026, 12, 10), D(2026, 12, 11))
    now = timezone.make_aware(dt.datetime(2026, 12, 14, 9, 0))
    assert services.publish(actor=insp.manager, task=task, now=now) == task.sampled.count()
    task.refresh_from_db()
    assert task.status == Task.Status.PUBLISHED
    rec = Record.objects.get(subject__enterprise=insp.enterprises[8], kind="inspection")
    assert rec.severity == "pass" and rec.department == insp.market and rec.source == "inspection"
    assert list(queries.published_results(task))


def test_late_entry_and_late_publication_raise_warnings_on_the_supervision_board(insp):
    task = drawn_task(insp)
    s = _target(insp, task)
    services.schedule_visit(actor=insp.manager, sampled=s, visit_on=D(2026, 12, 10))
    supervisor = staff("supervisor2", Role.SUPERVISOR)
    scope = SupervisionScope(supervisor)
    # nothing due yet the day after the visit
    assert not [r for r in board.extra_rows(scope, D(2026, 12, 11)) if r["source"] == "inspections"]
    rows = [r for r in board.extra_rows(scope, D(2026, 12, 18)) if r["source"] == "inspections"]
    assert [(r["level"], r["source_label"]) for r in rows if s.name in r["title"]] == [("red", "双随机抽查录入")]
    services.enter_result(actor=_drawn_user(s), sampled=s, item=insp.item, outcome="no_problem",
                          inspected_on=D(2026, 12, 10), today=D(2026, 12, 18))
    assert Result.objects.get(sampled=s).late_entry
    # published by 2027-01-08 (20 working days): yellow two working days before, red after
    yellow = [r for r in board.extra_rows(scope, D(2027, 1, 6)) if s.name in r["title"]]
    red = [r for r in board.extra_rows(scope, D(2027, 1, 11)) if s.name in r["title"]]
    assert [r["level"] for r in yellow] == ["yellow"] and [r["level"] for r in red] == ["red"]
    assert red[0]["source_label"] == "双随机结果公示" and red[0]["due_on"] == D(2027, 1, 8)
    # a department head of another department does not see it
    other = staff("wjw_leader", Role.UNIT_LEADER, department=insp.health)
    assert not [r for r in board.extra_rows(SupervisionScope(other), D(2027, 1, 11)) if s.name in r["title"]]


@pytest.fixture
def lists(insp):
    services.save_leniency_entry(actor=insp.manager, department=insp.market, code="SP-053",
                                 violation="食品经营者未按规定建立并遵守进货查验记录制度，初次违法且危害后果轻微并及时改正",
                                 basis="《中华人民共和国行政处罚法》第三十三条第一款；明市监规〔2023〕2号第5项")
    for circ, low, high in [("轻微", "警告", "罚款5000元"), ("一般", "罚款5000元", "罚款2万元")]:
        services.save_benchmark(actor=insp.manager, department=insp.market, code="SP-053", circumstance=circ,
                                violation="未按规定建立并遵守进货查验记录制度", low=low, high=high,
                                basis="《中华人民共和国食品安全法》第一百二十六条第一款第（三）项")
    return insp


def _violation(o, task, **facts):
    s = _target(o, task)
    r = services.enter_result(actor=_drawn_user(s), sampled=s, item=o.item, outcome="violation",
                              detail="进货查验记录缺失", follow_up="rectify", rectify_by=D(2026, 12, 20),
                              inspected_on=D(2026, 12, 10), today=D(2026, 12, 10))
    kw = {"code": "SP-053", "circumstance": "轻微", "minor": True, "corrected": True, "harmless": True, **facts}
    return services.record_violation(actor=_drawn_user(s), result=r, today=D(2026, 12, 10), **kw)


def test_a_first_minor_corrected_harmless_violation_on_the_list_is_proposed_not_penalised(lists):
    v = _violation(lists, drawn_task(lists))
    assert v.proposal == "no_penalty" and v.first_time and "第三十三条" in v.proposal_basis
    services.decide_violation(actor=lists.manager, violation=v, decision="no_penalty", decided_on=D(2026, 12, 11),
                              today=D(2026, 12, 11))
    assert not Record.objects.filter(kind="penalty").exists()


def test_overriding_the_proposal_needs_a_reason_and_a_penalty_becomes_a_credit_record(lists):
    v = _violation(lists, drawn_task(lists))
    with pytest.raises(DomainError, match="请说明理由"):
        services.decide_violation(actor=lists.manager, violation=v, decision="penalty",
                                  decision_number="明市监罚〔2026〕318号", penalty="警告")
    v.refresh_from_db()
    assert v.decision == "" and not Record.objects.filter(kind="penalty").exists()
    services.decide_violation(actor=lists.manager, violation=v, decision="penalty", reason="同日另有投诉举报核实",
                              decision_number="明市监罚〔2026〕318号", penalty="警告", decided_on=D(2026, 12, 11), today=D(2026, 12, 11))
    v.refresh_from_db()
    rec = Record.objects.get(pk=v.credit_record_id)
    assert rec.kind == "penalty" and rec.severity == "minor" and rec.decision_number == "明市监罚〔2026〕318号"
    subject = Subject.objects.get(enterprise=lists.enterprises[8])
    assert subject.records.filter(kind="penalty").exists()


def test_a_second_violation_or_a_harmful_one_gets_the_benchmark_range(lists):
    v = _violation(lists, drawn_task(lists), harmless=False, circumstance="一般")
    assert v.proposal == "benchmark" and any("罚款5000元至罚款2万元" in x for x in v.proposal_detail)
    assert any("造成了危害后果" in x for x in v.proposal_detail)
