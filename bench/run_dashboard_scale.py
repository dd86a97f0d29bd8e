#!/usr/bin/env python
"""Issue 5 "Measured": the efficiency dashboard at 100k, 1M and 5M cases on PostgreSQL.

    .venv/bin/python bench/run_dashboard_scale.py                     # fresh database, 100k → 1M → 5M
    .venv/bin/python bench/run_dashboard_scale.py --keep --scales 5000000   # top an existing database up

It drops and recreates --db (default yiwang_dash) on 127.0.0.1:5432 (unless --keep), migrates, loads the demo and, for
each scale, tops the cases up with `yiwang synth` (cases spread over the last two years), rebuilds the rollup of the
whole synthetic period (timed: the cost of a full `yiwang supervision rollup --from --to`), runs the periodic task's
35-day refresh (timed), then times every dashboard figure for --year and the whole district, one department's view
and the rendered page (bench/dashboard.py). Raw results go to var/bench-dashboard/results.json; the Markdown table
to --out (default var/bench-dashboard/table.md). --drop drops the database at the end. Never point it at a real
database.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql], check=True,
                          text=True, capture_output=True).stdout.strip()


def sh(cmd: list[str], env: dict) -> float:
    print("$", " ".join(cmd), flush=True)
    t = time.monotonic()
    subprocess.run(cmd, env=env, check=True, cwd=ROOT)
    return round(time.monotonic() - t, 1)


def machine() -> dict:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "postgres": psql("SHOW server_version"), "platform": platform.platform()}


# The synthetic cases carry no ratings (好差评), yet the dashboard reads them straight from ratings_rating: give every
# concluded case its 一事一评 rating (as the default rating would), ~3 % negative, 80 % of those rectified and replied.
RATINGS_SQL = """
INSERT INTO ratings_rating (case_id, service, applicant_id, department_id, item_id, grade, negative, tags, comment,
    channel, on_behalf, is_default, service_on, rated_on, editable_until, excluded, excluded_reason, version,
    created_at, updated_at)
SELECT c.id, 'case', c.applicant_id, c.department_id, v.item_id, g.grade, g.grade <= 2, '[]'::jsonb, '',
    CASE WHEN c.id % 4 = 0 THEN 'system' ELSE 'portal' END, false, c.id % 4 = 0, d.cday, d.cday + (c.id % 5)::int,
    now(), false, '', 1, now(), now()
FROM cases_case c JOIN catalog_itemversion v ON v.id = c.item_version_id
CROSS JOIN LATERAL (SELECT COALESCE(c.decided_on, c.stopped_on, c.received_on) AS cday) d
CROSS JOIN LATERAL (SELECT CASE WHEN c.id % 100 < 3 THEN 1 + (c.id % 2) ELSE 5 - (c.id % 3) END AS grade) g
WHERE c.state IN ('approved', 'denied', 'delivered', 'revoked', 'refused', 'withdrawn', 'terminated')
ON CONFLICT DO NOTHING;
INSERT INTO ratings_rectification (rating_id, department_id, status, opened_on, follow_up_due, reply_due, replied_on,
    contact_method, contact_note, verification, measures, reply, rater_comment, appeal_status, appeal_ground,
    appeal_reason, review_reason, version, created_at, updated_at)
SELECT r.id, r.department_id, CASE WHEN r.id % 5 = 0 THEN 'open' ELSE 'replied' END, r.rated_on, r.rated_on + 1,
    r.rated_on + 15, CASE WHEN r.id % 5 = 0 THEN NULL ELSE r.rated_on + 7 END, '', '', '', '', '', '', '', '',
    '', '', 1, now(), now()
FROM ratings_rating r WHERE r.negative AND NOT EXISTS (SELECT 1 FROM ratings_rectification x WHERE x.rating_id = r.id);
ANALYZE ratings_rating; ANALYZE ratings_rectification;
"""


# Proposed for the ratings app (not in its migrations yet): lets the dashboard's per-department rating counts
# (yiwang.ratings.queries.rating_counts) read an index instead of the table. Measured with and without.
PROPOSED_INDEX = ("CREATE INDEX IF NOT EXISTS bench_ratings_day_dept ON ratings_rating (rated_on, department_id, negative) "
                  "INCLUDE (id) WHERE NOT excluded")
DROP_PROPOSED = "DROP INDEX IF EXISTS bench_ratings_day_dept"


def with_proposed_index(n: int, env: dict, args, data_dir: Path) -> dict:
    """The figures again (no refresh) with PROPOSED_INDEX in place; the index is dropped afterwards."""
    psql(PROPOSED_INDEX, args.db)
    psql("VACUUM ANALYZE ratings_rating", args.db)
    out_json = data_dir / f"scale-{n}-index.json"
    try:
        subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "dashboard.py"), "--year", str(args.year),
                        "--repeat", str(args.repeat), "--json", str(out_json)], env=env, cwd=ROOT)
    finally:
        psql(DROP_PROPOSED, args.db)
    return json.loads(out_json.read_text())


def at_scale(n: int, env: dict, args, data_dir: Path) -> dict:
    first = psql("SELECT min(received_on) FROM cases_case", args.db)
    today = date.today().isoformat()
    out_json = data_dir / f"scale-{n}.json"
    cmd = [str(BIN / "python"), str(ROOT / "bench" / "dashboard.py"), "--year", str(args.year),
           "--repeat", str(args.repeat), "--json", str(out_json), "--refresh-recent"]
    if n <= args.full_refresh_max:
        cmd[6:6] = ["--refresh-full", first, today]
    elif n <= args.year_refresh_max:  # the figures measured are the year's: rebuild at least that
        cmd[6:6] = ["--refresh"]
    # above both: only the periodic task's 35-day refresh; older rows stay as the previous scale left them
    subprocess.run(cmd, env=env, cwd=ROOT)  # exit status 1 = some figure over 1 s: still a result
    return json.loads(out_json.read_text())


def fmt_table(results: list[dict]) -> str:
    names = list(results[0]["figures"])
    head = "| figure (year, median / max ms) | " + " | ".join(f"{r['cases']:,} cases" for r in results) + " |"
    lines = [head, "|---|" + "---|" * len(results)]
    def refresh_cell(r, kinds):
        hits = [x for x in r["refresh"] if x["kind"] in kinds]
        return " ".join(f"{x['from']}..{x['to']}: {x['seconds']:.0f} s ({x['rows']:,} rows)" for x in hits) or "—"

    extra = [("cases made by `yiwang synth`", lambda r: f"{r['synth_cases']:,}"),
             ("rollup rebuild (timed)", lambda r: refresh_cell(r, ("full", "year"))),
             ("rollup refresh, periodic 35 days", lambda r: refresh_cell(r, ("recent",))),
             ("rollup rows in the year", lambda r: f"{r['rollup_rows_year']:,}"),
             ("load average (1 min) before → after", lambda r: f"{r['load_before'][0]:.1f} → {r['load_after'][0]:.1f}"),
             ("all figures under 1 s (max)", lambda r: f"{'yes' if r['all_under_1s'] else 'NO'} "
                                                       f"({r['worst_max_ms']:.0f} ms)")]
    for label, cell in extra:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")
    for name in names:
        cells = []
        for r in results:
            f = r["figures"].get(name)
            cells.append("—" if f is None else f"{f['median_ms']:.0f} / {f['max_ms']:.0f}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="yiwang_dash")
    parser.add_argument("--scales", default="100000,1000000,5000000")
    parser.add_argument("--year", type=int, default=date.today().year)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="use the existing database (top it up)")
    parser.add_argument("--no-ratings", dest="ratings", action="store_false",
                        help="do not give the synthetic concluded cases ratings")
    parser.add_argument("--no-proposed-index", dest="proposed_index", action="store_false",
                        help="skip the second measurement with the proposed ratings index")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--full-refresh-max", type=int, default=10_000_000,
                        help="above this many cases rebuild only the measured year instead of the whole period")
    parser.add_argument("--year-refresh-max", type=int, default=10_000_000,
                        help="above this many cases run only the periodic 35-day refresh")
    parser.add_argument("--out", default=str(ROOT / "var" / "bench-dashboard" / "table.md"))
    args = parser.parse_args(argv)
    if not args.db.replace("_", "").isalnum():
        parser.error("--db: letters, digits and _ only")
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}"}
    yiwang = str(BIN / "yiwang")
    data_dir = ROOT / "var" / "bench-dashboard"
    data_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    if not args.keep:
        psql(f"DROP DATABASE IF EXISTS {args.db}")
        psql(f"CREATE DATABASE {args.db}")
        sh([yiwang, "migrate", "-v0"], env)
        sh([yiwang, "demo", "--force"], env)
    results, synth_seconds = [], {}
    for n in [int(s) for s in args.scales.split(",")]:
        have = int(psql("SELECT count(*) FROM cases_case", args.db))
        if n > have:
            synth_seconds[n] = sh([yiwang, "synth", "--cases", str(n - have), "--seed", str(n), "--force",
                                   "--no-progress"], env)
            psql("VACUUM ANALYZE cases_case", args.db)
        if args.ratings:
            t = time.monotonic()
            psql(RATINGS_SQL, args.db)
            print(f"ratings seeded: {psql('SELECT count(*) FROM ratings_rating', args.db)} "
                  f"in {time.monotonic() - t:.0f} s", flush=True)
        res = at_scale(n, env, args, data_dir)
        res["scale"] = n
        res["synth_cases"] = max(n, have)
        if args.proposed_index:
            res["with_proposed_index"] = with_proposed_index(n, env, args, data_dir)
        results.append(res)
        print(json.dumps({k: res[k] for k in ("cases", "refresh", "worst_max_ms", "all_under_1s")}, default=str),
              flush=True)
        (data_dir / "results.json").write_text(json.dumps(
            {"when": datetime.now().astimezone().isoformat(timespec="minutes"), "machine": machine(),
             "synth_seconds": synth_seconds, "results": results,
             "total_minutes": round((time.monotonic() - t0) / 60, 1)}, ensure_ascii=False, indent=1, default=str))
    Path(args.out).write_text(fmt_table(results) + "\n")
    print("table:", args.out, "raw:", data_dir / "results.json")
    if args.drop:
        psql(f"DROP DATABASE IF EXISTS {args.db}")


if __name__ == "__main__":
    main()
