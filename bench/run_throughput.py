#!/usr/bin/env python
"""Throughput benchmark (issue 3 "Measured"): a real server (gunicorn, PostgreSQL, DEBUG off) driven from a second
process over loopback, each scenario reported as a ratio to the bare JSON view /healthz served by the same server
in the same run; and the clerk's inbox (open cases by deadline) at growing numbers of cases.

    .venv/bin/python bench/run_throughput.py                      # 10k, 100k, 1M cases; writes docs/performance.md
    .venv/bin/python bench/run_throughput.py --scales 10000 --no-write   # a quick look

It drops and recreates the database --db (default yiwang_bench) on 127.0.0.1:5432, migrates, loads the demo,
tops the cases up to each scale with `yiwang synth`, and at each scale starts gunicorn (2 gthread workers) on a
free loopback port. Every request loop is bounded by --requests and --seconds. Never point it at a real database.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OPEN_STATES = "received,supplementing,under_review,suspended"
PROPOSED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS bench_case_hall_open_deadline ON cases_case (hall_id, deadline, pending_since, id) "
    "WHERE state IN ('received', 'supplementing', 'under_review', 'suspended')",
    "CREATE INDEX IF NOT EXISTS bench_case_dept_open_deadline ON cases_case (department_id, deadline, pending_since, "
    "id) WHERE state IN ('received', 'supplementing', 'under_review', 'suspended')",
]
DROP_PROPOSED = "DROP INDEX IF EXISTS bench_case_hall_open_deadline, bench_case_dept_open_deadline"
CLERK, APPLICANT, PASSWORD = "clerk01", "zhangwei", "yiwang-demo-2026"


def proxied(port: int) -> dict:
    """What nginx adds in production (TLS ends there): the request counts as HTTPS, as in docs/deployment.md."""
    return {"X-Forwarded-Proto": "https", "Referer": f"https://127.0.0.1:{port}/"}


# ---- the load driver (runs in its own process) ---------------------------------------------------------------------
def drive(cfg: dict) -> dict:
    """Hit one scenario from `threads` keep-alive connections until `requests` are done or `seconds` pass."""
    host, port = cfg["host"], cfg["port"]
    lock, state = threading.Lock(), {"sent": 0, "errors": 0, "codes": {}}
    latencies: list[float] = []
    deadline = time.monotonic() + cfg["seconds"]
    ids = cfg.get("ids") or [0]

    def request_for(i: int):
        headers = {"Accept": "application/json", "Cookie": cfg.get("cookie", ""), **proxied(port)}
        if cfg["scenario"] == "healthz":
            return "GET", "/healthz", None, headers
        if cfg["scenario"] == "detail":
            return "GET", f"/api/v1/cases/{ids[i % len(ids)]}/", None, headers
        if cfg["scenario"] == "revalidate":  # a client that holds the case: If-None-Match with its ETag
            case_id, tag = cfg["tags"][i % len(cfg["tags"])]
            return "GET", f"/api/v1/cases/{case_id}/", None, {**headers, "If-None-Match": tag}
        if cfg["scenario"] == "submit":
            body = json.dumps({"item_version": cfg["item_version"], "form_data": {"bench": i}}).encode()
            headers.update({"Content-Type": "application/json", "X-CSRFToken": cfg["csrf"],
                            "Idempotency-Key": uuid.uuid4().hex})
            return "POST", "/api/v1/cases/", body, headers
        return "GET", cfg["path"], None, headers

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=60)
        mine = []
        while time.monotonic() < deadline:
            with lock:
                if state["sent"] >= cfg["requests"]:
                    break
                i = state["sent"]
                state["sent"] += 1
            method, path, body, headers = request_for(i)
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                code = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
                code = 0
            mine.append(time.perf_counter() - t0)
            with lock:
                state["codes"][code] = state["codes"].get(code, 0) + 1
                if code not in (200, 201, 304):
                    state["errors"] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(cfg["threads"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    ok = len(latencies) - state["errors"]
    return {"scenario": cfg["scenario"], "requests": len(latencies), "errors": state["errors"], "codes": state["codes"],
            "seconds": round(elapsed, 2), "rps": round(ok / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(1000 * latencies[len(latencies) // 2], 1) if latencies else None,
            "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95)], 1) if latencies else None}


# ---- orchestration -------------------------------------------------------------------------------------------------
def sh(args: list[str], env: dict, **kw) -> str:
    out = subprocess.run(args, env=env, cwd=ROOT, check=True, text=True, capture_output=True, **kw)
    return out.stdout


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql], check=True,
                          text=True, capture_output=True).stdout.strip()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(port: int, username: str) -> tuple[str, str]:
    """A session as `username` through the login form (once: the password hash is not part of what we measure)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/accounts/login/", headers=proxied(port))
    resp = conn.getresponse()
    resp.read()
    csrf = re.search(r"csrftoken=([^;]+)", resp.getheader("Set-Cookie") or "").group(1)
    body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf})
    conn.request("POST", "/accounts/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}", **proxied(port)})
    resp = conn.getresponse()
    resp.read()
    cookies = dict(re.findall(r"(csrftoken|sessionid)=([^;]+)", ", ".join(
        v for k, v in resp.getheaders() if k.lower() == "set-cookie")))
    if "sessionid" not in cookies:
        raise SystemExit(f"login as {username} failed ({resp.status})")
    csrf = cookies.get("csrftoken", csrf)
    return f"csrftoken={csrf}; sessionid={cookies['sessionid']}", csrf


def run_driver(cfg: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, "drive", json.dumps(cfg)], check=True, text=True,
                         capture_output=True)
    return json.loads(out.stdout)


INBOX_ORM = r"""
import json, statistics, time
import django
django.setup()
from yiwang.cases.api.views import inbox_order
from yiwang.cases.queries import cases_visible_to
from yiwang.org.models import User
clerk = User.objects.get(username="%s")
qs = inbox_order(cases_visible_to(clerk).filter(state__in="%s".split(",")).select_related("item_version__item"))
times = []
for i in range(35):
    t0 = time.perf_counter(); rows = list(qs[:50]); times.append(time.perf_counter() - t0)
times = times[5:]
print(json.dumps({"median_ms": round(1000 * statistics.median(times), 2), "rows": len(rows),
                  "open": cases_visible_to(clerk).filter(state__in="%s".split(",")).count()}))
"""


def inbox_orm(env: dict) -> dict:
    code = INBOX_ORM % (CLERK, OPEN_STATES, OPEN_STATES)
    return json.loads(sh([sys.executable, "-c", code], env).strip().splitlines()[-1])


def http_median(port: int, path: str, cookie: str, n: int, budget: float) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    times, codes, stop = [], set(), time.monotonic() + budget
    for i in range(n + 2):
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Accept": "application/json", "Cookie": cookie, **proxied(port)})
        resp = conn.getresponse()
        resp.read()
        codes.add(resp.status)
        if i >= 2:
            times.append(time.perf_counter() - t0)
        if time.monotonic() > stop and len(times) >= 3:
            break
    conn.close()
    return {"median_ms": round(1000 * statistics.median(times), 1), "n": len(times), "codes": sorted(codes)}


def etags(port: int, ids: list[int], cookie: str) -> list[tuple[int, str]]:
    """(id, ETag) of some cases, as a client that has read them holds them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    out = []
    for case_id in ids:
        conn.request("GET", f"/api/v1/cases/{case_id}/", headers={"Accept": "application/json", "Cookie": cookie,
                                                                    **proxied(port)})
        resp = conn.getresponse()
        resp.read()
        if resp.status == 200 and resp.getheader("ETag"):
            out.append((case_id, resp.getheader("ETag")))
    conn.close()
    return out or [(ids[0], '"0"')]


def at_scale(n: int, env: dict, args) -> dict:
    port = free_port()
    log = open(Path(env["YIWANG_DATA_DIR"]) / f"gunicorn-{n}.log", "w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "yiwang.wsgi:application", "--workers", "2", "--worker-class", "gthread",
         "--threads", "4", "--bind", f"127.0.0.1:{port}", "--keep-alive", "30", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=log, stderr=log)
    try:
        for _ in range(100):
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz", headers=proxied(port))
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not start; see " + log.name)
        clerk_cookie, _ = login(port, CLERK)
        app_cookie, app_csrf = login(port, APPLICANT)
        ids = [int(x) for x in psql(
            "SELECT c.id FROM cases_case c JOIN org_hall h ON h.id = c.hall_id WHERE h.code = 'MHZX' "
            "ORDER BY md5(c.id::text) LIMIT 2000", args.db).split()]
        version = int(psql(
            "SELECT v.id FROM catalog_itemversion v JOIN catalog_serviceitem i ON i.current_version_id = v.id "
            "WHERE i.status = 'active' AND v.state = 'published' AND v.approval_tier = 'one_step' "
            "ORDER BY i.code LIMIT 1", args.db))
        base = {"host": "127.0.0.1", "port": port, "threads": args.threads, "requests": args.requests,
                "seconds": args.seconds}
        out = {"cases": n, "port": port}
        # warm both workers, then measure; healthz measured before and after, the mean is the reference
        run_driver({**base, "scenario": "healthz", "requests": 200})
        run_driver({**base, "scenario": "detail", "ids": ids, "cookie": clerk_cookie, "requests": 100})
        h1 = run_driver({**base, "scenario": "healthz"})
        detail = run_driver({**base, "scenario": "detail", "ids": ids, "cookie": clerk_cookie})
        tags = etags(port, ids[:200], clerk_cookie)
        revalidate = run_driver({**base, "scenario": "revalidate", "tags": tags, "cookie": clerk_cookie})
        submit = run_driver({**base, "scenario": "submit", "cookie": app_cookie, "csrf": app_csrf,
                             "item_version": version, "requests": args.submissions})
        h2 = run_driver({**base, "scenario": "healthz"})
        bare = (h1["rps"] + h2["rps"]) / 2
        out.update(healthz=[h1, h2], detail=detail, submit=submit, revalidate=revalidate, bare_rps=round(bare, 1),
                   detail_ratio=round(detail["rps"] / bare, 3), submit_ratio=round(submit["rps"] / bare, 3),
                   revalidate_ratio=round(revalidate["rps"] / bare, 3))
        # the inbox: the ORM query (first page, 50 rows) and the two HTTP endpoints; when the schema lacks the
        # partial indexes on open cases, also with them added ("proposed")
        inbox = {}
        in_schema = psql("SELECT count(*) FROM pg_indexes WHERE indexname IN "
                         "('cases_hall_open_deadline', 'cases_department_open_deadline')", args.db) == "2"
        out["indexes_in_schema"] = in_schema
        for label in ("current",) if in_schema else ("current", "proposed"):
            if label == "proposed":
                for stmt in PROPOSED_INDEXES:
                    psql(stmt, args.db)
            inbox[label] = {
                "orm": inbox_orm(env),
                "list": http_median(port, f"/api/v1/cases/?state={OPEN_STATES}", clerk_cookie, 15, args.seconds),
                "inbox": http_median(port, "/api/v1/cases/inbox/", clerk_cookie, 10, args.seconds),
            }
        psql(DROP_PROPOSED, args.db)
        out["inbox"] = inbox
        return out
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default="yiwang_bench")
    p.add_argument("--scales", default="10000,100000,1000000")
    p.add_argument("--requests", type=int, default=3000, help="requests per read scenario (bounded also by --seconds)")
    p.add_argument("--submissions", type=int, default=600, help="submissions per scale")
    p.add_argument("--seconds", type=float, default=20.0, help="time limit per scenario")
    p.add_argument("--threads", type=int, default=4, help="client threads (keep-alive connections)")
    p.add_argument("--no-write", action="store_true", help="print the results; do not write docs/performance.md")
    args = p.parse_args(argv)
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.db) or args.db in ("postgres", "yiwang"):
        raise SystemExit("--db: a throw-away database name, please")
    scales = sorted(int(s) for s in args.scales.split(","))
    data_dir = Path(tempfile.mkdtemp(prefix="yiwang-bench-"))
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}", "DEBUG": "0",
           "SECRET_KEY": "bench-" + uuid.uuid4().hex + uuid.uuid4().hex, "ALLOWED_HOSTS": "127.0.0.1,localhost",
           "YIWANG_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "yiwang.settings", "DB_CONN_MAX_AGE": "60",
           # licence signing keys are sealed with it (required with DEBUG off); a throw-away one per run
           "YIWANG_KEY_ENCRYPTION_KEY": "bench-kek-" + uuid.uuid4().hex}
    yiwang = str(BIN / "yiwang")
    t0 = time.monotonic()
    print(f"database {args.db}: recreate, migrate, demo", flush=True)
    psql(f"DROP DATABASE IF EXISTS {args.db}")
    psql(f"CREATE DATABASE {args.db}")
    sh([yiwang, "migrate", "-v0"], env)
    sh([yiwang, "demo", "--force"], env)
    sh([yiwang, "collectstatic", "--noinput", "-v0"], env)  # the login page needs the manifest (DEBUG off)
    results, have, synth_seconds = [], 0, {}
    for n in scales:
        print(f"synth up to {n} cases", flush=True)
        s0 = time.monotonic()
        sh([yiwang, "synth", "--cases", str(n - have), "--seed", str(n), "--force", "--no-progress"], env)
        synth_seconds[n] = round(time.monotonic() - s0, 1)
        have = n
        # Fresh statistics, as autovacuum keeps them in production: a bulk COPY measured seconds later would
        # otherwise be planned from the row counts of the previous scale (e.g. a hashed subplan over all of a
        # clerk's 400k approval steps instead of an index lookup per case).
        psql("ANALYZE", args.db)
        print(f"measure at {n} cases", flush=True)
        results.append(at_scale(n, env, args))
        print(json.dumps(results[-1], ensure_ascii=False)[:600], flush=True)
    report = {"when": datetime.now().astimezone().isoformat(timespec="minutes"), "machine": machine(),
              "args": vars(args), "synth_seconds": synth_seconds, "results": results,
              "total_minutes": round((time.monotonic() - t0) / 60, 1)}
    (data_dir / "results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print("raw results:", data_dir / "results.json")
    if not args.no_write:
        (ROOT / "bench" / "results-latest.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
        from report import write_performance_md  # bench/report.py

        write_performance_md(report, ROOT / "docs" / "performance.md")
        print("wrote docs/performance.md")


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "postgres": psql("SHOW server_version"), "os": platform.platform()}


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "drive":
        print(json.dumps(drive(json.loads(sys.argv[2]))))
    else:
        sys.path.insert(0, str(Path(__file__).parent))
        main()
