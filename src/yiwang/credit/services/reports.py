"""Credit reports (信用报告): a signed PDF of an enterprise's (or person's) published records in a period, with a QR
code to the public verification page; usable in place of compliance certificates (无违法违规证明)."""
from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from yiwang.org import identifiers as ids

from .. import access, conf, signing
from ..domain import kinds as k
from ..domain import report as rp
from ..models import Record, Report, Subject
from .common import DomainError, audit, today_or

PERIOD_YEARS = 3


def public_code(subject: Subject) -> str:
    """A legal person's USCC is public; a natural person's ID number is masked."""
    if subject.kind == Subject.Kind.NATURAL:
        return ids.mask_ric(subject.code) if len(subject.code) == 18 else subject.code[:3] + "****"
    return subject.code


def report_rows(subject: Subject, start: dt.date, end: dt.date) -> list[dict]:
    """The records a report lists: what is published about the subject, decided in the period."""
    qs = (Record.objects.filter(subject=subject, status=Record.Status.ACTIVE, decided_on__gte=start,
                                decided_on__lte=end)
          .filter(Q(kind__in=list(k.PUBLISHED_KINDS)) | Q(kind__in=[k.COMMITMENT, k.COMMITMENT_BREACH]))
          .select_related("department").order_by("kind", "decided_on", "pk"))
    return [{"id": r.pk, "kind": r.kind, "kind_label": r.get_kind_display(), "severity": r.severity_label,
             "title": r.title, "decision_number": r.decision_number, "department": r.source_department,
             "decided_on": r.decided_on.isoformat(), "legal_basis": r.legal_basis} for r in qs]


def _number(today: dt.date) -> str:
    prefix = f"XYBG-{today:%Y%m%d}-"
    last = Report.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True)
    seq = int(last[0].rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def may_issue(user, subject: Subject) -> bool:
    return subject.code in access.own_codes(user) or access.reads_all(user)


def issue_report(subject: Subject, *, actor, purpose: str = "", start: dt.date | None = None,
                 end: dt.date | None = None, today: dt.date | None = None) -> Report:
    """Issue a signed report (the subject for itself, or staff); audited."""
    today = today_or(today)
    if not may_issue(actor, subject):
        raise DomainError("只能为本主体出具信用报告", code="forbidden")
    end = end or today
    start = start or dt.date(end.year - PERIOD_YEARS, end.month, min(end.day, 28))
    if start > end:
        raise DomainError("报告期间的开始日期不能晚于结束日期", field="start")
    if end > today:
        raise DomainError("报告期间不能晚于今天", field="end")
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _issue(subject, actor, purpose, start, end, today)
        except IntegrityError:
            continue
    raise DomainError("报告编号冲突，请重试")


def _issue(subject, actor, purpose, start, end, today) -> Report:
    from yiwang.org.models import Department

    rows = report_rows(subject, start, end)
    number = _number(today)
    fields = {"number": number, "subject_name": subject.name, "subject_code": public_code(subject),
              "period_from": start.isoformat(), "period_to": end.isoformat(), "issued_on": today.isoformat(),
              "record_count": len(rows), "records_digest": rp.records_digest(rows),
              "department_code": conf.report_department_code(), "key_id": ""}
    department = Department.objects.filter(code=fields["department_code"]).first()
    if department is None:
        raise DomainError(f"出具信用报告的部门（{fields['department_code']}）不存在，请检查设置")
    # the key id is part of what is signed: ask the provider which key, then sign with it
    key_id = signing.provider().key_id(fields["department_code"])
    fields["key_id"] = key_id
    payload = rp.canonical(fields)
    key_id2, signature = signing.provider().sign(fields["department_code"], payload)
    if key_id2 != key_id:
        raise DomainError("签名密钥在出具过程中轮换，请重试")
    grades = {"risk_class": subject.risk_class, "public_grade": subject.public_grade}
    report = Report.objects.create(number=number, subject=subject, period_from=start, period_to=end,
                                   issued_on=today, issued_by=actor if getattr(actor, "pk", None) else None,
                                   purpose=(purpose or "")[:100], department=department, key_id=key_id,
                                   token=rp.make_token(payload, signature), records=rows, grades=grades,
                                   records_digest=fields["records_digest"])
    audit(actor=actor, action="credit.report.issue", target=report,
          after={"number": number, "subject": public_code(subject), "records": len(rows), "key_id": key_id})
    return report


def verify(token: str) -> dict:
    """The public verification: signature by a platform key, and the report on file with the same digest."""
    try:
        decoded = rp.decode(token)
    except rp.MalformedReport as exc:
        return {"status": "forged", "reason": str(exc)}
    ok, who = signing.provider().verify(decoded.fields["key_id"], decoded.fields["department_code"],
                                        decoded.payload, decoded.signature)
    if not ok:
        return {"status": "forged", "reason": who, "fields": decoded.fields}
    report = Report.objects.filter(number=decoded.fields["number"]).first()
    if report is None or report.records_digest != decoded.fields["records_digest"]:
        return {"status": "forged", "reason": "平台未出具过该编号的信用报告，或报告内容不符", "fields": decoded.fields}
    return {"status": "valid", "reason": "", "fields": decoded.fields, "department_name": who, "report": report}
