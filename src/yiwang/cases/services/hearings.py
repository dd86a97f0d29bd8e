"""听证 (行政许可法 arts. 46–48): the organ's own public hearing (art. 46), the notice of the right to a hearing and the
request (art. 47), scheduling with the 7-day notice, the host and recusal, and the signed record (art. 48). The
hearing's time is not counted in the limit (art. 45): a hearing that is requested or announced opens a suspension of
kind 听证, and the signed record closes it. Periods are working days (art. 82; decision 0008)."""
from __future__ import annotations

import re
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from yiwang.api.errors import Conflict, DomainError

from .. import conf
from ..domain import lifecycle as lc
from ..domain.ledger import LedgerError
from ..models import Case, Hearing, Suspension
from .common import (
    Forbidden, calendar, case_roles, check, commit, ledger_for, lock, refresh_deadline, require_text, snapshot,
    tell_applicant, today_or,
)

H = Hearing.Status
OPEN_STATUSES = frozenset({H.NOTIFIED, H.REQUESTED, H.ANNOUNCED, H.SCHEDULED})
RUNNING_STATUSES = frozenset({H.REQUESTED, H.ANNOUNCED, H.SCHEDULED})  # the clock is suspended


def request_days() -> int:
    """Art. 47: the applicant or an interested party asks for a hearing within 5 days of the notice of the right."""
    return int(conf._get("CASES_HEARING_REQUEST_DAYS", 5))


def hold_days() -> int:
    """Art. 47: the organ holds the hearing within 20 days of the request."""
    return int(conf._get("CASES_HEARING_HOLD_DAYS", 20))


def notice_days() -> int:
    """Art. 48 (1): the parties are told the time and place 7 days before the hearing."""
    return int(conf._get("CASES_HEARING_NOTICE_DAYS", 7))


def _conflict(case: Case, message: str) -> Conflict:
    return Conflict(message, extra={"state": case.state, "allowed_actions": []})


def current_hearing(case: Case) -> Hearing | None:
    return case.hearings.select_for_update().order_by("-id").first() if case.hearing_status else None


def _dept_role(roles: set[str]) -> str:
    for r in (lc.UNIT_LEADER, lc.SECTION_HEAD, lc.REVIEWER):
        if r in roles:
            return r
    return lc.CLERK if lc.CLERK in roles else lc.APPLICANT


def _open_suspension(case: Case, *, actor, reason: str, expected_days: int, today: date) -> Suspension:
    try:
        ledger_for(case).suspend(today, reason)
    except LedgerError as exc:
        raise _conflict(case, str(exc)) from None
    s = Suspension.objects.create(case=case, kind=Suspension.Kind.HEARING, reason=reason,
                                  expected_days=expected_days, started_on=today, started_by=actor)
    refresh_deadline(case, at=today)
    return s


def _parties(value) -> list[dict]:
    out = []
    for row in value or []:
        if isinstance(row, str):
            row = {"name": row}
        name = " ".join(str((row or {}).get("name", "")).split())
        if not name:
            raise DomainError("利害关系人须写明姓名或名称", field="interested_parties")
        out.append({"name": name[:200], "contact": str(row.get("contact", "")).strip()[:200]})
    return out


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def tell_parties(case: Case, hearing: Hearing, event: str, subject: str, body: str) -> dict:
    """Tell the interested parties (art. 47: the applicant *and* interested parties are told of the right; art. 48
    (1): both are told the time and place) through the contact they gave: a mobile number by SMS, an address by
    email. A party with neither is listed for notice in writing (送达), which the department records itself.
    Returns {"told": [{name, channel}], "in_writing": [names]} for the case event."""
    from yiwang.notify.services import enqueue

    told, in_writing = [], []
    for party in hearing.interested_parties or []:
        contact = "".join(str(party.get("contact", "")).split())
        if _MOBILE.match(contact):
            enqueue(event=f"case.{event}", subject=subject, body=body, phone=contact, channels=["sms"],
                    ref=case.number or f"case:{case.pk}")
            told.append({"name": party["name"], "channel": "sms"})
        elif _EMAIL.match(contact):
            enqueue(event=f"case.{event}", subject=subject, body=body, email=contact, channels=["email"],
                    ref=case.number or f"case:{case.pk}")
            told.append({"name": party["name"], "channel": "email"})
        else:
            in_writing.append(party["name"])
    return {"told": told, "in_writing": in_writing}


def _host_conflict(case: Case, hearing: Hearing, host) -> str:
    """Why `host` may not host (art. 48 (3): someone other than the staff who reviewed the application), or ''."""
    if host is None or getattr(host, "kind", "") != get_user_model().Kind.STAFF:
        return "听证主持人须为行政机关工作人员"
    if not host.staff_roles.filter(department_id=case.department_id).exists():
        return f"听证主持人须为{case.department.name}的工作人员"
    reviewers = set(case.steps.values_list("actor_id", flat=True)) | {case.accepted_by_id, hearing.notified_by_id}
    if host.pk in reviewers:
        return "听证主持人须由审查该行政许可申请的工作人员以外的人员担任"
    return ""


# ---- art. 47: the right to a hearing --------------------------------------------------------------------------------
def notify_hearing_right(case, *, actor, expected_version: int, matter: str, interested_parties=(),
                         today: date | None = None) -> Hearing:
    """告知听证权利: the licence directly affects significant interests of the applicant or others (art. 47); they may
    ask for a hearing within 5 days."""
    today = today_or(today)
    matter = require_text(matter, "matter", "请写明拟作出的许可事项及涉及的重大利益（听证事项）")
    parties = _parties(interested_parties)
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        check(case, lc.Action.NOTIFY_HEARING, roles)
        if case.hearing_status in OPEN_STATUSES:
            raise _conflict(case, "本办件已有未结束的听证程序")
        due = calendar().add_working_days(today, request_days())
        hearing = Hearing.objects.create(case=case, kind=Hearing.Kind.REQUESTED, status=H.NOTIFIED, matter=matter,
                                         interested_parties=parties, notified_on=today, notified_by=actor,
                                         request_due=due)
        case.hearing_status = hearing.status
        told = tell_parties(case, hearing, "hearing_right", f"听证权利告知：{case.number}",
                            f"{case.department.name}拟就{case.applicant.name}申请的“{case.item_version.name}”作出行政许可决定，"
                            f"该许可直接涉及您的重大利益（{matter}）。依照《中华人民共和国行政许可法》第四十七条，您有权要求"
                            f"听证；如要求听证，请于{due:%Y年%m月%d日}前向{case.department.name}提出（办件编号{case.number}）。")
        commit(case, action=lc.Action.NOTIFY_HEARING, actor=actor, role=_dept_role(roles), on=today, before=before,
               note=matter, data={"hearing": hearing.pk, "request_due": due, "parties": parties, **told})
        tell_applicant(case, "hearing_right", f"听证权利告知：{case.number}",
                       f"您申请的“{case.item_version.name}”直接涉及您（或他人）的重大利益（{matter}）。依照《中华人民共和国"
                       f"行政许可法》第四十七条，您有权要求听证；如要求听证，请于{due:%Y年%m月%d日}前提出。")
        return hearing


def request_hearing(case, *, actor, expected_version: int, requested_by: str = "", today: date | None = None) -> Hearing:
    """听证申请, within the 5 days: by the applicant (online or at the window), or an interested party's request
    recorded by the department. The organ holds the hearing within 20 days; the clock stops meanwhile."""
    today = today_or(today)
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        new_state = check(case, lc.Action.REQUEST_HEARING, roles)
        hearing = current_hearing(case)
        if hearing is None or hearing.status != H.NOTIFIED:
            raise _conflict(case, "本办件尚未告知听证权利，或听证已经申请")
        if today > hearing.request_due:
            raise _conflict(case, f"申请听证的期限已于{hearing.request_due:%Y年%m月%d日}届满（告知之日起"
                                  f"{request_days()}个工作日内提出）")
        names = [case.applicant.name] + [p["name"] for p in hearing.interested_parties]
        if lc.APPLICANT in roles or not (requested_by or "").strip():
            requested_by = case.applicant.name
        requested_by = " ".join(requested_by.split())
        if requested_by not in names:
            raise DomainError("只有申请人或已告知听证权利的利害关系人可以申请听证", field="requested_by")
        hearing.status, hearing.requested_on, hearing.requested_by = H.REQUESTED, today, requested_by
        hearing.hold_by = calendar().add_working_days(today, hold_days())
        hearing.suspension = _open_suspension(case, actor=actor, reason=f"依申请听证（{requested_by}）：{hearing.matter}",
                                              expected_days=hold_days(), today=today)
        hearing.version += 1
        hearing.save()
        case.state, case.hearing_status = new_state, hearing.status
        commit(case, action=lc.Action.REQUEST_HEARING, actor=actor, role=_dept_role(roles), on=today, before=before,
               note=requested_by, data={"hearing": hearing.pk, "hold_by": hearing.hold_by})
        tell_applicant(case, "hearing_requested", f"听证申请已收到：{case.number}",
                       f"已收到{requested_by}的听证申请，将于{hearing.hold_by:%Y年%m月%d日}前组织听证，并在举行七日前通知"
                       "时间、地点。听证所需时间不计入办理期限。")
        return hearing


# ---- art. 46: the organ's own public hearing ------------------------------------------------------------------------
def announce_hearing(case, *, actor, expected_version: int, matter: str, expected_days: int,
                     today: date | None = None) -> Hearing:
    """向社会公告并举行听证: a matter of significant public interest the organ names (art. 46). The clock stops."""
    today = today_or(today)
    matter = require_text(matter, "matter", "请写明涉及公共利益的听证事项")
    if not isinstance(expected_days, int) or expected_days < 1:
        raise DomainError("请填写听证预计所需的工作日数", field="expected_days")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        new_state = check(case, lc.Action.ANNOUNCE_HEARING, roles)
        if case.hearing_status in OPEN_STATUSES:
            raise _conflict(case, "本办件已有未结束的听证程序")
        text = (f"{case.department.name}拟就“{case.item_version.name}”（办件编号{case.number}）举行听证。听证事项：{matter}。"
                "听证的时间、地点另行公告。")
        hearing = Hearing.objects.create(case=case, kind=Hearing.Kind.PUBLIC_INTEREST, status=H.ANNOUNCED,
                                         matter=matter, notified_on=today, notified_by=actor, public=True,
                                         announcement=text)
        hearing.suspension = _open_suspension(case, actor=actor, reason=f"涉及公共利益的听证：{matter}",
                                              expected_days=expected_days, today=today)
        hearing.save(update_fields=["suspension"])
        case.state, case.hearing_status = new_state, hearing.status
        commit(case, action=lc.Action.ANNOUNCE_HEARING, actor=actor, role=_dept_role(roles), on=today, before=before,
               note=matter, data={"hearing": hearing.pk, "expected_days": expected_days})
        tell_applicant(case, "hearing_announced", f"听证公告：{case.number}",
                       f"{text}听证预计需要{expected_days}个工作日，所需时间不计入办理期限。")
        return hearing


# ---- art. 48: notice, host, recusal, record -------------------------------------------------------------------------
def schedule_hearing(case, *, actor, expected_version: int, on: date, place: str, host, public: bool = True,
                     today: date | None = None) -> Hearing:
    """听证通知: the time, place and host, told to the parties at least 7 days before, and announced where public."""
    today = today_or(today)
    place = require_text(place, "place", "请填写听证地点")
    if not isinstance(on, date):
        raise DomainError("请填写听证日期", field="on")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        check(case, lc.Action.SCHEDULE_HEARING, roles)
        hearing = current_hearing(case)
        if hearing is None or hearing.status not in (H.REQUESTED, H.ANNOUNCED, H.SCHEDULED):
            raise _conflict(case, "本办件没有待组织的听证")
        if hearing.status == H.SCHEDULED and hearing.host_id and hearing.recusal_decision != "granted":
            raise _conflict(case, "听证已通知；改期或更换主持人须先作出回避决定")
        cal = calendar()
        earliest = cal.add_working_days(today, notice_days())
        if on < earliest:
            raise DomainError(f"须于举行听证{notice_days()}个工作日前通知当事人：今日通知，听证日期最早为"
                              f"{earliest:%Y年%m月%d日}", field="on")
        if hearing.hold_by and on > hearing.hold_by:
            raise DomainError(f"须在收到听证申请之日起{hold_days()}个工作日内组织听证（{hearing.hold_by:%Y年%m月%d日}前）",
                              field="on")
        if not cal.is_working_day(on):
            raise DomainError("听证日期应为工作日", field="on")
        problem = _host_conflict(case, hearing, host)
        if problem:
            raise DomainError(problem, field="host")
        hearing.scheduled_for, hearing.place, hearing.host, hearing.public = on, place, host, bool(public)
        hearing.parties_told_on, hearing.status = today, H.SCHEDULED
        hearing.recusal_requested_on, hearing.recusal_requested_by, hearing.recusal_reason = None, "", ""
        hearing.recusal_decision, hearing.recusal_decided_by, hearing.recusal_note = "", None, ""
        if hearing.public:
            hearing.announcement = (f"{case.department.name}定于{on:%Y年%m月%d日}在{place}就“{case.item_version.name}”"
                                    f"举行公开听证。听证事项：{hearing.matter}。")
        hearing.version += 1
        hearing.save()
        case.hearing_status = hearing.status
        told = tell_parties(case, hearing, "hearing_scheduled", f"听证通知：{case.number}",
                            f"{case.department.name}定于{on:%Y年%m月%d日}在{place}就“{case.item_version.name}”（办件编号"
                            f"{case.number}）举行{'公开' if hearing.public else '不公开'}听证，主持人{host}。听证事项："
                            f"{hearing.matter}。您认为主持人与该事项有直接利害关系的，有权申请回避。")
        commit(case, action=lc.Action.SCHEDULE_HEARING, actor=actor, role=_dept_role(roles), on=today, before=before,
               data={"hearing": hearing.pk, "on": on, "place": place, "host": host.pk, "public": hearing.public,
                     **told})
        tell_applicant(case, "hearing_scheduled", f"听证通知：{case.number}",
                       f"定于{on:%Y年%m月%d日}在{place}举行{'公开' if hearing.public else '不公开'}听证，主持人"
                       f"{host}。您认为主持人与该行政许可事项有直接利害关系的，有权申请回避。")
        return hearing


def request_recusal(case, *, actor, expected_version: int, reason: str, requested_by: str = "",
                    today: date | None = None) -> Hearing:
    """申请回避: the applicant or an interested party holds the host has a direct interest in the matter."""
    today = today_or(today)
    reason = require_text(reason, "reason", "申请回避须说明理由")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        check(case, lc.Action.REQUEST_RECUSAL, roles)
        hearing = current_hearing(case)
        if hearing is None or hearing.status != H.SCHEDULED or hearing.recusal_requested_on and \
                not hearing.recusal_decision:
            raise _conflict(case, "没有可申请回避的听证，或回避申请尚待决定")
        names = [case.applicant.name] + [p["name"] for p in hearing.interested_parties]
        requested_by = case.applicant.name if lc.APPLICANT in roles or not requested_by.strip() \
            else " ".join(requested_by.split())
        if requested_by not in names:
            raise DomainError("只有申请人或利害关系人可以申请回避", field="requested_by")
        hearing.recusal_requested_on, hearing.recusal_requested_by = today, requested_by
        hearing.recusal_reason, hearing.recusal_decision, hearing.recusal_note = reason[:500], "", ""
        hearing.version += 1
        hearing.save()
        commit(case, action=lc.Action.REQUEST_RECUSAL, actor=actor, role=_dept_role(roles), on=today,
               before=before, note=reason, data={"hearing": hearing.pk, "by": requested_by})
        return hearing


def decide_recusal(case, *, actor, expected_version: int, grant: bool, note: str, new_host=None,
                   today: date | None = None) -> Hearing:
    """回避决定 by the section head or unit leader: granted → another host (the hearing then keeps its date or is
    rescheduled); refused → the host stays, with the reason."""
    today = today_or(today)
    note = require_text(note, "note", "请写明回避决定的理由")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        check(case, lc.Action.DECIDE_RECUSAL, roles)
        hearing = current_hearing(case)
        if hearing is None or not hearing.recusal_requested_on or hearing.recusal_decision:
            raise _conflict(case, "没有待决定的回避申请")
        old = hearing.host_id
        if grant:
            if new_host is None or new_host.pk == hearing.host_id:
                raise DomainError("准予回避须指定另一名听证主持人", field="new_host")
            problem = _host_conflict(case, hearing, new_host)
            if problem:
                raise DomainError(problem, field="new_host")
            hearing.host = new_host
        hearing.recusal_decision = "granted" if grant else "refused"
        hearing.recusal_decided_by, hearing.recusal_note = actor, note[:500]
        hearing.version += 1
        hearing.save()
        commit(case, action=lc.Action.DECIDE_RECUSAL, actor=actor, role=_dept_role(roles), on=today, before=before,
               note=note, data={"hearing": hearing.pk, "granted": bool(grant),
                                "old_host": old, "host": hearing.host_id})
        tell_applicant(case, "hearing_recusal", f"回避决定：{case.number}",
                       ("准予回避，听证主持人更换为" + str(new_host) if grant
                        else "不予回避") + f"。理由：{note}。")
        return hearing


def record_hearing(case, *, actor, expected_version: int, record: str, signatories, today: date | None = None) -> Hearing:
    """听证笔录: made by the host on or after the hearing day and signed by the participants (names given); the
    suspension ends and the clock runs again. The decision is then based on this record (art. 48 (2))."""
    today = today_or(today)
    record = require_text(record, "record", "请填写听证笔录")
    names = [" ".join(str(n).split()) for n in (signatories or []) if str(n).strip()]
    if not names:
        raise DomainError("听证笔录须经听证参加人确认并签字（填写签字人）", field="signatories")
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        new_state = check(case, lc.Action.RECORD_HEARING, roles)
        hearing = current_hearing(case)
        if hearing is None or hearing.status != H.SCHEDULED:
            raise _conflict(case, "听证尚未通知举行")
        if hearing.host_id != actor.pk:
            raise Forbidden("听证笔录由听证主持人制作", extra={"state": case.state, "allowed_actions": []})
        if hearing.recusal_requested_on and not hearing.recusal_decision:
            raise _conflict(case, "回避申请尚待决定，不能举行听证")
        if today < hearing.scheduled_for:
            raise _conflict(case, f"听证定于{hearing.scheduled_for:%Y年%m月%d日}举行")
        hearing.status, hearing.held_on, hearing.record, hearing.signatories = H.HELD, today, record, names
        hearing.version += 1
        hearing.save()
        s = hearing.suspension
        if s is not None and s.resumed_on is None:
            s.resumed_on, s.resumed_by = today, actor
            s.save(update_fields=["resumed_on", "resumed_by"])
        case.state, case.hearing_status = new_state, hearing.status
        refresh_deadline(case, at=today)
        commit(case, action=lc.Action.RECORD_HEARING, actor=actor, role=_dept_role(roles), on=today, before=before,
               data={"hearing": hearing.pk, "signatories": names, "deadline": case.deadline})
        tell_applicant(case, "hearing_held", f"听证结束：{case.number}",
                       f"听证已于{today:%Y年%m月%d日}举行，听证笔录已签字确认；本机关将根据听证笔录作出决定。恢复计时，"
                       f"办结期限为{case.deadline:%Y年%m月%d日}。")
        return hearing


# ---- the decision and the hearing -----------------------------------------------------------------------------------
def hearing_for_decision(case: Case, today: date) -> Hearing | None:
    """Called by approve/deny with the case locked: a decision waits for the request period to run out; a right not
    used in time is recorded as waived; returns the held hearing whose record the decision is based on."""
    if not case.hearing_status:
        return None
    hearing = current_hearing(case)
    if hearing.status == H.NOTIFIED:
        if today <= hearing.request_due:
            raise _conflict(case, f"已告知听证权利，申请听证的期限（{hearing.request_due:%Y年%m月%d日}）届满前不能作出决定")
        hearing.status = H.WAIVED
        hearing.save(update_fields=["status"])
        case.hearing_status = hearing.status
        return None
    if hearing.status in RUNNING_STATUSES:
        raise _conflict(case, "听证尚未结束，不能作出决定")
    return hearing if hearing.status == H.HELD else None
