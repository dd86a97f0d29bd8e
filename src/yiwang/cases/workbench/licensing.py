"""Approval with its e-licence: for a licensing item (行政许可) the approval and the SM2-signed licence are one
transaction, so there is never an approved licensing case without its licence (nor a licence without approval).

yiwang.licences sits above cases; only this module (the approval page's action) reaches up to it."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.catalog.models import ItemType

from .. import services
from ..models import Case
from . import conf


def issues_licence(case: Case) -> bool:
    return case.item_version.item_type == ItemType.LICENSING


def may_issue_for(user, case: Case) -> bool:
    """The licence rule (licences.services._acting_role), asked before the approval so that neither the page, the
    API nor allowed_actions offers an approval that the licence would refuse."""
    from yiwang.org.scoping import acts_for_department

    if user is not None and getattr(user, "is_superuser", False):
        return True
    return acts_for_department(user, case.department_id)  # 三员分立: never the system administrator


def default_valid_until(on: date) -> date | None:
    years = conf.licence_valid_years()
    if years <= 0:
        return None
    try:
        return on.replace(year=on.year + years) - timedelta(days=1)
    except ValueError:  # 29 February
        return on.replace(year=on.year + years, day=28)


def approve_case(case, *, actor, expected_version: int, opinion: str = "", scope: str = "",
                 valid_until: date | None = None, long_term: bool = False, today: date | None = None):
    """services.approve, then (licensing items) licences.services.issue_licence, in one transaction.
    Returns (case, licence or None). The one path for an approval, page and API alike: a licensing case is
    approved only by someone who may issue the department's licence (see may_approve)."""
    with transaction.atomic():
        state = case.state
        case = services.approve(case, actor=actor, expected_version=expected_version, opinion=opinion, today=today)
        if not issues_licence(case):
            return case, None
        if not may_issue_for(actor, case):  # the state and the step were right: the licence rule decides; rolls back
            raise services.Forbidden(f"您不是{case.department.name}的有权人员，不能办理该证照",
                                     extra={"state": state, "allowed_actions": []})
        from yiwang.licences.services import issue_licence

        issued = today or timezone.localdate()
        applicant = case.applicant
        scope = (scope or "").strip() or case.item_version.name
        if not long_term and valid_until is None:
            valid_until = default_valid_until(issued)
        try:
            licence = issue_licence(
                department=case.department, holder_name=applicant.name, holder_id_number=applicant.id_number,
                holder_kind=applicant.kind, licence_type=case.item_version.name[:100], scope=scope,
                valid_from=issued, valid_until=None if long_term else valid_until, case_ref=case.pk,
                case_number=case.number or "", actor=actor,
                # a window officer decides a one-step item for the department (services.approve checked it)
                acting_role="officer" if case.tier == "one_step" else None)
        except DomainError as exc:
            raise DomainError("准予许可须同时签发电子证照，签发失败：" + exc.message,
                              field=exc.field if exc.field in ("scope", "valid_until") else "licence") from None
        return case, licence


def licences_of(case: Case):
    """The e-licences issued for the case (newest first)."""
    from yiwang.licences.models import Licence

    return list(Licence.objects.filter(case_ref=case.pk).order_by("-issued_at", "-id"))
