"""The nightly recomputation of both grades for every subject, in bulk.

Records are streamed once, ordered by subject (a server-side cursor on PostgreSQL); each subject's class and
grade come from the fast scorer (the same arithmetic as the explained one, tested to agree); subjects whose grade
or score changed are written back in batches, each with a history row carrying its explanation. Subjects without
records all get the model's base grade in one statement."""
from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from ..domain import grading
from ..domain import kinds as k
from ..models import Grade, GradeModel, Record, Subject
from .common import today_or
from .grades import active_models

DISHONEST = frozenset(k.DISHONEST_KINDS)


def _engines():
    models = {gm.kind: gm for gm in active_models()}
    return {kind: (gm, grading.GradeModel(gm.params), grading.FastScorer(grading.GradeModel(gm.params)))
            for kind, gm in models.items()}


def _flush(batch, engines, today, now):
    """Write one batch: [(subject_id, facts, old, new)]; history rows with explanations for the changed ones."""
    if not batch:
        return
    subjects, grades = [], []
    for sid, facts, new in batch:
        s = Subject(pk=sid, risk_class=new["risk_class"][0], risk_score=new["risk_class"][1],
                    public_grade=new["public_grade"][0], public_score=new["public_grade"][1],
                    dishonest=new["dishonest"], graded_at=now)
        subjects.append(s)
        full = [grading.Fact(str(rid), kind, on, sev, title) for rid, kind, on, sev, title in facts]
        for kind, (gm, model, _fast) in engines.items():
            result = model.score(full, today)
            grades.append(Grade(subject_id=sid, model=gm, kind=kind, grade=result.grade, group=result.group,
                                score=result.score, explanation=result.explanation(), computed_at=now,
                                trigger="nightly"))
    with transaction.atomic():
        Subject.objects.bulk_update(subjects, ["risk_class", "risk_score", "public_grade", "public_score",
                                               "dishonest", "graded_at"], batch_size=2000)
        Grade.objects.bulk_create(grades, batch_size=2000)


def regrade_bulk(*, today: dt.date | None = None, batch: int = 5000) -> dict:
    """Recompute every subject. Returns counts: subjects with records, changed, and subjects without records."""
    today = today_or(today)
    now = timezone.now()
    engines = _engines()
    risk = engines.get(GradeModel.Kind.RISK_CLASS)
    public = engines.get(GradeModel.Kind.PUBLIC_GRADE)
    current = {}
    rows = (Record.objects.filter(status=Record.Status.ACTIVE).order_by("subject_id")
            .values_list("subject_id", "id", "kind", "decided_on", "severity", "decision_number"))
    seen = changed = 0
    pending = []
    it = rows.iterator(chunk_size=20000)
    for sid, group in groupby(it, key=lambda r: r[0]):
        facts = [(r[1], r[2], r[3], r[4], r[5]) for r in group]
        short = [(f[1], f[2], f[3]) for f in facts]
        new = {"risk_class": risk[2].score(short, today) if risk else ("", None),
               "public_grade": public[2].score(short, today) if public else ("", None),
               "dishonest": any(f[1] in DISHONEST or (f[1] == k.PENALTY and f[3] == k.SERIOUS) for f in facts)}
        seen += 1
        current[sid] = (new, facts)
        if len(current) >= batch:
            changed += _write_changed(current, engines, today, now)
            current = {}
    changed += _write_changed(current, engines, today, now)
    # subjects without active records: the base grade, in one statement
    base_risk = risk[2].score([], today) if risk else ("", None)
    base_public = public[2].score([], today) if public else ("", None)
    empty = (Subject.objects.exclude(pk__in=Record.objects.filter(status=Record.Status.ACTIVE).values("subject_id"))
             .exclude(risk_class=base_risk[0], public_grade=base_public[0], risk_score=base_risk[1],
                      public_score=base_public[1], dishonest=False))
    cleared = empty.update(risk_class=base_risk[0], risk_score=base_risk[1], public_grade=base_public[0],
                           public_score=base_public[1], dishonest=False, graded_at=now)
    return {"subjects_with_records": seen, "changed": changed, "reset_to_base": cleared}


def _write_changed(current: dict, engines, today, now) -> int:
    if not current:
        return 0
    old = {sid: (rc, rs, pg, ps, d) for sid, rc, rs, pg, ps, d in Subject.objects.filter(pk__in=list(current))
           .values_list("pk", "risk_class", "risk_score", "public_grade", "public_score", "dishonest")}
    batch = []
    for sid, (new, facts) in current.items():
        o = old.get(sid)
        key = (new["risk_class"][0], _r(new["risk_class"][1]), new["public_grade"][0], _r(new["public_grade"][1]),
               new["dishonest"])
        if o is None or (o[0], _r(o[1]), o[2], _r(o[3]), o[4]) != key:
            batch.append((sid, facts, new))
    _flush(batch, engines, today, now)
    return len(batch)


def _r(x):
    return None if x is None else round(x, 4)
