"""Every change of a demand: one function per action, in a transaction, version-checked, audited, with a
timeline event (public or internal) and the notifications. Pages, the API, Open311, tasks all call these."""
from __future__ import annotations

import hashlib
from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.enterprises import access as ent_access
from yiwang.enterprises.models import Enterprise, VisitProblem
from yiwang.org.models import Department, Role, StaffRole, User
from yiwang.org.scoping import scope_of

from . import conf
from .domain import lifecycle as lc
from .models import Assignment, Attachment, Category, Channel, Demand, DepartmentGrade, Event, JointMeeting

STAFF_CHANNELS = {Channel.HOTLINE, Channel.FORUM, Channel.WALK_IN, Channel.API}


# ---- helpers -------------------------------------------------------------------------------------------------------
def _calendar():
    from yiwang.workdays.services import get_calendar

    return get_calendar()


def _today(today: date | None = None) -> date:
    return today or timezone.localdate()


def _audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def _notify(users, *, event: str, subject: str, body: str, link: str, ref: str):
    from yiwang.notify.services import enqueue

    seen = set()
    for u in users:
        if u is None or u.pk in seen:
            continue
        seen.add(u.pk)
        enqueue(event=event, subject=subject, body=body, user=u, link=link, ref=ref)


def _enterprise_users(d: Demand) -> list:
    if not d.enterprise_id or not d.enterprise.applicant_id:
        return [d.submitted_by] if d.submitted_by and d.channel == Channel.ONLINE else []
    applicant = d.enterprise.applicant
    return [applicant.user, *applicant.agents.all()]


def _handlers(department_id) -> list:
    return list(User.objects.filter(staff_roles__role=Role.DEMAND_HANDLER,
                                    staff_roles__department_id=department_id).distinct())


def _centre_staff() -> list:
    return list(User.objects.filter(staff_roles__role=Role.SERVICE_CENTRE).distinct())


from .access import is_centre  # noqa: E402  (one predicate for the pages, the navigation and the services)


def _require_centre(user):
    if not is_centre(user):
        raise DomainError("只有企业服务中心人员可以执行此操作", field="demand", code="forbidden")


def handles(user, department_id) -> bool:
    return StaffRole.objects.filter(user=user, role=Role.DEMAND_HANDLER, department_id=department_id).exists()


def _lock(demand: Demand, expected_version) -> Demand:
    d = Demand.objects.select_for_update(of=("self",)).select_related("enterprise", "category").get(pk=demand.pk)
    if expected_version not in (None, "") and int(expected_version) != d.version:
        raise Conflict(f"诉求已被他人处理（当前版本{d.version}），请刷新后重试", field="version",
                       extra={"current_version": d.version})
    return d


def _move(d: Demand, action: str) -> str:
    try:
        return lc.next_status(action, d.status)
    except lc.TransitionRefused as exc:
        raise Conflict(str(exc), field="status") from None


def _event(d: Demand, *, actor, action: str, summary: str, detail: str = "", public: bool = True,
           department=None) -> Event:
    return Event.objects.create(demand=d, action=action, summary=summary[:300], detail=detail, public=public,
                                department=department, actor=actor if getattr(actor, "pk", None) else None,
                                at=timezone.now())


def _save(d: Demand, *, actor, action: str, before: dict, data: dict | None = None):
    d.version += 1
    d.save()
    _audit(actor=actor, action=f"demands.{action}", target=d, before=before,
           after={"status": d.status, "version": d.version}, data=data)


def _link(d: Demand) -> str:
    return f"/demands/{d.pk}/"


# ---- attachments ---------------------------------------------------------------------------------------------------
_SIGNATURES = {
    ".pdf": (b"%PDF",), ".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".doc": (b"\xd0\xcf\x11\xe0",), ".xls": (b"\xd0\xcf\x11\xe0",),
}
_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          ".doc": "application/msword", ".xls": "application/vnd.ms-excel"}


def check_attachment(name: str, data: bytes) -> str:
    """The content type of an acceptable attachment; a Chinese error when it is not what its name says."""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in _SIGNATURES:
        raise DomainError(f"附件“{name}”的类型不支持（可上传PDF、图片、Word、Excel）", field="attachments")
    if len(data) > conf.attachment_max_bytes():
        raise DomainError(f"附件“{name}”超过{conf.attachment_max_bytes() // 1024 // 1024}MB", field="attachments")
    if not any(data.startswith(sig) for sig in _SIGNATURES[ext]):
        raise DomainError(f"附件“{name}”的内容与其扩展名不符，请上传真实的{ext[1:].upper()}文件",
                          field="attachments")
    return _TYPES[ext]


# ---- intake --------------------------------------------------------------------------------------------------------
@transaction.atomic
def submit(*, actor, channel: str, category, title: str, description: str, enterprise: Enterprise | None = None,
           person_name: str = "", person_phone: str = "", attachments: list[tuple[str, bytes]] | None = None,
           visit_problem: VisitProblem | None = None, external_id: str = "") -> Demand:
    """A demand comes in: online from the enterprise's agent, by a commissioner from a visit, or entered by the
    centre's staff from the 12345 hotline, a 政企座谈会 or a walk-in (or an external system through Open311)."""
    if channel not in Channel.values:
        raise DomainError("诉求渠道无效", field="channel")
    if channel == Channel.ONLINE:
        if enterprise is None or not ent_access.is_agent(actor, enterprise):
            raise DomainError("网上诉求须由企业经办人在企业专属网页提交", field="enterprise", code="forbidden")
    elif channel == Channel.VISIT:
        if enterprise is None or not ent_access.is_commissioner_of(actor, enterprise):
            raise DomainError("走访诉求须由该企业的服务专员提交", field="enterprise", code="forbidden")
    elif not is_centre(actor):
        raise DomainError("热线、座谈会和现场诉求由企业服务中心人员登记", field="channel", code="forbidden")
    if not isinstance(category, Category):
        category = Category.objects.filter(code=str(category or "").strip(), is_active=True).first() if category \
            else None
    if category is None:
        raise DomainError("请选择诉求分类", field="category")
    title, description = " ".join(str(title or "").split()), str(description or "").strip()
    if not title:
        raise DomainError("请填写诉求标题", field="title")
    if len(title) > 100:
        raise DomainError("诉求标题不超过100字", field="title")
    if not description:
        raise DomainError("请填写诉求内容", field="description")
    if enterprise is None and not str(person_name or "").strip():
        raise DomainError("请选择企业，或填写诉求人姓名", field="enterprise")
    checked = [(n, data, check_attachment(n, data)) for n, data in (attachments or [])]
    if visit_problem is not None and Demand.objects.filter(visit_problem=visit_problem).exists():
        raise Conflict("该问题已转为诉求", field="visit_problem")
    now = timezone.now()
    d = Demand.objects.create(
        number=f"tmp-{now:%H%M%S%f}", channel=channel, enterprise=enterprise, person_name=person_name.strip()[:50],
        person_phone=str(person_phone or "").strip()[:20], category=category, title=title, description=description,
        submitted_by=actor if getattr(actor, "pk", None) else None, submitted_at=now, submitted_on=_today(),
        visit_problem=visit_problem, external_id=str(external_id or "")[:60])
    d.number = f"SQ{d.submitted_on:%Y%m%d}{d.pk:06d}"
    d.save(update_fields=["number"])
    for name, data, ctype in checked:
        a = Attachment(demand=d, name=name[:200], content_type=ctype, size=len(data),
                       sha256=hashlib.sha256(data).hexdigest(), uploaded_by=d.submitted_by)
        a.file.save(f"{a.sha256[:16]}-{name[-60:]}", ContentFile(data), save=True)
    _event(d, actor=actor, action="submit", summary=f"通过{Channel(channel).label}提出诉求")
    _audit(actor=actor, action="demands.submit", target=d, after={"number": d.number, "channel": channel,
                                                                   "category": category.code,
                                                                   "enterprise": d.enterprise_id})
    _notify(_centre_staff(), event="demands.submitted", subject=f"新诉求待受理：{d.number}", body=d.title,
            link=_link(d), ref=d.number)
    return d


@transaction.atomic
def accept(demand: Demand, *, actor, expected_version=None, today: date | None = None) -> Demand:
    _require_centre(actor)
    d = _lock(demand, expected_version)
    before = {"status": d.status}
    d.status = _move(d, "accept")
    today = _today(today)
    d.accepted_on = today
    d.due_on = _calendar().add_working_days(today, d.category.time_limit_days)
    _event(d, actor=actor, action="accept", summary=f"已受理，办理时限{d.category.time_limit_days}个工作日"
                                                    f"（{d.due_on:%Y年%m月%d日}前）")
    _save(d, actor=actor, action="accept", before=before)
    _notify(_enterprise_users(d), event="demands.accepted", subject=f"您的诉求已受理：{d.number}",
            body=f"预计{d.due_on:%Y年%m月%d日}前答复。", link=_link(d), ref=d.number)
    return d


@transaction.atomic
def decline(demand: Demand, *, actor, reason: str, expected_version=None) -> Demand:
    _require_centre(actor)
    d = _lock(demand, expected_version)
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError("不予受理须写明理由，告知企业", field="reason")
    before = {"status": d.status}
    d.status = _move(d, "decline")
    d.decline_reason = reason
    d.closed_on = _today()
    _event(d, actor=actor, action="decline", summary="不予受理", detail=reason)
    _save(d, actor=actor, action="decline", before=before, data={"reason": reason})
    _notify(_enterprise_users(d), event="demands.declined", subject=f"您的诉求不予受理：{d.number}", body=reason,
            link=_link(d), ref=d.number)
    return d


# ---- 吹哨: dispatch ----------------------------------------------------------------------------------------------------
def _department(value, field: str) -> Department:
    dep = value if isinstance(value, Department) else Department.objects.filter(pk=value or 0, is_active=True).first()
    if dep is None:
        raise DomainError("请选择部门", field=field)
    return dep


@transaction.atomic
def dispatch(demand: Demand, *, actor, lead, lead_task: str, co: list[tuple] | None = None, expected_version=None,
             today: date | None = None) -> Demand:
    """吹哨: one lead department and any co-departments, each told what it must do. A redispatch (after 不满意 or
    提级) starts a new round; the earlier round's assignments are kept, superseded."""
    _require_centre(actor)
    d = _lock(demand, expected_version)
    before = {"status": d.status, "round": d.round}
    d.status = _move(d, "dispatch")
    lead = _department(lead, "lead")
    lead_task = str(lead_task or "").strip()
    if not lead_task:
        raise DomainError("请写明牵头部门的办理要求", field="lead_task")
    cos = []
    for i, (dep, task) in enumerate(co or []):
        dep = _department(dep, "co")
        if dep.pk == lead.pk or dep.pk in {c[0].pk for c in cos}:
            raise DomainError(f"协办部门“{dep.name}”重复或与牵头部门相同", field="co")
        task = str(task or "").strip()
        if not task:
            raise DomainError(f"请写明协办部门“{dep.name}”的办理要求", field="co")
        cos.append((dep, task))
    today = _today(today)
    cal = _calendar()
    if d.accepted_on is None:
        d.accepted_on = today
    Assignment.objects.filter(demand=d).exclude(status=lc.A_SUPERSEDED).update(status=lc.A_SUPERSEDED)
    d.round += 1
    ack_due = cal.add_working_days(today, conf.ack_days())
    reply_due = max(d.due_on or today, cal.add_working_days(today, max(conf.ack_days() + 1, 2)))
    if d.round > 1:  # a new round gets the category's time again
        reply_due = cal.add_working_days(today, d.category.time_limit_days)
        d.due_on = reply_due
    rows = [(lead, Assignment.Role.LEAD, lead_task)] + [(dep, Assignment.Role.CO, t) for dep, t in cos]
    for dep, role, task in rows:
        Assignment.objects.create(demand=d, department=dep, role=role, round=d.round, task=task,
                                  dispatched_on=today, ack_due=ack_due, reply_due=reply_due)
    d.lead_department = lead
    names = "、".join(dep.name for dep, _ in cos)
    _event(d, actor=actor, action="dispatch",
           summary=f"已派单：牵头部门{lead.name}" + (f"，协办部门{names}" if names else ""))
    _save(d, actor=actor, action="dispatch", before=before,
          data={"round": d.round, "lead": lead.pk, "co": [dep.pk for dep, _ in cos]})
    for dep, role, task in rows:
        _notify(_handlers(dep.pk), event="demands.dispatched",
                subject=f"诉求派单（{'牵头' if role == 'lead' else '协办'}）：{d.number}",
                body=f"{task}（请于{ack_due:%Y年%m月%d日}前报到）", link=_link(d), ref=d.number)
    return d


def _lock_assignment(assignment: Assignment, actor) -> tuple[Assignment, Demand]:
    a = Assignment.objects.select_for_update(of=("self",)).select_related("department").get(pk=assignment.pk)
    if not handles(actor, a.department_id):
        raise DomainError(f"只有{a.department.name}的诉求办理人员可以办理此派单", field="assignment", code="forbidden")
    if a.status == lc.A_SUPERSEDED:
        raise Conflict("该派单已因重新派单而结束", field="assignment")
    d = Demand.objects.select_for_update(of=("self",)).select_related("enterprise", "category").get(pk=a.demand_id)
    return a, d


@transaction.atomic
def acknowledge(assignment: Assignment, *, actor, today: date | None = None) -> Assignment:
    """报到: the department confirms it has the demand and is working on it."""
    a, d = _lock_assignment(assignment, actor)
    if a.status != lc.A_DISPATCHED:
        raise Conflict("该派单已报到", field="assignment")
    today = _today(today)
    a.status, a.acknowledged_on, a.acknowledged_by = lc.A_ACKNOWLEDGED, today, actor
    a.save()
    late = today > a.ack_due
    _event(d, actor=actor, action="acknowledge", department=a.department,
           summary=f"{a.department.name}已报到" + ("（逾期）" if late else ""))
    d.version += 1
    d.save(update_fields=["version"])
    _audit(actor=actor, action="demands.acknowledge", target=d, after={"assignment": a.pk, "late": late})
    return a


@transaction.atomic
def reply(assignment: Assignment, *, actor, text: str, internal_note: str = "", today: date | None = None) -> Assignment:
    """A co-department replies to the lead; the lead (once every co-department has replied) replies to the centre."""
    a, d = _lock_assignment(assignment, actor)
    if a.status == lc.A_DISPATCHED:
        raise Conflict("请先报到，再答复", field="assignment")
    if a.status == lc.A_REPLIED:
        raise Conflict("该派单已答复", field="assignment")
    text = str(text or "").strip()
    if not text:
        raise DomainError("请填写办理情况和答复意见", field="text")
    today = _today(today)
    if a.role == Assignment.Role.LEAD:
        waiting = Assignment.objects.filter(demand=d, round=a.round, role=Assignment.Role.CO).exclude(
            status=lc.A_REPLIED)
        if waiting.exists():
            names = "、".join(w.department.name for w in waiting.select_related("department"))
            raise Conflict(f"协办部门尚未答复：{names}", field="assignment")
        before = {"status": d.status}
        d.status = _move(d, "lead_reply")
    a.status, a.replied_on, a.replied_by, a.reply = lc.A_REPLIED, today, actor, text
    a.internal_note = str(internal_note or "").strip()
    a.save()
    late = today > a.reply_due
    if a.role == Assignment.Role.LEAD:
        _event(d, actor=actor, action="lead_reply", department=a.department,
               summary=f"牵头部门{a.department.name}已答复，待中心审核" + ("（逾期）" if late else ""))
        _save(d, actor=actor, action="lead_reply", before=before, data={"assignment": a.pk, "late": late})
        _notify(_centre_staff(), event="demands.replied", subject=f"诉求待审核：{d.number}",
                body=f"{a.department.name}已答复", link=_link(d), ref=d.number)
    else:
        _event(d, actor=actor, action="co_reply", department=a.department, public=False,
               summary=f"协办部门{a.department.name}已答复牵头部门", detail=text)
        d.version += 1
        d.save(update_fields=["version"])
        _audit(actor=actor, action="demands.co_reply", target=d, after={"assignment": a.pk, "late": late})
    if a.internal_note:
        _event(d, actor=actor, action="note", department=a.department, public=False,
               summary=f"{a.department.name}内部意见", detail=a.internal_note)
    return a


# ---- the centre reviews, the enterprise evaluates ----------------------------------------------------------------------
def _lead_assignment(d: Demand) -> Assignment:
    return Assignment.objects.select_for_update().get(demand=d, round=d.round, role=Assignment.Role.LEAD)


@transaction.atomic
def send_back(demand: Demand, *, actor, reason: str, expected_version=None) -> Demand:
    _require_centre(actor)
    d = _lock(demand, expected_version)
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError("退回须写明理由", field="reason")
    before = {"status": d.status}
    d.status = _move(d, "send_back")
    a = _lead_assignment(d)
    a.status, a.sent_back_count = lc.A_ACKNOWLEDGED, a.sent_back_count + 1
    a.save(update_fields=["status", "sent_back_count"])
    _event(d, actor=actor, action="send_back", public=False, department=a.department,
           summary=f"中心退回{a.department.name}重新办理", detail=reason)
    _save(d, actor=actor, action="send_back", before=before, data={"reason": reason})
    _notify(_handlers(a.department_id), event="demands.sent_back", subject=f"诉求被退回：{d.number}", body=reason,
            link=_link(d), ref=d.number)
    return d


@transaction.atomic
def pass_reply(demand: Demand, *, actor, answer: str = "", expected_version=None, today: date | None = None) -> Demand:
    """The centre passes the lead's reply (or its own wording of it) to the enterprise; the evaluation period runs."""
    _require_centre(actor)
    d = _lock(demand, expected_version)
    before = {"status": d.status}
    d.status = _move(d, "pass")
    a = _lead_assignment(d)
    d.answer = str(answer or "").strip() or a.reply
    today = _today(today)
    d.answered_on = today
    d.evaluation_due = _calendar().add_working_days(today, conf.evaluation_days())
    d.evaluation = ""
    _event(d, actor=actor, action="pass", summary="已答复企业，请评价", detail=d.answer)
    _save(d, actor=actor, action="pass", before=before)
    _notify(_enterprise_users(d), event="demands.answered", subject=f"您的诉求已答复：{d.number}",
            body=f"{d.answer}\n请于{d.evaluation_due:%Y年%m月%d日}前评价。", link=_link(d), ref=d.number)
    return d


def may_evaluate(user, d: Demand) -> bool:
    if d.enterprise_id:
        return ent_access.is_agent(user, d.enterprise)
    return is_centre(user)  # a person's demand (hotline): the centre records the evaluation given by phone


@transaction.atomic
def evaluate(demand: Demand, *, actor, evaluation: str, comment: str = "", expected_version=None,
             today: date | None = None) -> Demand:
    d = _lock(demand, expected_version)
    if not may_evaluate(actor, d):
        raise DomainError("只有提出诉求的企业可以评价", field="evaluation", code="forbidden")
    try:
        action = lc.after_evaluation(evaluation, d.reopen_count, conf.max_reopens())
    except lc.TransitionRefused as exc:
        raise DomainError(str(exc), field="evaluation") from None
    comment = str(comment or "").strip()
    if evaluation == lc.UNSATISFIED and not comment:
        raise DomainError("不满意时请说明原因，以便重新办理", field="comment")
    before = {"status": d.status, "evaluation": d.evaluation}
    d.status = _move(d, action)
    d.evaluation, d.evaluation_comment = evaluation, comment
    label = lc.EVALUATION_LABELS[evaluation]
    if action == "evaluate_reopened":
        d.reopen_count += 1
        _event(d, actor=actor, action="reopen", summary=f"企业评价：{label}，重新办理（第{d.reopen_count}次）",
               detail=comment)
        _notify(_centre_staff(), event="demands.reopened", subject=f"诉求不满意重办：{d.number}", body=comment,
                link=_link(d), ref=d.number)
    else:
        d.closed_on = _today(today)
        _event(d, actor=actor, action="close", summary=f"企业评价：{label}，已办结", detail=comment)
    _save(d, actor=actor, action="evaluate", before=before, data={"evaluation": evaluation, "comment": comment})
    return d


@transaction.atomic
def escalate(demand: Demand, *, actor, leader, reason: str, expected_version=None) -> Demand:
    """提级: a reopened demand goes up to a leader, who has the centre redispatch it."""
    _require_centre(actor)
    d = _lock(demand, expected_version)
    if leader is None or not StaffRole.objects.filter(user=leader, role__in=[Role.UNIT_LEADER, Role.SERVICE_CENTRE]
                                                      ).exists():
        raise DomainError("请选择提级办理的领导（单位负责人或中心负责人）", field="leader")
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError("请写明提级理由", field="reason")
    before = {"status": d.status}
    d.status = _move(d, "escalate")
    d.escalated_to = leader
    _event(d, actor=actor, action="escalate", summary=f"已提级至{leader}办理", detail=reason)
    _save(d, actor=actor, action="escalate", before=before, data={"leader": leader.pk, "reason": reason})
    _notify([leader], event="demands.escalated", subject=f"提级办理诉求：{d.number}", body=reason, link=_link(d),
            ref=d.number)
    return d


@transaction.atomic
def auto_close(today: date | None = None) -> int:
    """Answered demands whose evaluation period is over close by themselves (no evaluation recorded)."""
    today = _today(today)
    n = 0
    for d in Demand.objects.select_for_update().filter(status=lc.ANSWERED, evaluation_due__lt=today):
        before = {"status": d.status}
        d.status = _move(d, "auto_close")
        d.auto_closed, d.closed_on = True, today
        _event(d, actor=None, action="auto_close", summary="评价期满未评价，自动办结")
        _save(d, actor=None, action="auto_close", before=before)
        n += 1
    return n


# ---- the centre's powers: 召集, 督办 (supervision orders), 评价, 考核 --------------------------------------------------------
@transaction.atomic
def grade_department(demand: Demand, *, actor, department, grade, comment: str = "") -> DepartmentGrade:
    """评价: grade one department's handling of a demand (1–5); the grades feed the department ranking (考核)."""
    _require_centre(actor)
    dep = _department(department, "department")
    if not Assignment.objects.filter(demand=demand, department=dep).exists():
        raise DomainError(f"{dep.name}未参与办理此诉求", field="department")
    try:
        grade = int(grade)
    except (TypeError, ValueError):
        grade = 0
    if not 1 <= grade <= 5:
        raise DomainError("评分应为1至5", field="grade")
    g, _ = DepartmentGrade.objects.update_or_create(
        demand=demand, department=dep,
        defaults={"grade": grade, "comment": str(comment or "")[:300], "graded_by": actor, "graded_on": _today()})
    _event(demand, actor=actor, action="grade", public=False, department=dep,
           summary=f"中心评价{dep.name}的办理：{grade}分", detail=comment)
    _audit(actor=actor, action="demands.grade", target=demand, after={"department": dep.pk, "grade": grade})
    return g


@transaction.atomic
def convene(*, actor, topic: str, held_on, departments, demands=(), minutes: str = "", place: str = "") -> JointMeeting:
    """召集: a joint meeting with the departments called, recorded against the demands it was about."""
    _require_centre(actor)
    topic = str(topic or "").strip()
    if not topic:
        raise DomainError("请填写会议议题", field="topic")
    deps = [_department(d, "departments") for d in departments]
    if not deps:
        raise DomainError("请选择召集的部门", field="departments")
    from yiwang.enterprises.services import _date

    held_on = _date(held_on, "held_on", "会议日期") or _today()
    m = JointMeeting.objects.create(topic=topic, held_on=held_on, place=str(place or "")[:100],
                                    minutes=str(minutes or ""), convened_by=actor)
    m.departments.set(deps)
    m.demands.set(list(demands))
    for d in demands:
        _event(d, actor=actor, action="convene", summary=f"中心召集联席会议：{topic}",
               detail="参会部门：" + "、".join(x.name for x in deps))
    _audit(actor=actor, action="demands.convene", target=m,
           after={"topic": topic, "departments": [x.pk for x in deps], "demands": [d.pk for d in demands]})
    for dep in deps:
        _notify(_handlers(dep.pk), event="demands.convene", subject=f"联席会议通知：{topic}",
                body=f"{held_on:%Y年%m月%d日} {m.place}", link="/demands/", ref=f"meeting-{m.pk}")
    return m


@transaction.atomic
def from_visit_problem(problem: VisitProblem, *, actor, category, title: str = "") -> Demand:
    """A problem found on a visit becomes a demand in one click (channel 走访, raised by the commissioner)."""
    visit = problem.visit
    if visit.commissioner_id != getattr(actor, "pk", None):
        raise DomainError("只有记录该走访的服务专员可以转为诉求", field="visit_problem", code="forbidden")
    return submit(actor=actor, channel=Channel.VISIT, category=category,
                  title=title or problem.description[:40], enterprise=visit.enterprise,
                  description=f"{problem.description}\n（{visit.visited_on:%Y年%m月%d日}走访发现，接待人员：{visit.people_met}）",
                  visit_problem=problem)
