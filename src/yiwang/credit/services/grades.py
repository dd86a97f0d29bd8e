"""Grade models (versioned) and subjects' grades: computed on a new record, nightly, and when a model changes."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yiwang.org.models import Applicant

from .. import access
from ..domain import grading
from ..domain import kinds as k
from ..models import Grade, GradeModel, Record, Subject
from .common import Conflict, DomainError, audit, today_or

SHIPPED = {GradeModel.Kind.RISK_CLASS: grading.RISK_CLASS_V1, GradeModel.Kind.PUBLIC_GRADE: grading.PUBLIC_GRADE_V1}


@lru_cache(maxsize=32)
def _engine(model_id: int, _version_marker: str) -> grading.GradeModel:
    return grading.GradeModel(GradeModel.objects.get(pk=model_id).params)


def active_models() -> list[GradeModel]:
    models = list(GradeModel.objects.filter(status=GradeModel.Status.ACTIVE))
    if not models:
        ensure_shipped_models()
        models = list(GradeModel.objects.filter(status=GradeModel.Status.ACTIVE))
    return models


@transaction.atomic
def ensure_shipped_models(actor=None) -> int:
    """Version 1 of both models, active, if a kind has no model yet."""
    n = 0
    for kind, params in SHIPPED.items():
        if not GradeModel.objects.filter(kind=kind).exists():
            gm = GradeModel.objects.create(kind=kind, version=1, name=params["name"], params=params,
                                           status=GradeModel.Status.ACTIVE, activated_at=timezone.now(),
                                           note="初始版本")
            audit(actor=actor, action="credit.model.create", target=gm, after={"kind": kind, "version": 1})
            n += 1
    return n


def _require_office(actor):
    if actor is not None and not access.is_office(actor):
        raise DomainError("只有信用管理部门可以管理评价模型和奖惩措施", code="forbidden")


@transaction.atomic
def new_model_version(*, actor, kind: str, params: dict, note: str, name: str = "") -> GradeModel:
    """A new draft version of a model (checked before saving)."""
    _require_office(actor)
    if kind not in GradeModel.Kind.values:
        raise DomainError("模型类别无效", field="kind")
    errors = grading.validate(params)
    if errors:
        raise DomainError("；".join(errors), field="params")
    if not (note or "").strip():
        raise DomainError("请写明本次修订的说明", field="note")
    last = GradeModel.objects.filter(kind=kind).aggregate(m=Max("version"))["m"] or 0
    gm = GradeModel.objects.create(kind=kind, version=last + 1, name=name or params.get("name") or
                                   GradeModel.Kind(kind).label, params=params, note=note.strip(),
                                   created_by=actor if getattr(actor, "pk", None) else None)
    audit(actor=actor, action="credit.model.create", target=gm, after={"kind": kind, "version": gm.version,
                                                                        "params": params})
    return gm


@transaction.atomic
def activate_model(model: GradeModel, *, actor) -> GradeModel:
    """Make this version the one in force (the previous one retired); grades are recomputed by the nightly run or
    `regrade_all`."""
    _require_office(actor)
    model = GradeModel.objects.select_for_update().get(pk=model.pk)
    if model.status == GradeModel.Status.ACTIVE:
        raise Conflict("该版本已在使用中")
    old = GradeModel.objects.select_for_update().filter(kind=model.kind, status=GradeModel.Status.ACTIVE).first()
    if old:
        old.status = GradeModel.Status.RETIRED
        old.save(update_fields=["status"])
    model.status, model.activated_at = GradeModel.Status.ACTIVE, timezone.now()
    model.save(update_fields=["status", "activated_at"])
    audit(actor=actor, action="credit.model.activate", target=model,
          before={"active": old.version if old else None}, after={"active": model.version})
    return model


def facts_of(records) -> list[grading.Fact]:
    return [grading.Fact(str(r.pk), r.kind, r.decided_on, r.severity, r.decision_number or r.title)
            for r in records]


def _sync_applicants(subject: Subject, active: list[Record]) -> None:
    """Applicant.is_dishonest and commitment_breached are derived from the records (kept for older readers)."""
    dishonest = [r for r in active if r.is_dishonest and r.kind != k.COMMITMENT_BREACH]
    breach = [r for r in active if r.kind == k.COMMITMENT_BREACH]
    reason = "；".join(f"{r.get_kind_display()}（{r.source_department}）" for r in dishonest)[:200]
    Applicant.objects.by_identifier(subject.code).exclude(
        is_dishonest=bool(dishonest), dishonest_reason=reason).update(is_dishonest=bool(dishonest),
                                                                       dishonest_reason=reason)
    Applicant.objects.by_identifier(subject.code).exclude(commitment_breached=bool(breach)).update(
        commitment_breached=bool(breach),
        commitment_breach_note=(breach[0].decision_number if breach else "")[:200])


def regrade(subject: Subject, *, trigger: str = "record", today: dt.date | None = None) -> dict:
    """Recompute both grades of one subject from its active records; a new history row when a grade changes."""
    today = today_or(today)
    active = list(Record.objects.filter(subject=subject, status=Record.Status.ACTIVE).select_related("department"))
    facts = facts_of(active)
    now = timezone.now()
    out = {}
    for gm in active_models():
        result = _engine(gm.pk, gm.activated_at.isoformat() if gm.activated_at else "").score(facts, today)
        last = Grade.objects.filter(subject=subject, kind=gm.kind).first()
        expl = result.explanation()
        if last is None or (last.model_id, last.grade, round(last.score, 2), last.explanation) != (
                gm.pk, result.grade, round(result.score, 2), expl):
            Grade.objects.create(subject=subject, model=gm, kind=gm.kind, grade=result.grade, group=result.group,
                                 score=result.score, explanation=expl, computed_at=now, trigger=trigger)
        out[gm.kind] = result
    subject.risk_class = out[GradeModel.Kind.RISK_CLASS].grade if GradeModel.Kind.RISK_CLASS in out else ""
    subject.public_grade = out[GradeModel.Kind.PUBLIC_GRADE].grade if GradeModel.Kind.PUBLIC_GRADE in out else ""
    subject.risk_score = out[GradeModel.Kind.RISK_CLASS].score if GradeModel.Kind.RISK_CLASS in out else None
    subject.public_score = out[GradeModel.Kind.PUBLIC_GRADE].score if GradeModel.Kind.PUBLIC_GRADE in out else None
    subject.dishonest = any(r.is_dishonest for r in active)
    subject.graded_at = now
    subject.save(update_fields=["risk_class", "public_grade", "risk_score", "public_score", "dishonest",
                                "graded_at"])
    _sync_applicants(subject, active)
    return out


def regrade_all(*, today: dt.date | None = None, batch: int = 2000) -> int:
    """Every subject one by one (each batch its own transaction), with the applicant flags kept in sync; the
    nightly task uses `bulk.regrade_bulk` and then this only for the subjects linked to applicants."""
    link_enterprises()
    n = 0
    last = 0
    while True:
        ids = list(Subject.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch])
        if not ids:
            return n
        with transaction.atomic():
            for subject in Subject.objects.filter(pk__in=ids):
                regrade(subject, trigger="nightly", today=today)
                n += 1
        last = ids[-1]


def current_grades(subject: Subject) -> dict:
    out = {}
    for kind in GradeModel.Kind.values:
        g = Grade.objects.filter(subject=subject, kind=kind).select_related("model").first()
        if g:
            out[kind] = g
    return out


def sync_applicant_flags() -> int:
    """After the bulk run: the applicants' derived flags, for subjects linked to an applicant."""
    n = 0
    for subject in Subject.objects.filter(applicant__isnull=False).iterator(chunk_size=2000):
        with transaction.atomic():
            _sync_applicants(subject, list(Record.objects.filter(subject=subject, status=Record.Status.ACTIVE)
                                           .select_related("department")))
        n += 1
    return n


def link_enterprises() -> int:
    """Enterprises registered after their first credit record: link them (by the subject's index of the USCC)."""
    from yiwang.enterprises.models import Enterprise
    from yiwang.org.pii import index

    from ..models import CODE_CONTEXT

    n = 0
    for ent_id, uscc in Enterprise.objects.filter(credit_subject__isnull=True).values_list("pk", "uscc").iterator():
        n += Subject.objects.filter(enterprise__isnull=True, kind=Subject.Kind.LEGAL,
                                    code_index=index(uscc, CODE_CONTEXT)).update(enterprise_id=ent_id)
    return n
