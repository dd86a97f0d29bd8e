"""The closed loop: intake → accept → dispatch to a lead and a co-department → both 报到 and reply → the centre
passes it → 不满意 reopens → redispatch → closed and rated; escalation; auto-close; refusals."""
import datetime as dt

import pytest

from yiwang.api.errors import Conflict, DomainError
from yiwang.audit.models import AuditEvent
from yiwang.demands import conf, queries, services
from yiwang.demands.models import Assignment, Demand
from yiwang.notify.models import Message

pytestmark = pytest.mark.django_db


def _raise(org, **kw):
    return services.submit(actor=org.agent, channel="online", category="utilities", enterprise=org.enterprise,
                           title="新厂房用电增容", description="新厂房需要增容至2000千伏安，申请已提交两个月未有进展。", **kw)


def _to_answered(org, d):
    d = services.accept(d, actor=org.centre)
    d = services.dispatch(d, actor=org.centre, lead=org.market, lead_task="牵头协调供电公司，明确增容时间表",
                          co=[(org.power.pk, "核实新厂房项目备案情况")])
    lead = Assignment.objects.get(demand=d, round=d.round, role="lead")
    co = Assignment.objects.get(demand=d, round=d.round, role="co")
    services.acknowledge(lead, actor=org.market_handler)
    services.acknowledge(co, actor=org.power_handler)
    with pytest.raises(Conflict, match="协办部门尚未答复"):
        services.reply(lead, actor=org.market_handler, text="已协调")
    services.reply(co, actor=org.power_handler, text="项目已备案", internal_note="备案号内部可查")
    services.reply(lead, actor=org.market_handler, text="已协调供电公司，本月底前完成增容")
    d.refresh_from_db()
    assert d.status == "replied"
    return services.pass_reply(d, actor=org.centre)


def test_the_full_loop_with_reopening(org, loop):
    d = _raise(org)
    assert d.status == "submitted" and d.number.startswith("SQ")
    d = _to_answered(org, d)
    assert d.status == "answered" and "本月底前完成增容" in d.answer and d.evaluation_due
    with pytest.raises(DomainError, match="说明原因"):
        services.evaluate(d, actor=org.agent, evaluation="unsatisfied")
    d = services.evaluate(d, actor=org.agent, evaluation="unsatisfied", comment="增容时间仍未确定")
    assert (d.status, d.reopen_count) == ("reopened", 1)
    d = services.dispatch(d, actor=org.centre, lead=org.market, lead_task="请明确具体日期")
    assert d.round == 2
    assert set(Assignment.objects.filter(demand=d, round=1).values_list("status", flat=True)) == {"superseded"}
    a = Assignment.objects.get(demand=d, round=2)
    services.acknowledge(a, actor=org.market_handler)
    services.reply(a, actor=org.market_handler, text="供电公司确认12月20日完成增容")
    d = services.pass_reply(Demand.objects.get(pk=d.pk), actor=org.centre)
    d = services.evaluate(d, actor=org.agent, evaluation="satisfied", comment="感谢")
    assert d.status == "closed" and d.closed_on
    services.grade_department(d, actor=org.centre, department=org.market, grade=4, comment="第二轮及时")
    actions = list(AuditEvent.objects.filter(target_id=str(d.pk), action__startswith="demands.")
                   .values_list("action", flat=True))
    assert actions[:3] == ["demands.submit", "demands.accept", "demands.dispatch"] and "demands.grade" in actions
    # The enterprise sees the public timeline; departments' internal notes and co-replies are not in it.
    public = [e.summary for e in queries.timeline(d, internal=False)]
    assert any("牵头部门" in s for s in public) and not any("内部意见" in s for s in public)
    assert any("内部意见" in e.summary for e in queries.timeline(d, internal=True))
    assert Message.objects.filter(user=org.agent, event="demands.answered").count() == 2


def test_reopenings_are_bounded(org, loop, settings):
    settings.YIWANG_DEMANDS_MAX_REOPENS = 1
    d = _to_answered(org, _raise(org))
    d = services.evaluate(d, actor=org.agent, evaluation="unsatisfied", comment="不满意")
    d = services.dispatch(d, actor=org.centre, lead=org.market, lead_task="再办")
    a = Assignment.objects.get(demand=d, round=2)
    services.acknowledge(a, actor=org.market_handler)
    services.reply(a, actor=org.market_handler, text="再次答复")
    d = services.pass_reply(Demand.objects.get(pk=d.pk), actor=org.centre)
    d = services.evaluate(d, actor=org.agent, evaluation="unsatisfied", comment="仍不满意")
    assert (d.status, d.evaluation) == ("closed", "unsatisfied")


def test_escalation_to_a_leader_then_redispatch(org, loop):
    d = _to_answered(org, _raise(org))
    d = services.evaluate(d, actor=org.agent, evaluation="unsatisfied", comment="部门推诿")
    with pytest.raises(DomainError, match="领导"):
        services.escalate(d, actor=org.centre, leader=org.clerk, reason="推诿")
    d = services.escalate(d, actor=org.centre, leader=org.leader, reason="部门推诿，提请分管领导协调")
    assert d.status == "escalated" and d.escalated_to == org.leader
    assert Message.objects.filter(user=org.leader, event="demands.escalated").exists()
    d = services.dispatch(d, actor=org.centre, lead=org.power, lead_task="按领导批示牵头办理")
    assert d.status == "dispatched" and d.lead_department == org.power


def test_a_leader_of_a_department_without_the_demand_opens_the_demand_escalated_to_them(org, loop, client):
    from tests.factories import staff
    from yiwang.org.models import Role

    chief = staff("qyfw_leader", Role.UNIT_LEADER, department=org.health)  # a department the demand never reached
    d = _to_answered(org, _raise(org))
    d = services.evaluate(d, actor=org.agent, evaluation="unsatisfied", comment="部门推诿")
    assert not queries.visible_demands(chief).filter(pk=d.pk).exists()
    d = services.escalate(d, actor=org.centre, leader=chief, reason="涉及多部门统筹，提请分管领导协调")
    link = Message.objects.get(user=chief, event="demands.escalated").link
    client.force_login(chief)
    assert client.get(link).status_code == 200  # the message's link opens for them
    assert d.title in client.get("/demands/").content.decode()


def test_send_back_and_decline(org, loop):
    d = _to_answered(org, _raise(org))
    other = _raise(org)
    with pytest.raises(DomainError, match="理由"):
        services.decline(other, actor=org.centre, reason="")
    other = services.decline(other, actor=org.centre, reason="属于司法程序事项，请通过诉讼途径解决")
    assert other.status == "declined"
    assert Message.objects.filter(user=org.agent, event="demands.declined").exists()
    second = services.dispatch(services.accept(_raise(org), actor=org.centre), actor=org.centre, lead=org.market,
                               lead_task="办理")
    a = Assignment.objects.get(demand=second)
    services.acknowledge(a, actor=org.market_handler)
    services.reply(a, actor=org.market_handler, text="已办")
    second = services.send_back(Demand.objects.get(pk=second.pk), actor=org.centre, reason="答复未说明时间")
    assert second.status == "dispatched"
    a.refresh_from_db()
    assert a.status == "acknowledged" and a.sent_back_count == 1
    assert d.status == "answered"


def test_auto_close_after_the_evaluation_period(org, loop):
    d = _to_answered(org, _raise(org))
    assert services.auto_close(today=d.evaluation_due) == 0
    assert services.auto_close(today=d.evaluation_due + dt.timedelta(days=1)) == 1
    d.refresh_from_db()
    assert d.status == "closed" and d.auto_closed and d.evaluation == ""


def test_only_the_right_people_act(org, loop):
    d = _raise(org)
    with pytest.raises(DomainError, match="企业服务中心"):
        services.accept(d, actor=org.market_handler)
    d = services.dispatch(services.accept(d, actor=org.centre), actor=org.centre, lead=org.market, lead_task="办")
    a = Assignment.objects.get(demand=d)
    with pytest.raises(DomainError, match="区市场监督管理局的诉求办理人员"):
        services.acknowledge(a, actor=org.health_handler)
    with pytest.raises(Conflict, match="不能受理"):
        services.accept(d, actor=org.centre)
    with pytest.raises(Conflict, match="当前版本"):
        services.send_back(d, actor=org.centre, reason="x", expected_version=1)


@pytest.mark.parametrize("kw,field,message", [
    ({"category": ""}, "category", "请选择诉求分类"),
    ({"title": ""}, "title", "请填写诉求标题"),
    ({"attachments": [("营业执照.pdf", b"\x89PNG\r\n\x1a\nnot a pdf")]}, "attachments", "内容与其扩展名不符"),
    ({"attachments": [("脚本.exe", b"MZ")]}, "attachments", "类型不支持"),
])
def test_bad_input_is_refused_and_nothing_saved(org, loop, kw, field, message):
    data = {"actor": org.agent, "channel": "online", "category": "utilities", "enterprise": org.enterprise,
            "title": "用电", "description": "用电增容", **kw}
    with pytest.raises(DomainError) as err:
        services.submit(**data)
    assert err.value.field == field and message in err.value.message
    assert not Demand.objects.exists()


def test_a_real_pdf_attachment_is_kept_with_its_hash(org, loop):
    d = _raise(org, attachments=[("申请书.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")])
    a = d.attachments.get()
    assert a.content_type == "application/pdf" and len(a.sha256) == 64


def test_a_commissioner_turns_a_visit_problem_into_a_demand(org, loop):
    from yiwang.enterprises import care

    v = care.log_visit(org.enterprise, actor=org.commissioner, visited_on=dt.date.today(), people_met="王总",
                       summary="走访", problems=["招聘技术工人难"])
    p = v.problems.get()
    d = services.from_visit_problem(p, actor=org.commissioner, category="labour")
    assert d.channel == "visit" and d.enterprise == org.enterprise and "招聘技术工人难" in d.description
    with pytest.raises(Conflict):
        services.from_visit_problem(p, actor=org.commissioner, category="labour")


def test_limits_follow_the_category_over_the_working_day_calendar(org, loop):
    from yiwang.workdays.services import get_calendar

    d = services.accept(_raise(org), actor=org.centre, today=dt.date(2026, 9, 30))
    assert d.due_on == get_calendar().add_working_days(dt.date(2026, 9, 30), 10)
    assert d.due_on > dt.date(2026, 10, 14)  # the National Day holiday is skipped
    assert conf.ack_days() == 1


def test_department_grades_become_a_ranking_score(org, loop):
    from yiwang.demands.queries import department_scores

    d = _to_answered(org, _raise(org))
    services.grade_department(d, actor=org.centre, department=org.market, grade=5)
    services.grade_department(d, actor=org.centre, department=org.power, grade=2)
    with pytest.raises(DomainError, match="未参与办理"):
        services.grade_department(d, actor=org.centre, department=org.health, grade=3)
    today = dt.date.today()
    scores = department_scores(today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert scores == {org.market.pk: 1.0, org.power.pk: 0.25}
