"""Time each efficiency figure over the rollup for a year and the whole district (target: each under 1 s).

Run after `yiwang synth` (e.g. 5M cases on PostgreSQL):
    DATABASE_URL=postgres://... .venv/bin/python bench/dashboard.py --year 2026 [--refresh] [--json out.json]

--refresh          rebuilds the year's rollup first
--refresh-full A B rebuilds the rollup of the days A..B (ISO dates; e.g. the whole synthetic period)
--refresh-recent   runs the periodic task's refresh (the last YIWANG_SUPERVISION_ROLLUP_REFRESH_DAYS days, 35)
Refreshes are timed separately: that is the periodic task's work, not the page's.

Each figure is timed --repeat times (after one untimed warm-up run); the median and the max are reported.
Besides the district-wide figures it times one department's view (the first department by case count, or
--department CODE): as a department head sees it (scoped to that department) and as the supervisor filtering it,
and the whole dashboard page rendered by Django's test client as the supervisor (`--page-user`).
Query logging is switched off (settings.DEBUG = False after setup) so DEBUG does not skew the timings.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta

LIMIT = 1.0


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def timed(fn, repeat: int) -> dict:
    fn()  # warm-up: first query plans, template compilation; not counted
    runs = [_time(fn) for _ in range(repeat)]
    return {"median_ms": round(statistics.median(runs) * 1000, 1), "max_ms": round(max(runs) * 1000, 1),
            "min_ms": round(min(runs) * 1000, 1), "runs": repeat}


def refresh(kind: str, start: date | None = None, end: date | None = None) -> dict:
    from yiwang.supervision import conf, figures

    t = time.perf_counter()
    if kind == "recent":
        today = date.today()
        start, end = today - timedelta(days=conf.rollup_refresh_days()), today
    rows = figures.refresh_rollups(start, end)
    return {"kind": kind, "from": str(start), "to": str(end), "rows": rows,
            "seconds": round(time.perf_counter() - t, 1)}


def figure_calls(start: date, end: date, dept_id: int | None) -> dict:
    """name → zero-argument call, each what one part of the dashboard asks for."""
    from yiwang.supervision import figures

    calls = {f"district by {dim}": (lambda d=dim: figures.rollup_groups(start, end, d)) for dim in figures.DIMENSIONS}
    calls.update({
        "district warnings/anomalies/orders": lambda: figures.supervision_counts(start, end),
        "district ratings": lambda: figures.rating_figures(start, end),
        "district department ranking": lambda: figures.department_ranking(start, end),
        "district whole dashboard (by department)": lambda: figures.dashboard(start, end, "department"),
        "district whole dashboard (by item)": lambda: figures.dashboard(start, end, "item"),
    })
    if dept_id is not None:
        ids = [dept_id]
        calls.update({
            "one department, scoped: by item": lambda: figures.rollup_groups(start, end, "item", ids),
            "one department, scoped: by month": lambda: figures.rollup_groups(start, end, "month", ids),
            "one department, scoped: whole dashboard": lambda: figures.dashboard(start, end, "item", ids),
            "one department, supervisor filter: whole dashboard": lambda: figures.dashboard(
                start, end, "item", None, {"department_id": dept_id}),
        })
    return calls


def measure(year: int, repeat: int = 5, department: str | None = None, page_user: str = "supervisor") -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from yiwang.cases.models import Case
    from yiwang.org.models import Department, User
    from yiwang.supervision.models import DailyRollup

    start, end = date(year, 1, 1), date(year, 12, 31)
    if department:
        dept = Department.objects.get(code=department)
    else:
        top = Case.objects.values("department_id").annotate(n=Count("id")).order_by("-n").first()
        dept = Department.objects.get(pk=top["department_id"]) if top else None
    out = {"year": year, "cases": Case.objects.count(),
           "rollup_rows_year": DailyRollup.objects.filter(day__range=(start, end)).count(),
           "rollup_rows_all": DailyRollup.objects.count(),
           "department": dept and {"code": dept.code, "name": dept.name,
                                   "cases": Case.objects.filter(department=dept).count()},
           "load_before": os.getloadavg(), "figures": {}}
    with connection.cursor() as c:
        c.execute("ANALYZE supervision_dailyrollup")
    for name, fn in figure_calls(start, end, dept and dept.pk).items():
        out["figures"][name] = timed(fn, repeat)
    user = User.objects.filter(username=page_user).first()
    if user is not None:
        client = Client()
        client.force_login(user)
        pages = {"page: district by department": f"/supervision/dashboard/?start={start}&end={end}",
                 "page: district by month": f"/supervision/dashboard/?start={start}&end={end}&dimension=month"}
        if dept:
            pages["page: one department by item"] = (f"/supervision/dashboard/?start={start}&end={end}"
                                                     f"&dimension=item&department={dept.pk}")
        for name, url in pages.items():
            def get(url=url):
                resp = client.get(url, secure=True)
                if resp.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {resp.status_code}")
            out["figures"][name] = timed(get, repeat)
    out["load_after"] = os.getloadavg()
    worst = max(f["max_ms"] for f in out["figures"].values())
    out["worst_max_ms"] = worst
    out["all_under_1s"] = worst < LIMIT * 1000
    return out


def print_report(res: dict) -> None:
    print(f"cases {res['cases']}, rollup rows {res['rollup_rows_year']} in {res['year']} "
          f"({res['rollup_rows_all']} in all), load {res['load_before'][0]:.2f} → {res['load_after'][0]:.2f}")
    if res["department"]:
        d = res["department"]
        print(f"department view: {d['code']} {d['name']} ({d['cases']} cases)")
    for name, f in res["figures"].items():
        flag = "OK" if f["max_ms"] < LIMIT * 1000 else "SLOW"
        print(f"  {name:52s} median {f['median_ms']:8.1f} ms  max {f['max_ms']:8.1f} ms  {flag}")
    print(f"all under 1 s: {res['all_under_1s']} (worst max {res['worst_max_ms']} ms)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=date.today().year)
    parser.add_argument("--refresh", action="store_true", help="rebuild the year's rollup first")
    parser.add_argument("--refresh-full", nargs=2, metavar=("FROM", "TO"), help="rebuild the rollup of FROM..TO")
    parser.add_argument("--refresh-recent", action="store_true", help="the periodic task's refresh (35 days)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--department", help="department code for the one-department view (default: the largest)")
    parser.add_argument("--page-user", default="supervisor")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    import django

    django.setup()
    from django.conf import settings

    from yiwang.common import kek

    # the development key-encryption key (derived from SECRET_KEY in DEBUG) is pinned before DEBUG goes
    # off, so the demo's personal data and signing keys still open
    settings.YIWANG_KEY_ENCRYPTION_KEY = kek.secret()
    settings.DEBUG = False  # no query log
    result: dict = {"refresh": []}
    if args.refresh_full:
        result["refresh"].append(refresh("full", date.fromisoformat(args.refresh_full[0]),
                                         date.fromisoformat(args.refresh_full[1])))
    if args.refresh:
        result["refresh"].append(refresh("year", date(args.year, 1, 1), date(args.year, 12, 31)))
    if args.refresh_recent:
        result["refresh"].append(refresh("recent"))
    for r in result["refresh"]:
        print(f"rollup refresh ({r['kind']}) {r['from']}..{r['to']}: {r['rows']} rows in {r['seconds']} s", flush=True)
    result.update(measure(args.year, args.repeat, args.department, args.page_user))
    print_report(result)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1, default=str)
    sys.exit(0 if result["all_under_1s"] else 1)


if __name__ == "__main__":
    main()
