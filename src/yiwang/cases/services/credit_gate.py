"""Cases ask the credit service (never a flag) which measures apply, and tell it their decisions and commitments."""
from __future__ import annotations

from datetime import date

from yiwang.catalog.models import ItemType
from yiwang.credit import services as credit


def lenient(applicant, on: date | None = None):
    """The intake verdict: may 容缺 and 告知承诺 be offered, and why not (or which rewards apply)."""
    return credit.intake_verdict(applicant, on=on)


def measures_in(case, procedure: str) -> list[dict]:
    """The measures that apply to the case's applicant in a procedure (shown to the reviewer; read only)."""
    return [a.as_dict() for a in credit.measures_for(code=case.applicant.id_number, procedure=procedure)]


def extra_review(case, on: date) -> dict | None:
    """从严审核 (a punishment acting in approval): the applied measure, if any, as shown and audited; the check is
    counted when a measure applies."""
    from yiwang.credit.domain import measures as dm

    applied = [a for a in credit.measures_for(code=case.applicant.id_number, procedure="approval", on=on)
               if a.measure.effect == dm.EXTRA_REVIEW]
    if not applied:
        return None
    credit.record_check(code=case.applicant.id_number, procedure="approval", department=case.department,
                        reference=case.number or f"收件{case.pk}", applied=applied)
    return applied[0].as_dict()


def refusal_message(base: str, verdict) -> str:
    return f"{base}（{verdict.message}）" if verdict.message and not verdict.lenient_allowed else base


def count_check(case, verdict) -> None:
    """One 核查主体信用 figure per intake decision, with the measures applied (in the caller's transaction)."""
    credit.record_check(code=case.applicant.id_number, procedure="intake", department=case.department,
                        reference=case.number or f"收件{case.pk}", applied=list(verdict.applied))


def licensing_decided(case, on: date) -> None:
    """双公示: an approved 行政许可 case becomes a published licensing record."""
    if case.item_version.item_type != ItemType.LICENSING:
        return
    credit.publish_licensing_decision(applicant=case.applicant, department=case.department,
                                      case_number=case.number, item_name=case.item_version.name, decided_on=on,
                                      legal_basis=(case.item_version.legal_basis or "")[:300])


def commitments_made(case, names: list[str], on: date) -> None:
    credit.record_commitment(applicant=case.applicant, department=case.department, case_number=case.number,
                             item_name=case.item_version.name, on=on, materials=names)


def commitment_checked(case, *, truthful: bool, finding: str, on: date, actor) -> None:
    credit.record_commitment_result(applicant=case.applicant, department=case.department, case_number=case.number,
                                    kept=truthful, finding=finding, on=on, actor=actor)


def breaches_repaired(applicant, *, actor, note: str) -> None:
    """A system administrator's or supervisor's repair of false commitments ends the breach records (credit)."""
    credit.repair_breaches(code=applicant.id_number, actor=actor, reason=note)
