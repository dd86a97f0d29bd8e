#!/usr/bin/env python
"""Issue 19 "Warnings at scale": the hourly warning sync over N open cases on PostgreSQL.

    .venv/bin/python bench/warning_sync.py --cases 100000 [--db yiwang_warnings_bench] [--write-docs]

Drops and recreates --db on 127.0.0.1:5432, migrates, loads the demo district without its case history,
`yiwang synth --cases 200` for the organisation, items and
applicants, then copies one synthesised case in SQL into N open cases of every kind (received, supplementing —
some deemed accepted under art. 32 —, under review at any step of two- and three-step tiers, suspended, a tenth with
a resumed suspension, some extended, decided and awaiting delivery, with a pending post-check), their acceptance
and receipt dates spread over the last 80 days. Then times, in the same run:
  * the SQL evaluation (supervision.watch_sql.raw_findings) over every candidate;
  * the first full sync (services.sync_warnings: every warning raised, audited, notified) and a second one the
    same day (nothing changes: the hourly steady state);
  * the Python baseline (watch.evaluate, the code the sync used before) over a sample of the candidates,
    extrapolated linearly to all of them, and checked equal to the SQL findings on that sample.
Writes var/bench-warnings/results.json and, with --write-docs, the section between the markers in
docs/performance.md. Never point it at a real database.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from perfdocs import replace_section  # bench/ is on the path when a bench runs

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- warnings-bench:start -->", "<!-- warnings-bench:end -->"
SAMPLE = 3000


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql], check=True,
                          text=True, capture_output=True).stdout.strip()


OVERRIDES = {
    "number": "NULL", "idempotency_key": "'bench-' || g",
    "state": "(ARRAY['received','supplementing','under_review','under_review','under_review','suspended',"
             "'approved','denied'])[1 + g % 8]",
    "tier": "(ARRAY['one_step','two_step','three_step','two_plus'])[1 + (g / 8) % 4]",
    "step_index": "(g / 32) % 3",
    "received_on": "current_date - (g % 80)", "pending_since": "current_date - (g % 80)",
    "accepted_on": "CASE WHEN g % 8 IN (0, 1) THEN NULL ELSE current_date - (g % 80) + 1 END",
    "deemed_accepted": "(g % 8 = 1 AND g % 5 = 0)",
    "limit_days": "(ARRAY[0, 5, 10, 15, 20, 30, 60])[1 + (g / 3) % 7]",
    "extension_days": "CASE WHEN g % 11 = 0 THEN 10 ELSE 0 END",
    "stopped_on": "CASE WHEN g % 8 IN (6, 7) THEN current_date - (g % 80) + 3 END",
    "decided_on": "CASE WHEN g % 8 IN (6, 7) THEN current_date - (g % 80) + 3 END",
    "delivery_due": "CASE WHEN g % 8 IN (6, 7) THEN current_date - (g % 80) + 17 END",
    "delivered_on": "NULL", "deadline": "NULL", "deferral_due": "CASE WHEN g % 13 = 0 THEN current_date + (g % 9) - 4 END",
    "created_at": "now()", "updated_at": "now() - interval '2 hours'",
}


def one(n: int, db: str, reuse: bool = False) -> dict:
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}", DJANGO_SETTINGS_MODULE="yiwang.settings")
    if reuse and psql(f"SELECT count(*) FROM pg_database WHERE datname = '{db}'") == "1" and int(psql(
            "SELECT count(*) FROM cases_case WHERE idempotency_key LIKE 'bench-%'", db)) == n:
        # the same generated cases, loaded by an earlier run: start again from no warnings
        psql("DELETE FROM supervision_warning WHERE id NOT IN (SELECT warning_id FROM supervision_supervisionorder "
             "WHERE warning_id IS NOT NULL)", db)
        return measure(db, env, load_s=None)
    psql(f"DROP DATABASE IF EXISTS {db}")
    psql(f"CREATE DATABASE {db}")
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}", DJANGO_SETTINGS_MODULE="yiwang.settings")
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-m", "django", "demo", "--history", "none"], env=env, check=True, cwd=ROOT, capture_output=True)
    subprocess.run([sys.executable, "-m", "django", "synth", "--cases", "200", "--no-progress"], env=env, check=True,
                   cwd=ROOT, capture_output=True)
    t = time.monotonic()
    template = psql("SELECT id FROM cases_case ORDER BY id LIMIT 1", db)
    cols = psql("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns "
                "WHERE table_name = 'cases_case' AND column_name <> 'id'", db).split(",")
    select = ", ".join(OVERRIDES.get(c, f"t.{c}") for c in cols)
    psql("DELETE FROM supervision_warning", db)
    psql(f"INSERT INTO cases_case ({', '.join(cols)}) SELECT {select} FROM cases_case t, generate_series(1, {n}) g "
         f"WHERE t.id = {template}", db)
    psql("""INSERT INTO cases_suspension (case_id, kind, reason, expected_days, started_on, started_by_id, resumed_on)
            SELECT c.id, 'expert_review', '专家评审', 10, c.accepted_on + 2, c.submitted_by_id,
                   CASE WHEN c.state = 'suspended' THEN NULL ELSE c.accepted_on + 9 END
            FROM cases_case c WHERE c.idempotency_key LIKE 'bench-%%' AND c.accepted_on IS NOT NULL
              AND (c.state = 'suspended' OR c.id % 10 = 0)""".replace("%%", "%"), db)
    psql("""INSERT INTO cases_postcheck (case_id, due_on, due_provisional, status, finding)
            SELECT c.id, c.stopped_on + 40, false, 'pending', '' FROM cases_case c
            WHERE c.idempotency_key LIKE 'bench-%' AND c.state = 'approved' AND c.id % 3 = 0""", db)
    psql("ANALYZE", db)
    return measure(db, env, load_s=round(time.monotonic() - t, 1))


def measure(db: str, env: dict, load_s) -> dict:
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from yiwang.cases.models import Case
    from yiwang.supervision import services, watch, watch_sql

    today = timezone.localdate()
    qs = watch.candidates(Case.objects.all())
    candidates = qs.count()
    t = time.monotonic()
    rows = watch_sql.raw_findings(qs, today)
    sql_eval_s = round(time.monotonic() - t, 2)
    t = time.monotonic()
    notify = os.environ.get("BENCH_FIRST_NOTIFY", "1") == "1"
    first = services.sync_warnings(today=today, notify=notify)
    first_s = round(time.monotonic() - t, 1)
    t = time.monotonic()
    second = services.sync_warnings(today=today)
    second_s = round(time.monotonic() - t, 1)
    sample_ids = list(qs.order_by("pk").values_list("pk", flat=True)[:SAMPLE])
    sample = watch.candidates(Case.objects.filter(pk__in=sample_ids))
    t = time.monotonic()
    py = watch.evaluate(sample, today)
    py_sample_s = time.monotonic() - t
    sq = watch_sql.evaluate(sample, today)
    key = lambda fs: {f.key: (f.level, f.due_on, f.remaining, f.detail, f.responsible_ids, f.head_ids) for f in fs}
    out = {"cases": Case.objects.count(), "candidates": candidates, "findings": len(rows), "load_s": load_s,
           "sql_eval_s": sql_eval_s, "first_sync_s": first_s, "first_sync": first, "first_notified": notify, "steady_sync_s": second_s,
           "steady_sync": second, "python_sample": len(sample_ids), "python_sample_s": round(py_sample_s, 2),
           "python_all_s": round(py_sample_s * candidates / max(len(sample_ids), 1), 1),
           "python_equals_sql": key(py) == key(sq)}
    connection.close()
    return out


def section(r: dict) -> str:
    n = r["candidates"]
    ratio = lambda a: round(a / r["python_all_s"], 3) if r["python_all_s"] else "—"
    lines = [START, "## Warnings at scale: the hourly warning sync (issue 19)", "",
             f"Measured by `bench/warning_sync.py` on PostgreSQL, the shared 2-core machine: {n:,} candidate cases "
             "(open, awaiting delivery or with a pending post-check; every kind: received, art. 32 deemed "
             "acceptances, under review at each step of multi-step tiers, suspended, resumed, extended, decided), "
             f"{r['findings']:,} warnings. The baseline is the Python evaluation the sync used before (watch.evaluate), "
             f"timed in the same run over {r['python_sample']:,} of the candidates and extrapolated linearly; on that "
             f"sample the SQL and Python findings were equal: {r['python_equals_sql']}.", "",
             "| what | SQL (watch_sql) | Python baseline | SQL ÷ Python |", "| --- | ---: | ---: | ---: |",
             f"| evaluate every candidate (s) | {r['sql_eval_s']} | {r['python_all_s']} | {ratio(r['sql_eval_s'])} |",
             f"| hourly sync, steady state (s) | {r['steady_sync_s']} | — | {ratio(r['steady_sync_s'])} |",
             f"| first sync, every warning raised, audited{' and notified' if r.get('first_notified', True) else ' (no messages)'} (s) "
             f"| {r['first_sync_s']} | — | — |"]
    if n < 1_000_000:
        lines += ["", f"Not run at 1,000,000 here: linear extrapolation (×{1_000_000 / n:g}) gives the SQL evaluation "
                  f"≈ {round(r['sql_eval_s'] * 1_000_000 / n, 1)} s and the steady-state sync "
                  f"≈ {round(r['steady_sync_s'] * 1_000_000 / n, 1)} s — an estimate, not a measurement."]
    lines.append(END)
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=100000)
    ap.add_argument("--db", default="yiwang_warnings_bench")
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--no-first-notify", action="store_true",
                    help="the first sync raises the warnings without messages (at 1M: a message per person per warning)")
    ap.add_argument("--reuse", action="store_true", help="keep --db's cases from an earlier run of the same size")
    ap.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.cases, args.db, args.reuse), default=str))
        return
    if args.no_first_notify:
        os.environ["BENCH_FIRST_NOTIFY"] = "0"
    proc = subprocess.run([sys.executable, __file__, "--one", "--cases", str(args.cases), "--db", args.db]
                          + (["--reuse"] if args.reuse else []),
                          cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    out = ROOT / "var/bench-warnings"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))
    block = section(result)
    if args.write_docs:
        replace_section(block, START, END)
    print(block)


if __name__ == "__main__":
    main()
