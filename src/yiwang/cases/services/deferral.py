"""容缺受理 (local rules: Xi'an, Fuxin and others; RULES.md) and joint handling: the applicant's signed commitment
(容缺受理承诺书), the deferral rules shared by signing and acceptance, and whether a case is handled jointly
(行政许可法 arts. 26, 42 (2))."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from yiwang.api.errors import DomainError

from .. import conf
from ..domain import lifecycle as lc
from ..domain import materials as mr
from ..domain.ledger import Ledger
from ..models import Case, DeferralCommitment
from .common import calendar, case_roles, check, commit, lock, require_text, snapshot, today_or
from .files import store_blob
from .intake import _acceptance_date, _status_map, requirements


def is_joint(case: Case) -> bool:
    """统一、联合、集中办理 (art. 26): the item version says so, or the case is part of a 一件事 handled jointly."""
    if case.item_version.joint_handling:
        return True
    return bool(case.bundle_case_id and case.bundle_case.bundle.joint_handling)


def deferral_commitment_text(case: Case, names: list[str], due: date) -> str:
    """The 容缺受理承诺书 the applicant reads and signs (RULES.md: the applicant signs a commitment; one notice lists
    the deferred materials, their form and the deadline)."""
    return (f"本人（本单位）{case.applicant.name}申请办理“{case.item_version.name}”，下列材料暂不能提供："
            + "、".join(f"“{n}”" for n in names) +
            f"。现申请容缺受理，并承诺于{due:%Y年%m月%d日}前补交上述材料的原件或符合要求的电子件。"
            "本人（本单位）知悉：容缺材料补齐前，行政机关不作出准予许可决定；逾期未补交的，终止办理；"
            "承诺不实的，依法承担相应法律责任，并记入信用记录。")


def check_deferral(case: Case, deferral_due: date | None, accepted_on: date, cal=None, widened: bool = False) -> list:
    """The missing materials that may be deferred to `deferral_due`, or DomainError (the same rules at signing
    and at acceptance: only secondary materials, a date after acceptance and within the promised limit)."""
    completeness = mr.completeness(requirements(case), _status_map(case), widened=widened)
    if completeness.complete:
        raise DomainError("材料已齐全，无需容缺受理", field="deferral_due")
    if not completeness.deferrable_only:
        names = "、".join(r.name for r in completeness.missing)
        raise DomainError(f"材料不齐全（{names}），请一次性告知补正", field="materials")
    limit = case.item_version.promised_limit_days
    if is_joint(case):
        limit = min(limit, conf.joint_limit_days())
    promised = Ledger(cal or calendar()).start(accepted_on, limit).deadline()
    try:
        mr.check_deferral(completeness.missing, deferral_due, accepted_on=accepted_on, promised_deadline=promised,
                          applicant_may=case.applicant.may_use_lenient_procedures, widened=widened)
    except mr.MaterialRuleError as exc:
        raise DomainError(exc.message, field=exc.field) from None
    return list(completeness.missing)


def sign_deferral_commitment(case, *, actor, expected_version: int, deferral_due: date | None, signer_name: str = "",
                             signature=None, today: date | None = None) -> DeferralCommitment:
    """容缺受理承诺书: signed online by the applicant (or their agent), or at the window's signature pad with the
    clerk recording who signed (and the pad's image when there is one). The date is checked as at acceptance."""
    today = today_or(today)
    with transaction.atomic():
        case = lock(case, expected_version)
        before = snapshot(case)
        roles = case_roles(case, actor)
        check(case, lc.Action.SIGN_DEFERRAL, roles)
        from .credit_gate import lenient

        missing = check_deferral(case, deferral_due, _acceptance_date(case, today),
                                 widened=lenient(case.applicant, today).lenient_plus)
        online = lc.APPLICANT in roles
        if online:
            signer_name = (signer_name or "").strip() or case.applicant.name
        else:
            signer_name = require_text(signer_name, "signer_name", "请填写在签字板上签署承诺书的申请人或代理人姓名")
        names = [r.name for r in missing]
        commitment = DeferralCommitment.objects.create(
            case=case, text=deferral_commitment_text(case, names, deferral_due), materials=names, due_on=deferral_due,
            via=DeferralCommitment.Via.ONLINE if online else DeferralCommitment.Via.WINDOW_PAD,
            signer_name=signer_name[:100], recorded_by=actor,
            signature=store_blob(signature, field="signature") if signature is not None else None)
        commit(case, action=lc.Action.SIGN_DEFERRAL, actor=actor, role=lc.APPLICANT if online else lc.CLERK,
               on=today, before=before, note=commitment.text,
               data={"commitment": commitment.pk, "due_on": deferral_due, "materials": names,
                     "via": commitment.via, "signer": commitment.signer_name})
        return commitment


def commitment_for(case: Case, due: date, names: list[str], *, actor, signer_name: str) -> DeferralCommitment:
    """The signed commitment for this deferral: recorded now from the window pad when `signer_name` is given,
    otherwise the latest one the applicant signed for exactly this date and these materials."""
    if signer_name.strip():
        return DeferralCommitment.objects.create(
            case=case, text=deferral_commitment_text(case, names, due), materials=names, due_on=due,
            via=DeferralCommitment.Via.WINDOW_PAD, signer_name=signer_name.strip()[:100], recorded_by=actor)
    found = case.deferral_commitments.filter(due_on=due).order_by("-signed_at", "-id").first()
    if found is None or sorted(found.materials) != sorted(names):
        raise DomainError("容缺受理须由申请人签署容缺受理承诺书（窗口签字板或网上签署），承诺于"
                          f"{due:%Y年%m月%d日}前补交" + "、".join(f"“{n}”" for n in names),
                          field="commitment_signer")
    return found
