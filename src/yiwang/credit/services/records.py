"""Subjects and records: enter, import, correct, end; licensing decisions and commitments from cases."""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from yiwang.org import identifiers as ids
from yiwang.org.models import Applicant, Department

from .. import access, conf
from ..domain import kinds as k
from ..domain import periods
from ..models import Record, Subject
from .common import Conflict, DomainError, audit, calendar, check_version, today_or

EDITABLE = ("severity", "special_field", "title", "decision_number", "legal_basis", "content", "decided_on",
            "valid_until")


def normalise_code(code: str, kind: str) -> tuple[str, str]:
    """(code as kept, warning): a code failing its check is kept as given, with a warning (real data is messy)."""
    raw = "".join(str(code or "").split()).upper()
    if not raw:
        raise DomainError("请填写主体代码（统一社会信用代码或居民身份证号）", field="subject_code")
    try:
        return (ids.validate_ric(raw) if kind == k.NATURAL else ids.validate_uscc(raw)), ""
    except ids.InvalidIdentifier as exc:
        if len(raw) == 18:
            return raw, str(exc)
        raise DomainError(f"主体代码无效：{exc}", field="subject_code") from None


def find_subject(code: str) -> Subject | None:
    return Subject.objects.by_code(code).first()


def ensure_subject(*, code: str, name: str = "", kind: str = k.LEGAL, create: bool = True) -> Subject:
    """The subject with this code; created (linked to the applicant of that code) if `create` and a name is given.
    Unknown subject without a name: a clear error."""
    code, _warning = normalise_code(code, kind)
    subject = Subject.objects.by_code(code).first()
    if subject is not None:
        return subject
    from yiwang.enterprises.models import Enterprise

    applicant = Applicant.objects.by_identifier(code).first()
    enterprise = Enterprise.objects.filter(uscc=code).first() if kind == k.LEGAL else None
    name = (name or "").strip() or (applicant.name if applicant else "") or (enterprise.name if enterprise else "")
    if not create or not name:
        raise DomainError(f"主体“{code}”不在信用主体库中，请同时填写主体名称", field="subject_code")
    try:
        with transaction.atomic():
            return Subject.objects.create(code=code, name=name[:200], kind=kind, applicant=applicant,
                                          enterprise=enterprise)
    except IntegrityError:
        return Subject.objects.by_code(code).get()


def subject_for_applicant(applicant: Applicant) -> Subject:
    kind = k.NATURAL if applicant.kind == Applicant.Kind.NATURAL else k.LEGAL
    return ensure_subject(code=applicant.id_number, name=applicant.name, kind=kind)


def _windows(kind: str, decided_on: dt.date, severity: str, special_field: str):
    return periods.window(conf.repair_rules(), kind, decided_on, severity=severity, special_field=special_field)


def _check_fields(kind, severity, special_field, decided_on, valid_until, decision_number, today):
    if kind not in k.LABELS:
        raise DomainError(f"记录类别“{kind}”无效", field="kind")
    if not isinstance(decided_on, dt.date):
        raise DomainError("请填写决定或列入日期", field="decided_on")
    if decided_on > today:
        raise DomainError("决定日期不能晚于今天", field="decided_on")
    if valid_until is not None and valid_until < decided_on:
        raise DomainError("截止日期不能早于决定日期", field="valid_until")
    if kind == k.PENALTY:
        if severity not in k.SEVERITY_LABELS:
            raise DomainError("行政处罚须注明失信程度（轻微、一般或严重）", field="severity")
        if not decision_number:
            raise DomainError("行政处罚记录须填写决定文书号", field="decision_number")
    if special_field and special_field not in k.SPECIAL_FIELDS:
        raise DomainError(f"领域“{special_field}”无效", field="special_field")


def _department(department, department_name, actor):
    if isinstance(department, str):
        department = Department.objects.filter(code=department).first() if department else None
    if department is None and not department_name:
        raise DomainError("请填写认定部门", field="department")
    if actor is not None and not access.may_edit_department(actor, department.pk if department else None):
        raise DomainError("只能录入本部门认定的信用记录", field="department", code="forbidden")
    return department


def _build(subject, *, kind, department, department_name, severity, special_field, title, decision_number,
           legal_basis, content, decided_on, valid_until, source, case_number, actor):
    repairable_from, publish_until = _windows(kind, decided_on, severity, special_field)
    if valid_until and (publish_until is None or valid_until < publish_until) and kind in k.LIST_KINDS:
        publish_until = valid_until
    due = calendar().add_working_days(decided_on, conf.licensing_publish_days()) if kind in (
        k.LICENSING, k.PENALTY) else None
    return Record(subject=subject, kind=kind, severity=severity, special_field=special_field, title=title[:200],
                  decision_number=decision_number[:100], department=department,
                  department_name=(department_name or (department.name if department else ""))[:100],
                  legal_basis=legal_basis[:300], content=content, decided_on=decided_on, valid_until=valid_until,
                  repairable_from=repairable_from, publish_until=publish_until, publish_due=due, source=source,
                  case_number=case_number, created_by=actor if getattr(actor, "pk", None) else None)


def _snapshot(r: Record) -> dict:
    from .reports import public_code

    return {"subject": public_code(r.subject), "kind": r.kind, "severity": r.severity, "title": r.title,
            "decision_number": r.decision_number, "department": r.department.code if r.department_id else
            r.department_name, "decided_on": r.decided_on, "valid_until": r.valid_until, "status": r.status,
            "repairable_from": r.repairable_from, "publish_until": r.publish_until}


@transaction.atomic
def add_record(*, actor, subject_code: str, kind: str, decided_on: dt.date, subject_name: str = "",
               subject_kind: str = k.LEGAL, department=None, department_name: str = "", severity: str = "",
               special_field: str = "", title: str = "", decision_number: str = "", legal_basis: str = "",
               content: str = "", valid_until: dt.date | None = None, source: str = Record.Source.ENTERED,
               case_number: str = "", today: dt.date | None = None, regrade_now: bool = True) -> Record:
    """Enter one credit record (the subject is created if new and named); grades are recomputed at once."""
    today = today_or(today)
    if kind == k.PENALTY and not severity:
        severity = k.GENERAL
    _check_fields(kind, severity, special_field, decided_on, valid_until, decision_number.strip(), today)
    department = _department(department, department_name.strip(), actor)
    subject = ensure_subject(code=subject_code, name=subject_name, kind=subject_kind)
    record = _build(subject, kind=kind, department=department, department_name=department_name.strip(),
                    severity=severity if kind in (k.PENALTY, k.INSPECTION, k.COMMITMENT) else "",
                    special_field=special_field, title=title.strip(), decision_number=decision_number.strip(),
                    legal_basis=legal_basis.strip(), content=content.strip(), decided_on=decided_on,
                    valid_until=valid_until, source=source, case_number=case_number, actor=actor)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise Conflict("该办件的信用记录已存在", field="case_number") from None
    audit(actor=actor, action="credit.record.add", target=record, after=_snapshot(record))
    if regrade_now:
        from .grades import regrade

        regrade(subject, trigger="record", today=today)
    return record


@transaction.atomic
def correct_record(record: Record, *, actor, reason: str, changes: dict, expected_version: int | None = None,
                   today: dt.date | None = None) -> Record:
    """Correct a record's facts (更正), with the reason kept; the publication window follows the corrected facts."""
    record = Record.objects.select_for_update(of=("self",)).select_related("subject").get(pk=record.pk)
    check_version(record, expected_version, "信用记录")
    if not access.may_edit_department(actor, record.department_id):
        raise DomainError("只能更正本部门认定的信用记录", code="forbidden")
    if not (reason or "").strip():
        raise DomainError("更正须写明原因", field="reason")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(f"不能更正的字段：{'、'.join(sorted(unknown))}", field=sorted(unknown)[0])
    before = _snapshot(record)
    for name, value in changes.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    _check_fields(record.kind, record.severity, record.special_field, record.decided_on, record.valid_until,
                  record.decision_number, today_or(today))
    record.repairable_from, record.publish_until = _windows(record.kind, record.decided_on, record.severity,
                                                            record.special_field)
    record.correction_note = reason.strip()[:300]
    record.version += 1
    record.save()
    audit(actor=actor, action="credit.record.correct", target=record, before=before, after=_snapshot(record),
          data={"reason": reason.strip()})
    from .grades import regrade

    regrade(record.subject, trigger="record", today=today)
    return record


def _close(record: Record, status: str, *, actor, reason: str, action: str, today=None) -> Record:
    before = _snapshot(record)
    record.status = status
    record.status_reason = reason.strip()[:300]
    record.status_changed_at = timezone.now()
    record.version += 1
    record.save(update_fields=["status", "status_reason", "status_changed_at", "version"])
    audit(actor=actor, action=action, target=record, before=before, after=_snapshot(record),
          data={"reason": reason.strip()})
    from .grades import regrade

    regrade(record.subject, trigger="record", today=today)
    return record


@transaction.atomic
def end_record(record: Record, *, actor, reason: str, expected_version: int | None = None,
               today: dt.date | None = None) -> Record:
    """End a record (移出名单, 撤销处罚 …): it stops counting and being published; it is kept."""
    record = Record.objects.select_for_update(of=("self",)).select_related("subject").get(pk=record.pk)
    check_version(record, expected_version, "信用记录")
    if not access.may_edit_department(actor, record.department_id):
        raise DomainError("只能终止本部门认定的信用记录", code="forbidden")
    if record.status != Record.Status.ACTIVE:
        raise Conflict(f"该记录已{record.get_status_display()}，不能再终止")
    if not (reason or "").strip():
        raise DomainError("终止信用记录须写明原因", field="reason")
    return _close(record, Record.Status.ENDED, actor=actor, reason=reason, action="credit.record.end", today=today)


@transaction.atomic
def expire_due(today: dt.date | None = None) -> int:
    """Records whose maximum publication period has passed stop being published by themselves (nightly)."""
    today = today_or(today)
    n = 0
    for record in (Record.objects.select_for_update(of=("self",)).select_related("subject")
                   .filter(status=Record.Status.ACTIVE, publish_until__lt=today)):
        _close(record, Record.Status.EXPIRED, actor=None, reason=f"最长公示期于{record.publish_until}届满",
               action="credit.record.expire", today=today)
        n += 1
    return n


# ---- from cases (cases ask credit; credit knows nothing of cases) --------------------------------------------------
def _applicant_kind(applicant) -> str:
    return k.NATURAL if applicant.kind == Applicant.Kind.NATURAL else k.LEGAL


@transaction.atomic
def publish_licensing_decision(*, applicant, department, case_number: str, item_name: str, decided_on: dt.date,
                               decision_number: str = "", legal_basis: str = "", actor=None) -> Record:
    """双公示: a licensing decision of the platform's own case becomes a published record (once per case)."""
    existing = Record.objects.filter(kind=k.LICENSING, case_number=case_number).first()
    if existing:
        return existing
    return add_record(actor=None, subject_code=applicant.id_number, subject_name=applicant.name,
                      subject_kind=_applicant_kind(applicant), kind=k.LICENSING, department=department,
                      title=item_name, decision_number=decision_number or case_number, legal_basis=legal_basis,
                      content=f"准予{item_name}", decided_on=decided_on, source=Record.Source.CASE,
                      case_number=case_number, regrade_now=False,
                      today=decided_on)  # the case's own decision day (the case's service checked it)


@transaction.atomic
def record_commitment(*, applicant, department, case_number: str, item_name: str, on: dt.date,
                      materials: list[str]) -> Record:
    """A 告知承诺 made in a case is a credit commitment record."""
    existing = Record.objects.filter(kind=k.COMMITMENT, case_number=case_number).first()
    if existing:
        return existing
    return add_record(actor=None, subject_code=applicant.id_number, subject_name=applicant.name,
                      subject_kind=_applicant_kind(applicant), kind=k.COMMITMENT, department=department,
                      title=item_name, decision_number=case_number, legal_basis="告知承诺书",
                      content="以告知承诺代替：" + "、".join(materials), decided_on=on, today=on, source=Record.Source.CASE,
                      case_number=case_number, regrade_now=False)


@transaction.atomic
def record_commitment_result(*, applicant, department, case_number: str, kept: bool, finding: str,
                             on: dt.date, actor=None) -> Record | None:
    """The post-check of a commitment: kept (the commitment counts as kept) or breached (a breach record)."""
    commitment = Record.objects.filter(kind=k.COMMITMENT, case_number=case_number).first()
    if commitment is not None and kept:
        commitment.severity = "kept"
        commitment.version += 1
        commitment.save(update_fields=["severity", "version"])
        audit(actor=actor, action="credit.commitment.kept", target=commitment, data={"finding": finding})
        from .grades import regrade

        regrade(commitment.subject, trigger="record", today=on)
        return commitment
    if kept:
        return None
    return add_record(actor=None, subject_code=applicant.id_number, subject_name=applicant.name,
                      subject_kind=_applicant_kind(applicant), kind=k.COMMITMENT_BREACH, department=department,
                      title="告知承诺核查不实", decision_number=case_number, legal_basis="告知承诺书",
                      content=finding, decided_on=on, today=on, source=Record.Source.CASE, case_number=case_number)


@transaction.atomic
def repair_breaches(*, code: str, actor, reason: str, today: dt.date | None = None) -> int:
    """Mark a subject's active commitment-breach records repaired (the caller has authorised the actor)."""
    n = 0
    for record in (Record.objects.select_for_update(of=("self",)).select_related("subject")
                   .filter(subject__in=Subject.objects.by_code(code), kind=k.COMMITMENT_BREACH, status=Record.Status.ACTIVE)):
        _close(record, Record.Status.REPAIRED, actor=actor, reason=reason, action="credit.record.repair",
               today=today)
        n += 1
    if n == 0:
        Applicant.objects.by_identifier(code).update(commitment_breached=False, commitment_breach_note="")
    return n
