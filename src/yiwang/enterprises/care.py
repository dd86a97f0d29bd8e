"""Service functions around the registry: corrections asked by agents and confirmed by staff, commissioners'
assignments (by park, region, industry or by hand; reassignment keeps history), visits and their problems,
enterprises' ratings of their commissioner. Each in a transaction, audited."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import Conflict, DomainError
from yiwang.org.models import Role, User

from . import access, services
from .models import (GRADES, Assignment, CommissionerRating, CorrectionRequest, Enterprise, Visit,
                     VisitProblem)

CORRECTABLE = ("name", "entity_type", "industry", "registered_capital", "founded_on", "status", "address",
               "legal_representative", "contact_name", "contact_phone", "business_scope", "park", "region")


def _audit(**kwargs):
    from yiwang.audit.services import record

    record(**kwargs)


def _notify(user, *, event, subject, body, link=""):
    from yiwang.notify.services import enqueue

    if user is not None:
        enqueue(event=event, subject=subject, body=body, user=user, link=link, channels=["site"])


# ---- corrections ---------------------------------------------------------------------------------------------------
@transaction.atomic
def request_correction(enterprise: Enterprise, *, actor, changes: dict, reason: str) -> CorrectionRequest:
    if not access.is_agent(actor, enterprise):
        raise DomainError("只有本企业的经办人可以申请更正企业档案", field="enterprise")
    changes = {k: ("" if v is None else str(v)).strip() for k, v in (changes or {}).items()
               if k in CORRECTABLE and str(v or "").strip() != ""}
    if not changes:
        raise DomainError("请至少填写一项需要更正的内容", field="changes")
    if not str(reason or "").strip():
        raise DomainError("请说明更正理由（可附依据，如营业执照变更）", field="reason")
    services.clean_profile_fields(changes, partial=True)  # refuse now what staff could not accept later
    c = CorrectionRequest.objects.create(enterprise=enterprise, changes=changes, reason=reason.strip(),
                                         base_version=enterprise.version, requested_by=actor)
    _audit(actor=actor, action="enterprises.correction.request", target=enterprise,
           after={"correction": c.pk, "changes": changes}, data={"reason": c.reason})
    return c


@transaction.atomic
def review_correction(correction: CorrectionRequest, *, actor, accept: bool, note: str = "") -> CorrectionRequest:
    """Staff confirm (the changes go into the registry through `update_enterprise`) or decline with a note."""
    if not access.may_edit(actor):
        raise DomainError("只有企业服务中心人员可以确认档案更正", field="correction")
    c = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if c.status != CorrectionRequest.Status.PENDING:
        raise Conflict("该更正申请已处理", field="correction")
    note = str(note or "").strip()
    if not accept and not note:
        raise DomainError("不采纳时请写明理由，告知企业", field="note")
    if accept:
        services.update_enterprise(c.enterprise, actor=actor, reason=f"企业申请更正#{c.pk}", **c.changes)
    c.status = CorrectionRequest.Status.ACCEPTED if accept else CorrectionRequest.Status.REJECTED
    c.reviewed_by, c.reviewed_at, c.review_note = actor, timezone.now(), note[:300]
    c.save()
    _audit(actor=actor, action="enterprises.correction.accept" if accept else "enterprises.correction.reject",
           target=c.enterprise, after={"correction": c.pk, "status": c.status}, data={"note": note} if note else None)
    _notify(c.requested_by, event="enterprises.correction", subject=f"档案更正申请{c.get_status_display()}",
            body=note or "您提出的企业档案更正已采纳。", link=f"/enterprises/{c.enterprise_id}/")
    return c


# ---- commissioners -------------------------------------------------------------------------------------------------
def _commissioner(user) -> User:
    if user is None or not user.staff_roles.filter(role=Role.COMMISSIONER).exists():
        raise DomainError("所选人员不是企业服务专员", field="commissioner")
    return user


@transaction.atomic
def assign_commissioner(enterprises, *, actor, commissioner, basis: str = Assignment.Basis.MANUAL, note: str = "",
                        on: dt.date | None = None) -> int:
    """Assign enterprises to a commissioner from `on` (today). A current assignment to someone else ends the day
    before, so history is kept; one already with this commissioner is left as it is. Returns how many changed."""
    if not access.may_edit(actor):
        raise DomainError("只有企业服务中心人员可以分配服务专员", field="commissioner")
    commissioner = _commissioner(commissioner)
    on = on or timezone.localdate()
    changed = 0
    for e in enterprises:
        current = Assignment.objects.select_for_update().filter(enterprise=e, ended_on__isnull=True).first()
        if current and current.commissioner_id == commissioner.pk:
            continue
        if current:
            current.ended_on = max(on - dt.timedelta(days=1), current.started_on)
            current.save(update_fields=["ended_on"])
        a = Assignment.objects.create(enterprise=e, commissioner=commissioner, basis=basis, started_on=on,
                                      assigned_by=actor, note=note[:200])
        _audit(actor=actor, action="enterprises.commissioner.assign", target=e,
               before={"commissioner": current.commissioner_id} if current else None,
               after={"commissioner": commissioner.pk, "basis": basis, "assignment": a.pk})
        changed += 1
    return changed


def assign_by(*, actor, commissioner, park=None, region=None, industry: str = "", only_unassigned: bool = True) -> int:
    """Assign every active enterprise of a park, a region or an industry prefix."""
    from . import queries

    if not (park or region or industry):
        raise DomainError("请选择园区、区划或行业", field="park")
    qs = queries.search(park=park, region=region, industry=industry).filter(status=Enterprise.Status.ACTIVE)
    if only_unassigned:
        qs = qs.exclude(pk__in=Assignment.objects.filter(ended_on__isnull=True).values("enterprise_id"))
    basis = Assignment.Basis.PARK if park else Assignment.Basis.REGION if region else Assignment.Basis.INDUSTRY
    return assign_commissioner(list(qs), actor=actor, commissioner=commissioner, basis=basis)


def current_commissioner(enterprise) -> User | None:
    a = Assignment.objects.filter(enterprise=enterprise, ended_on__isnull=True).select_related("commissioner").first()
    return a.commissioner if a else None


@transaction.atomic
def log_visit(enterprise: Enterprise, *, actor, visited_on, people_met: str, summary: str,
              problems: list[str] | None = None, form: str = "上门走访") -> Visit:
    if not access.is_commissioner_of(actor, enterprise):
        raise DomainError("只能为自己服务的企业记录走访", field="enterprise")
    visited_on = services._date(visited_on, "visited_on", "走访日期")
    if visited_on is None:
        raise DomainError("请填写走访日期", field="visited_on")
    if visited_on > timezone.localdate():
        raise DomainError("走访日期不能晚于今天", field="visited_on")
    if not str(people_met or "").strip():
        raise DomainError("请填写接待人员", field="people_met")
    if not str(summary or "").strip():
        raise DomainError("请填写走访情况", field="summary")
    v = Visit.objects.create(enterprise=enterprise, commissioner=actor, visited_on=visited_on,
                             people_met=people_met.strip()[:200], summary=summary.strip(), form=form[:20])
    texts = [p.strip() for p in (problems or []) if p and p.strip()]
    VisitProblem.objects.bulk_create([VisitProblem(visit=v, description=t) for t in texts])
    _audit(actor=actor, action="enterprises.visit.log", target=enterprise,
           after={"visit": v.pk, "visited_on": visited_on, "problems": len(texts)})
    return v


@transaction.atomic
def rate_commissioner(enterprise: Enterprise, *, actor, grade, comment: str = "",
                      year: int | None = None) -> CommissionerRating:
    if not access.is_agent(actor, enterprise):
        raise DomainError("只有本企业的经办人可以评价服务专员", field="enterprise")
    commissioner = current_commissioner(enterprise)
    if commissioner is None:
        raise DomainError("本企业尚未分配服务专员", field="commissioner")
    try:
        grade = int(grade)
    except (TypeError, ValueError):
        grade = 0
    if grade not in dict(GRADES):
        raise DomainError("请选择评价等级（非常满意至非常不满意）", field="grade")
    year = year or timezone.localdate().year
    r, created = CommissionerRating.objects.update_or_create(
        enterprise=enterprise, commissioner=commissioner, year=year,
        defaults={"grade": grade, "comment": str(comment or "")[:300], "rated_by": actor})
    _audit(actor=actor, action="enterprises.commissioner.rate", target=enterprise,
           after={"commissioner": commissioner.pk, "year": year, "grade": grade})
    return r
