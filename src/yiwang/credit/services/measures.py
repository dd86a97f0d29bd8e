"""Joint reward and punishment measures, and the credit check every procedure asks (never a flag)."""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Count

from yiwang.org.models import Applicant

from ..domain import kinds as k
from ..domain import measures as dm
from ..models import AppliedMeasure, Check, Measure, Record, Subject
from .common import Conflict, DomainError, audit, check_version, today_or
from .grades import _require_office

FIELDS = ("name", "effect", "trigger_type", "trigger_values", "basis_document", "basis_article", "valid_from",
          "valid_until", "enabled", "department")


def _validate(m: Measure) -> None:
    try:
        dm.check_spec(m.spec())
    except dm.MeasureError as exc:
        raise DomainError(exc.message, field=exc.field or None) from None


def _snap(m: Measure) -> dict:
    return {f: getattr(m, f if f != "department" else "department_id") for f in FIELDS}


@transaction.atomic
def save_measure(*, actor, code: str, expected_version: int | None = None, **values) -> Measure:
    """Create or change a measure; one with no legal basis (document and article) cannot be switched on."""
    _require_office(actor)
    code = (code or "").strip()
    if not code:
        raise DomainError("请填写措施代码", field="code")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise DomainError(f"未知字段：{'、'.join(sorted(unknown))}")
    m = Measure.objects.select_for_update().filter(code=code).first()
    before = None
    if m is None:
        m = Measure(code=code)
    else:
        check_version(m, expected_version, "措施")
        before = _snap(m)
        m.version += 1
    for name, value in values.items():
        setattr(m, name, value.strip() if isinstance(value, str) else value)
    if not m.name:
        raise DomainError("请填写措施名称", field="name")
    _validate(m)
    m.save()
    audit(actor=actor, action="credit.measure.save", target=m, before=before, after=_snap(m))
    return m


@transaction.atomic
def switch_measure(measure: Measure, *, actor, enabled: bool, expected_version: int | None = None) -> Measure:
    _require_office(actor)
    m = Measure.objects.select_for_update().get(pk=measure.pk)
    check_version(m, expected_version, "措施")
    if m.enabled == enabled:
        raise Conflict("措施已" + ("启用" if enabled else "停用"))
    m.enabled = enabled
    _validate(m)
    m.version += 1
    m.save(update_fields=["enabled", "version", "updated_at"])
    audit(actor=actor, action="credit.measure.enable" if enabled else "credit.measure.disable", target=m,
          after={"enabled": enabled})
    return m


# ---- the check -------------------------------------------------------------------------------------------------
def _measures() -> list[dm.MeasureSpec]:
    return [m.spec() for m in Measure.objects.filter(enabled=True)]


def state_of(subject: Subject | None, applicant: Applicant | None = None) -> dm.SubjectState:
    records: dict[str, list[str]] = {}
    if subject is not None:
        for kind, severity, num, title in (Record.objects.filter(subject=subject, status=Record.Status.ACTIVE)
                                           .values_list("kind", "severity", "decision_number", "title")):
            records.setdefault(kind, []).append(num or title)
            if severity:
                records.setdefault(f"{kind}.{severity}", []).append(num or title)
    return dm.SubjectState(records=records, risk_class=subject.risk_class if subject else "",
                           public_grade=subject.public_grade if subject else "")


def measures_for(*, code: str, procedure: str | None = None, on: dt.date | None = None) -> list[dm.Applied]:
    subject = Subject.objects.by_code(code).first()
    return dm.applicable(_measures(), state_of(subject), today_or(on), procedure)


def intake_verdict(applicant: Applicant, *, on: dt.date | None = None) -> dm.IntakeVerdict:
    """What intake may offer this applicant (read only: pages may show it; `record_check` counts it)."""
    return dm.intake_verdict(measures_for(code=applicant.id_number, procedure="intake", on=on))


def record_check(*, code: str, procedure: str, department=None, reference: str = "",
                 applied: list[dm.Applied] | None = None, on: dt.date | None = None) -> Check:
    """Count one credit check and the measures it applied (inside the caller's transaction)."""
    if applied is None:
        applied = measures_for(code=code, procedure=procedure, on=on)
    from .reports import public_code

    subject = Subject.objects.by_code(code).first()
    check = Check.objects.create(subject=subject, subject_code=public_code(subject) if subject else _mask(code), procedure=procedure, department=department,
                                 reference=reference[:60], outcome=[a.as_dict() for a in applied])
    if applied:
        by_code = {m.code: m for m in Measure.objects.filter(code__in=[a.measure.code for a in applied])}
        AppliedMeasure.objects.bulk_create([
            AppliedMeasure(credit_check=check, measure=by_code[a.measure.code], department=department,
                           kind=a.measure.kind, reason=a.reason[:300]) for a in applied if a.measure.code in by_code])
    return check


def figures(*, since: dt.date | None = None) -> dict:
    """核查主体信用 checks, and rewards and punishments applied by measure and department."""
    checks = Check.objects.all()
    applied = AppliedMeasure.objects.all()
    if since:
        checks, applied = checks.filter(checked_at__date__gte=since), applied.filter(applied_at__date__gte=since)
    rows = (applied.values("measure__code", "measure__name", "kind", "department__name")
            .annotate(n=Count("id")).order_by("-n"))
    return {"checks": checks.count(),
            "rewards": applied.filter(kind=dm.REWARD).count(),
            "punishments": applied.filter(kind=dm.PUNISH).count(),
            "by_measure": list(rows)}


def subject_dishonest(code: str) -> bool:
    return Record.objects.filter(subject__in=Subject.objects.by_code(code), status=Record.Status.ACTIVE,
                                 kind__in=list(k.DISHONEST_KINDS)).exists()


def _mask(code: str) -> str:
    code = "".join(str(code or "").split()).upper()
    return code if len(code) == 18 and not code.isdigit() and not code[:17].isdigit() else code[:6] + "********" + code[-4:]
