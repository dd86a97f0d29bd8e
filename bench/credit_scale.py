#!/usr/bin/env python
"""Issue 12 "Measured": credit at scale on PostgreSQL.

    .venv/bin/python bench/credit_scale.py --subjects 100000 1000000     # fresh database per scale

For each scale it drops and recreates --db (default yiwang_credit_bench) on 127.0.0.1:5432, migrates, generates
N subjects and 5N records in SQL (kinds, severities and dates spread as in a district's data: mostly licensing
decisions and commitments, some penalties, few lists), then times:
  * the nightly run (`credit.services.bulk.regrade_bulk`) twice: first with every subject new (everything written,
    with explanations), then the next night (only the changes written);
  * one subject's credit check during intake (`credit.services.intake_verdict`), median of 200;
  * the public search by name (part of a name, trigram index) and by USCC, median of 100;
  * a baseline `SELECT 1` round trip, so figures can be read as ratios on another machine.
Results go to var/bench-credit/results.json and the Markdown table to --out (default var/bench-credit/table.md).
Never point it at a real database.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RECORDS_SQL = """
INSERT INTO credit_record (subject_id, kind, severity, special_field, title, decision_number, department_id,
    department_name, legal_basis, content, decided_on, valid_until, repairable_from, publish_until, publish_due,
    status, status_reason, correction_note, source, case_number, created_at, version)
SELECT s.id,
       CASE WHEN r.n % 100 < 45 THEN 'licensing' WHEN r.n % 100 < 75 THEN 'commitment'
            WHEN r.n % 100 < 90 THEN 'penalty' WHEN r.n % 100 < 95 THEN 'inspection'
            WHEN r.n % 100 < 97 THEN 'red_list' WHEN r.n % 100 < 98 THEN 'abnormal'
            WHEN r.n % 1000 < 985 THEN 'a_taxpayer' WHEN r.n % 1000 < 995 THEN 'dishonesty_list'
            ELSE 'serious_list' END,
       CASE WHEN r.n % 100 BETWEEN 75 AND 89 THEN (ARRAY['minor','general','general','serious'])[1 + r.n % 4]
            WHEN r.n % 100 BETWEEN 90 AND 94 THEN (ARRAY['pass','pass','problem','fail'])[1 + r.n % 4]
            WHEN r.n % 100 BETWEEN 45 AND 74 AND r.n % 3 = 0 THEN 'kept' ELSE '' END,
       '', '', 'BENCH-' || r.n, NULL, '区市场监督管理局', '', '',
       current_date - ((r.n * 7919) % 1400)::int, NULL, NULL, NULL, NULL, 'active', '', '', 'imported', '', now(), 1
FROM credit_subject s CROSS JOIN LATERAL (SELECT s.id * 5 + g AS n FROM generate_series(0, 4) g) r
"""


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql], check=True,
                          text=True, capture_output=True).stdout.strip()


def median_ms(fn, n: int) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def run_scale(n: int, db: str) -> dict:
    psql(f"DROP DATABASE IF EXISTS {db}")
    psql(f"CREATE DATABASE {db}")
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}",
               DJANGO_SETTINGS_MODULE="yiwang.settings")
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    t = time.monotonic()
    # codes are stored encrypted with a keyed index in production; the bench writes plain codes (read back as
    # given) and a unique stand-in index, so lookups by code cost what they cost, without the SM4 of 1M rows
    psql(f"""INSERT INTO credit_subject (code, code_index, kind, name, risk_class, public_grade, dishonest,
                                         created_at)
             SELECT '9132990' || lpad(g::text, 11, '0'), md5(g::text), 'legal',
                    (ARRAY['江澄','明湖','青枫','湖畔','星辰','恒安'])[1 + g % 6] || '示范' || g || '号有限公司',
                    '', '', false, now() FROM generate_series(1, {n}) g""", db)
    psql(RECORDS_SQL, db)
    psql("ANALYZE", db)
    load_s = round(time.monotonic() - t, 1)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from yiwang.credit import queries
    from yiwang.credit.models import Record, Subject
    from yiwang.credit.services import intake_verdict
    from yiwang.credit.services.bulk import regrade_bulk
    from yiwang.org.models import Applicant

    connection.close()
    t = time.monotonic()
    first = regrade_bulk()
    first_s = round(time.monotonic() - t, 1)
    t = time.monotonic()
    second = regrade_bulk()
    second_s = round(time.monotonic() - t, 1)
    codes = list(Subject.objects.order_by("?").values_list("code", flat=True)[:200])
    applicants = [Applicant(kind="legal", name="x", id_number=c) for c in codes]
    it = iter(applicants * 2)
    check_ms = median_ms(lambda: intake_verdict(next(it)), 200)
    names = ["示范1234", "星辰示范9", "湖畔示范77"]
    it2 = iter(names * 100)
    by_name_ms = median_ms(lambda: queries.search(next(it2)), 100)
    it3 = iter(codes * 2)
    by_code_ms = median_ms(lambda: queries.search(next(it3)), 100)

    def ping():
        with connection.cursor() as c:
            c.execute("SELECT 1")
            c.fetchone()

    ping_ms = median_ms(ping, 200)
    out = {"subjects": n, "records": Record.objects.count(), "load_s": load_s, "first_run_s": first_s,
           "first": first, "next_night_s": second_s, "next": second, "check_ms": check_ms,
           "search_name_ms": by_name_ms, "search_code_ms": by_code_ms, "ping_ms": ping_ms}
    connection.close()
    return out


def table(results: list[dict]) -> str:
    rows = ["| subjects | records | nightly, all new (s) | next night (s) | credit check (ms) | search by name (ms) "
            "| search by USCC (ms) | SELECT 1 (ms) |", "|---|---|---|---|---|---|---|---|"]
    for r in results:
        rows.append(f"| {r['subjects']:,} | {r['records']:,} | {r['first_run_s']} | {r['next_night_s']} | "
                    f"{r['check_ms']} | {r['search_name_ms']} | {r['search_code_ms']} | {r['ping_ms']} |")
    return "\n".join(rows) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--subjects", type=int, nargs="+", default=[100000])
    ap.add_argument("--db", default="yiwang_credit_bench")
    ap.add_argument("--out", default=str(ROOT / "var/bench-credit/table.md"))
    args = ap.parse_args()
    results = []
    for n in args.subjects:
        # each scale in its own process: django.setup() once per process
        proc = subprocess.run([sys.executable, __file__, "--one", str(n), "--db", args.db], cwd=ROOT,
                              capture_output=True, text=True)
        if proc.returncode:
            print(proc.stdout, proc.stderr)
            raise SystemExit(proc.returncode)
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(results[-1], flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    (Path(args.out).parent / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    Path(args.out).write_text(table(results))
    psql(f"DROP DATABASE IF EXISTS {args.db}")
    print(table(results))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        db = sys.argv[sys.argv.index("--db") + 1]
        sys.path.insert(0, str(ROOT / "src"))
        print(json.dumps(run_scale(int(sys.argv[2]), db), ensure_ascii=False, default=str))
    else:
        main()
