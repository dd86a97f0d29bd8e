#!/usr/bin/env python
"""Issue 15 "Measured": the verifiable draw of 双随机、一公开 over N enterprises.

    .venv/bin/python bench/inspections_draw.py --enterprises 1000000 [--same 100000]

For the PostgreSQL run it drops and recreates --db (default yiwang_inspections_bench) on 127.0.0.1:5432, migrates,
writes N active enterprises and their credit subjects in SQL (risk classes A 20 %, B 40 %, C 20 %, D 10 %,
unclassified 10 %), then times, median of --repeat runs:
  * snapshot: the scope query over the registry joined to credit, the yearly cap and recent-inspection filter
    (`inspections.queries.eligible_rows`), the canonical ordered file and its SM3 hash — what `announce_task` does
    before saving;
  * selection: the seed from three witness values and the per-class draw (`domain.draw.seed_of`, `select`);
  * replay: the standalone check of the four published files (`domain.draw.replay`: hash, parse, seed, select,
    compare) — what `python3 draw.py …` and the replay page do;
  * baselines of the same run: `SELECT 1` and `SELECT count(*)` over the enterprises, and SHA-256 over 32 MB.
Then, with --same M, the same M enterprises are written to a fresh PostgreSQL database and to a SQLite file and the
snapshot hash, the seed and the selection compared (they must be byte-identical). Results: var/bench-inspections/.
Never point it at a real database.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VALUES = ["3 17 42", "8 26 51", "4 0 7 9 2"]
RATIOS = {"A": "3", "B": "10", "C": "30", "D": "80", "N": "5"}
ENT_COLS = ("uscc, name, entity_type, industry_section, capital_currency, status, address, legal_representative, "
            "contact_name, contact_phone, business_scope, scale, scale_derived, scale_basis, scale_override, "
            "scale_override_reason, credit_grade, version, created_at, updated_at")


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql], check=True,
                          text=True, capture_output=True).stdout.strip()


def _code(g: str) -> str:
    return f"'91329901MC' || lpad(({g})::text, 8, '0')"


def fill_postgres(db: str, n: int) -> None:
    psql(f"""INSERT INTO enterprises_enterprise ({ENT_COLS})
             SELECT {_code('g')}, '合成' || g || '号有限公司', 'llc', 'F', '人民币', 'active', '', '', '', '', '',
                    '', '', '', '', '', '', 1, now(), now() FROM generate_series(1, {n}) g""", db)
    psql("""INSERT INTO credit_subject (code, code_index, kind, name, risk_class, public_grade, dishonest, created_at,
                                        enterprise_id)
            SELECT uscc, md5(uscc), 'legal', name,
                   (ARRAY['A','A','B','B','B','B','C','C','D',''])[1 + id % 10], '', false, now(), id
            FROM enterprises_enterprise""", db)
    psql("ANALYZE", db)


def fill_sqlite(n: int) -> None:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(f"""WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n})
                      INSERT INTO enterprises_enterprise ({ENT_COLS})
                      SELECT '91329901MC' || substr('00000000' || g, -8), '合成' || g || '号有限公司', 'llc', 'F',
                             '人民币', 'active', '', '', '', '', '', '', '', '', '', '', '', 1, datetime('now'),
                             datetime('now') FROM s""")
        c.execute("""INSERT INTO credit_subject (code, code_index, kind, name, risk_class, public_grade, dishonest,
                                                 created_at, enterprise_id)
                     SELECT uscc, hex(randomblob(16)) || id, 'legal', name,
                            CASE id % 10 WHEN 0 THEN 'A' WHEN 1 THEN 'A' WHEN 6 THEN 'C' WHEN 7 THEN 'C'
                                 WHEN 8 THEN 'D' WHEN 9 THEN '' ELSE 'B' END, '', 0, datetime('now'), id
                     FROM enterprises_enterprise""")


def median_s(fn, n: int):
    times, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 3), out


def measure(repeat: int) -> dict:
    """In a process whose Django points at the bench database (see --one)."""
    import django

    django.setup()
    import datetime as dt

    from django.db import connection

    from yiwang.inspections import queries
    from yiwang.inspections.domain import draw as core

    def snapshot():
        rows, _excluded = queries.eligible_rows({}, year=2026, today=dt.date(2026, 12, 2))
        data = core.snapshot_bytes(rows)
        return data, core.hash_hex("SM3", data)

    snap_s, (data, digest) = median_s(snapshot, repeat)
    rows = core.parse_snapshot(data)

    def selection():
        seed = core.seed_of("SM3", digest, VALUES)
        return core.select("SM3", rows, seed, RATIOS)

    sel_s, sel = median_s(selection, repeat)
    params = json.dumps({"rule": core.RULE, "algorithm": "SM3", "snapshot_hash": digest, "snapshot_count": len(rows),
                         "ratios": RATIOS, "seed_sources": [{"name": f"见证人{i}"} for i in range(3)]}).encode()
    seed_file = json.dumps({"values": [{"source": f"见证人{i}", "value": v} for i, v in enumerate(VALUES)],
                            "seed": sel.seed, "cutoffs": sel.cutoffs}).encode()
    selection_file = core.selection_bytes(sel)
    replay_s, result = median_s(lambda: core.replay(params, data, seed_file, selection_file), repeat)
    assert result.consistent, result.problems

    def ping():
        with connection.cursor() as c:
            c.execute("SELECT 1")
            c.fetchone()

    ping_s, _ = median_s(ping, 50)

    def count():
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM enterprises_enterprise")
            return c.fetchone()[0]

    count_s, n = median_s(count, repeat)
    blob = os.urandom(32 * 1024 * 1024)
    sha_s, _ = median_s(lambda: hashlib.sha256(blob).hexdigest(), repeat)
    return {"vendor": connection.vendor, "enterprises": n, "snapshot_s": snap_s, "selection_s": sel_s,
            "draw_s": round(snap_s + sel_s, 3), "replay_s": replay_s, "ping_ms": round(ping_s * 1000, 3),
            "count_s": count_s, "sha256_32mb_s": sha_s, "drawn": len(sel.drawn), "snapshot_mb": round(len(data) / 1e6, 1),
            "snapshot_hash": digest, "seed": sel.seed,
            "selection_sha256": hashlib.sha256(selection_file).hexdigest()}


def _run(env: dict, args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode:
        print(proc.stdout, proc.stderr)
        raise SystemExit(proc.returncode)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def on_postgres(n: int, db: str, repeat: int) -> dict:
    psql(f"DROP DATABASE IF EXISTS {db}")
    psql(f"CREATE DATABASE {db}")
    env = dict(os.environ, DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{db}", DJANGO_SETTINGS_MODULE="yiwang.settings",
               PYTHONPATH=str(ROOT / "src"))
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    t = time.monotonic()
    fill_postgres(db, n)
    load = round(time.monotonic() - t, 1)
    out = _run(env, ["--one", str(repeat)])
    psql(f"DROP DATABASE IF EXISTS {db}")
    return {**out, "load_s": load}


def on_sqlite(n: int, repeat: int) -> dict:
    path = Path(tempfile.mkdtemp(prefix="yiwang-insp-bench-")) / "bench.sqlite3"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{path}", DJANGO_SETTINGS_MODULE="yiwang.settings",
               PYTHONPATH=str(ROOT / "src"))
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    return _run(env, ["--fill-sqlite", str(n), "--one", str(repeat)])


def table(rows: list[dict]) -> str:
    out = ["| database | enterprises | snapshot (s) | selection (s) | draw = snapshot + selection (s) | replay (s) "
           "| count(*) (s) | SHA-256 of 32 MB (s) | SELECT 1 (ms) | drawn |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['vendor']} | {r['enterprises']:,} | {r['snapshot_s']} | {r['selection_s']} | {r['draw_s']} | "
                   f"{r['replay_s']} | {r['count_s']} | {r['sha256_32mb_s']} | {r['ping_ms']} | {r['drawn']:,} |")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, nargs="+", default=[1_000_000])
    ap.add_argument("--same", type=int, default=100_000, help="size of the SQLite/PostgreSQL identity check (0: skip)")
    ap.add_argument("--db", default="yiwang_inspections_bench")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results = []
    for n in args.enterprises:
        results.append(on_postgres(n, args.db, args.repeat))
        print(results[-1], flush=True)
    same = {}
    if args.same:
        pg, lite = on_postgres(args.same, args.db, 1), on_sqlite(args.same, 1)
        keys = ("snapshot_hash", "seed", "selection_sha256", "drawn")
        same = {"n": args.same, "identical": all(pg[k] == lite[k] for k in keys), "postgresql": pg, "sqlite": lite}
        results += [pg, lite]
        print(same, flush=True)
    out = ROOT / "var/bench-inspections"
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps({"runs": results, "same": same}, ensure_ascii=False, indent=1))
    (out / "table.md").write_text(table(results))
    print(table(results))
    if same:
        print("SQLite 与 PostgreSQL 结果一致" if same["identical"] else "SQLite 与 PostgreSQL 结果不一致")


if __name__ == "__main__":
    if "--one" in sys.argv:
        sys.path.insert(0, str(ROOT / "src"))
        if "--fill-sqlite" in sys.argv:
            import django

            django.setup()
            fill_sqlite(int(sys.argv[sys.argv.index("--fill-sqlite") + 1]))
        print(json.dumps(measure(int(sys.argv[sys.argv.index("--one") + 1])), ensure_ascii=False, default=str))
    else:
        main()
