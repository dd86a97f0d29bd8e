"""The nightly recomputation of both grades for every subject, in bulk.

Records are streamed once, ordered by subject (a server-side cursor on PostgreSQL); each subject's class and
grade come from the fast scorer (the same arithmetic as the explained one, tested to agree); subjects whose grade
or score changed are written back in batches, each with a history row carrying its explanation. Subjects without
records all get the model's base grade in one statement."""
from __future__ import annotations

import datetime as dt
import json
from itertools import groupby

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
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
    """Write one batch: [(subject_id, facts, new)]; history rows with explanations for the changed ones."""
    if not batch:
        return
    subjects, grades = [], []
    for sid, facts, new in batch:
        subjects.append((sid, new["risk_class"][0], new["risk_class"][1], new["public_grade"][0],
                         new["public_grade"][1], new["dishonest"]))
        full = [grading.Fact(str(rid), kind, on, sev, title) for rid, kind, on, sev, title in facts]
        for kind, (gm, model, _fast) in engines.items():
            result = model.score(full, today)
            grades.append((sid, gm.pk, kind, result.grade, result.group, result.score, result.explanation()))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            _write_pg(subjects, grades, now)
        else:
            Subject.objects.bulk_update(
                [Subject(pk=sid, risk_class=rc, risk_score=rs, public_grade=pg, public_score=ps, dishonest=d,
                         graded_at=now) for sid, rc, rs, pg, ps, d in subjects],
                ["risk_class", "risk_score", "public_grade", "public_score", "dishonest", "graded_at"],
                batch_size=2000)
            Grade.objects.bulk_create(
                [Grade(subject_id=sid, model_id=mid, kind=kind, grade=g, group=grp, score=sc, explanation=ex,
                       computed_at=now, trigger="nightly") for sid, mid, kind, g, grp, sc, ex in grades],
                batch_size=2000)


def _write_pg(subjects, grades, now):
    """PostgreSQL: COPY the new values into a temporary table and update from it in one statement; COPY the
    history rows straight into their table (a multi-row INSERT spends most of its time quoting the explanations)."""
    with connection.cursor() as c:
        c.execute("CREATE TEMP TABLE credit_regrade_tmp (id bigint PRIMARY KEY, rc varchar(2), rs double precision, "
                  "pg varchar(3), ps double precision, d boolean) ON COMMIT DROP")
        with c.cursor.copy("COPY credit_regrade_tmp (id, rc, rs, pg, ps, d) FROM STDIN") as copy:
            for row in subjects:
                copy.write_row(row)
        c.execute("UPDATE credit_subject s SET risk_class = t.rc, risk_score = t.rs, public_grade = t.pg, "
                  "public_score = t.ps, dishonest = t.d, graded_at = %s FROM credit_regrade_tmp t WHERE s.id = t.id",
                  [now])
        table = connection.ops.quote_name(Grade._meta.db_table)
        with c.cursor.copy(f'COPY {table} (subject_id, model_id, kind, grade, "group", score, explanation, '
                           'computed_at, trigger) FROM STDIN') as copy:
            for sid, mid, kind, g, grp, sc, ex in grades:
                copy.write_row((sid, mid, kind, g, grp, sc, json.dumps(ex, ensure_ascii=False), now, "nightly"))


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
    has_active = Exists(Record.objects.filter(subject_id=OuterRef("pk"), status=Record.Status.ACTIVE))
    differs = (~Q(risk_class=base_risk[0]) | ~Q(public_grade=base_public[0]) | Q(dishonest=True)
               | Q(risk_score__isnull=True) | Q(public_score__isnull=True)
               | ~Q(risk_score=base_risk[1]) | ~Q(public_score=base_public[1]))
    empty = Subject.objects.filter(~has_active).filter(differs)
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
