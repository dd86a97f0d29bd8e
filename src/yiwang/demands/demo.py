"""Demo demands in every state of the loop (through the service functions), including one whose department has
not acknowledged in time — so the supervision board shows a demand warning — and one raised by commissioner02 on a
visit, dispatched to 人社局 and not yet acknowledged (work for rsj_demand and commissioner02). Idempotent (keyed by
title)."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from yiwang.enterprises import care
from yiwang.enterprises.models import Enterprise
from yiwang.org.models import Department, User

from . import services
from .models import Assignment, Demand

# (title, category, description, the state to take it to)
STORIES = [
    ("新厂房用电增容", "utilities", "新建厂房需要增容至2000千伏安，供电方案两个月未确定。", "closed"),
    ("高新技术企业认定咨询", "policy", "咨询今年高新技术企业认定的申报时间和研发费用归集口径。", "answered"),
    ("技术工人招聘难", "labour", "数控操作工缺口30人，希望对接职业院校定向培养。", "reopened"),
    ("扩建用地指标", "land", "计划扩建二期，需要约20亩工业用地指标。", "escalated"),
    ("知识产权质押融资", "finance", "希望以3项发明专利质押申请贷款500万元。", "replied"),
    ("商标被抢注维权", "ip", "公司主商标在外省被抢注，请求指导维权。", "dispatched"),
    ("排水许可办理进度", "approval", "排水许可申请已受理20天，想了解办理进度。", "overdue_ack"),
    ("员工子女入学咨询", "other", "引进人才子女入学政策咨询。", "accepted"),
    ("合同纠纷调解", "legal", "与供应商的货款纠纷，希望协调调解。", "declined"),
    ("燃气接入报装", "utilities", "新店燃气接入报装手续咨询。", "submitted"),
    ("人才公寓申请", "other", "申请人才公寓的条件和流程。", "auto_closed"),
]


def _handler(code):
    return User.objects.filter(staff_roles__role="demand_handler", staff_roles__department__code=code).first()


def load(actor) -> Counter:
    made = Counter()
    centre = User.objects.filter(username="qyfw").first()
    agent_ent = Enterprise.objects.filter(name="江澄星辰科技有限公司", applicant__isnull=False).select_related(
        "applicant").first()
    scj, fgw = Department.objects.filter(code="SCJ").first(), Department.objects.filter(code="FGW").first()
    if not (centre and agent_ent and scj and fgw and _handler("SCJ") and _handler("FGW")):
        return made
    agent = agent_ent.applicant.user or agent_ent.applicant.agents.first()
    if agent is None:
        return made
    today = timezone.localdate()
    for title, category, description, target in STORIES:
        if Demand.objects.filter(title=title, enterprise=agent_ent).exists():
            continue
        d = services.submit(actor=agent, channel="online", category=category, title=title, description=description,
                            enterprise=agent_ent)
        made["企业诉求"] += 1
        if target == "submitted":
            continue
        if target == "declined":
            services.decline(d, actor=centre, reason="属于民事合同纠纷，请通过人民调解委员会或诉讼途径解决；已告知调解渠道。")
            continue
        back = today - timedelta(days=10) if target in ("overdue_ack", "auto_closed") else today
        d = services.accept(d, actor=centre, today=back)
        if target == "accepted":
            continue
        co = [(fgw, "提供相关政策口径")] if target in ("closed", "reopened", "escalated") else []
        d = services.dispatch(d, actor=centre, lead=scj, lead_task="牵头研究并答复企业", co=co, today=back)
        if target in ("dispatched", "overdue_ack"):
            if target == "dispatched":
                services.acknowledge(Assignment.objects.get(demand=d, role="lead"), actor=_handler("SCJ"))
            continue
        for a in Assignment.objects.filter(demand=d, role="co"):
            services.acknowledge(a, actor=_handler("FGW"), today=back)
            services.reply(a, actor=_handler("FGW"), text="已提供政策口径和联系人。", today=back)
        lead = Assignment.objects.get(demand=d, role="lead")
        services.acknowledge(lead, actor=_handler("SCJ"), today=back)
        services.reply(lead, actor=_handler("SCJ"), text=f"关于“{title}”，已会同有关部门研究，办理意见如下：已明确办理路径和时间表。",
                       internal_note="已电话沟通企业联系人", today=back)
        if target == "replied":
            continue
        d = services.pass_reply(Demand.objects.get(pk=d.pk), actor=centre, today=back)
        if target == "answered":
            continue
        if target == "auto_closed":
            services.auto_close(today=today)
            continue
        if target == "closed":
            services.evaluate(d, actor=agent, evaluation="satisfied", comment="响应及时，问题已解决")
            services.grade_department(d, actor=centre, department=scj, grade=5, comment="协调有力")
            continue
        d = services.evaluate(d, actor=agent, evaluation="unsatisfied", comment="答复没有给出具体时间")
        if target == "escalated":
            leader = User.objects.filter(username="qyfw_leader").first()
            if leader:
                services.escalate(d, actor=centre, leader=leader, reason="涉及多部门用地统筹，提请分管领导协调")
    _visit_story(made, centre)
    # A visit with a problem not yet turned into a demand, for the commissioner's workbench.
    commissioner = User.objects.filter(username="commissioner01").first()
    if commissioner and not agent_ent.visits.exists() and care.current_commissioner(agent_ent) == commissioner:
        care.log_visit(agent_ent, actor=commissioner, visited_on=today, people_met="张伟（总经理）",
                       summary="了解企业研发投入和扩产计划，宣讲研发费用加计扣除政策。",
                       problems=["研发中心装修需要办理消防审验，希望指导流程"])
        made["走访记录"] += 1
    return made


# (title, category, description, lead department)
VISIT_STORY = ("高校毕业生就业见习基地申报", "labour",
               "计划吸纳10名高校毕业生参加就业见习，咨询见习基地申报条件和见习补贴标准。", "RSJ")


def _visit_story(made, centre):
    title, category, description, lead_code = VISIT_STORY
    commissioner = User.objects.filter(username="commissioner02").first()
    lead = Department.objects.filter(code=lead_code).first()
    if not (commissioner and lead and _handler(lead_code)) or Demand.objects.filter(title=title).exists():
        return
    from yiwang.enterprises.models import Assignment as Commission

    served = (Commission.objects.filter(commissioner=commissioner, ended_on__isnull=True)
              .select_related("enterprise").order_by("enterprise__name").first())
    if served is None:
        return
    d = services.submit(actor=commissioner, channel="visit", category=category, title=title,
                        description=description, enterprise=served.enterprise)
    d = services.accept(d, actor=centre)
    services.dispatch(d, actor=centre, lead=lead, lead_task="答复见习基地申报条件和补贴标准，指导企业申报")
    made["企业诉求"] += 1
