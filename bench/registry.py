#!/usr/bin/env python
"""The enterprise registry and the demands inbox at scale (issue 11): registry search first page (name prefix,
USCC, USCC prefix, industry prefix, park, scale, tag), the enterprise page, a department's demands inbox — at a
small size and a large one in the same run, with the ratio large ÷ small.

    createdb -h 127.0.0.1 -U postgres yw_registry
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/yw_registry
    .venv/bin/yiwang migrate && .venv/bin/yiwang demo
    .venv/bin/python bench/registry.py --small 10000 --large 1000000 --write-docs

Enterprises come from `yiwang synth --enterprises` (COPY); demands and their assignments are written here the same
way (a district's mix: most closed, some open at each stage, 1–3 departments each, a few departments taking most).
It writes into that database: never point it at a real one. Targets: search first page < 100 ms at the large size
and within 2× of the small; the enterprise page < 200 ms; the inbox within 2× of the small.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from perfdocs import replace_section  # bench/ is on the path when a bench runs

# Development settings (the demo's keys decrypt its personal data); DEBUG is switched off after setup so that
# query logging does not skew the timings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")

START, END = "<!-- registry-bench:start -->", "<!-- registry-bench:end -->"


def timed(fn, repeat: int) -> float:
    fn()
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return round(statistics.median(runs) * 1000, 1)


def grow_enterprises(target: int) -> None:
    from django.core.management import call_command

    from yiwang.enterprises.models import Enterprise

    have = Enterprise.objects.count()
    if have < target:
        call_command("synth", enterprises=target - have, no_progress=True, seed=have + 7, batch=50000, force=True)


def grow_demands(target: int, seed: int) -> None:
    """Demands with their assignments, by COPY (PostgreSQL) — benchmark data only, no audit, no timeline."""
    from django.db import connection, transaction
    from django.utils import timezone

    from yiwang.demands.models import Category, Demand
    from yiwang.enterprises.models import Enterprise
    from yiwang.enterprises.synth import _write
    from yiwang.org.models import Department

    have = Demand.objects.count()
    if have >= target:
        return
    rng = random.Random(seed)
    cats = list(Category.objects.values_list("pk", "time_limit_days"))
    deps = list(Department.objects.order_by("code").values_list("pk", flat=True))
    weights = [1.0 / (i + 1) for i in range(len(deps))]  # a few departments take most demands
    enterprise_ids = list(Enterprise.objects.values_list("pk", flat=True))
    now = timezone.now()
    statuses = [("closed", 0.8), ("dispatched", 0.08), ("replied", 0.03), ("answered", 0.04), ("accepted", 0.02),
                ("submitted", 0.02), ("declined", 0.01)]
    dcols = ["id", "number", "channel", "enterprise_id", "person_name", "person_phone", "category_id", "title",
             "description", "status", "submitted_by_id", "submitted_at", "submitted_on", "visit_problem_id",
             "external_id", "accepted_on", "due_on", "decline_reason", "lead_department_id", "round", "answer",
             "answered_on", "evaluation_due", "evaluation", "evaluation_comment", "auto_closed", "reopen_count",
             "escalated_to_id", "closed_on", "version", "person_phone_index"]
    acols = ["demand_id", "department_id", "role", "round", "task", "status", "dispatched_on", "ack_due", "reply_due",
             "acknowledged_on", "acknowledged_by_id", "replied_on", "replied_by_id", "reply", "internal_note",
             "sent_back_count"]
    n, done, batch = target - have, 0, 50000
    while done < n:
        size = min(batch, n - done)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('demands_demand', 'id')) FROM generate_series(1, %s)",
                           [size])
            ids = sorted(r[0] for r in cursor.fetchall())
            drows, arows = [], []
            for pk in ids:
                status = rng.choices([s for s, _ in statuses], [w for _, w in statuses])[0]
                at = now - timedelta(seconds=rng.randint(0, 3 * 365 * 86400))
                day = at.date()
                cat, limit = rng.choice(cats)
                dispatched = status not in ("submitted", "accepted", "declined")
                lead = rng.choices(deps, weights)[0] if dispatched else None
                drows.append((pk, f"SQ{day:%Y%m%d}{pk:07d}", rng.choice(["online", "hotline", "visit", "walk_in"]),
                              rng.choice(enterprise_ids), "", "", cat, "合成诉求", "合成诉求内容", status, None, at, day, None,
                              "", day if status != "submitted" else None, day + timedelta(days=limit * 7 // 5),
                              "", lead, 1 if dispatched else 0, "", None, None,
                              rng.choice(["satisfied", "basic", "unsatisfied", ""]) if status == "closed" else "", "",
                              False, 0, None, day + timedelta(days=limit) if status == "closed" else None, 1, ""))
                if dispatched:
                    open_ = status == "dispatched"
                    members = [lead] + rng.sample([d for d in deps if d != lead], rng.choice([0, 0, 1, 2]))
                    for i, dep in enumerate(members):
                        arows.append((pk, dep, "lead" if i == 0 else "co", 1, "合成派单",
                                      rng.choice(["dispatched", "acknowledged"]) if open_ else "replied", day,
                                      day + timedelta(days=1), day + timedelta(days=limit * 7 // 5),
                                      None if open_ else day, None, None if open_ else day + timedelta(days=3), None,
                                      "", "", 0))
            _write(cursor, "demands_demand", dcols, drows)
            _write(cursor, "demands_assignment", acols, arows)
        done += size
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE demands_demand, demands_assignment")


def measure(repeat: int) -> dict:
    from django.db.models import Count
    from django.test import Client

    from yiwang.demands import queries as dq
    from yiwang.demands.models import Assignment
    from yiwang.enterprises import queries
    from yiwang.enterprises.models import Enterprise, Tag
    from yiwang.org.models import Park, User

    qs = Enterprise.objects.select_related("industry", "park").only(
        "id", "name", "uscc", "scale", "status", "industry__name", "industry__code", "industry__section",
        "industry__level", "park__name", "entity_type")
    sample = Enterprise.objects.order_by("-pk").values_list("uscc", "name", "pk")[:1][0]
    park = Park.objects.order_by("code").first()
    tag = Tag.objects.order_by("code").first()
    cases = {
        "name prefix (2 chars)": dict(q="明湖"),
        "name prefix (4 chars)": dict(q=sample[1][:4]),
        "USCC exact": dict(q=sample[0]),
        "USCC prefix (12)": dict(q=sample[0][:12]),
        "industry section C": dict(industry="C"),
        "industry prefix C39": dict(industry="C39"),
        "industry class I6513": dict(industry="I6513"),
        "park": dict(park=park.pk if park else None),
        "scale medium": dict(scale="medium"),
        "tag": dict(tag=tag.code if tag else ""),
        "prefix + scale": dict(q="明湖", scale="small"),
    }
    out = {}
    for label, kw in cases.items():
        out[f"search: {label}"] = timed(lambda kw=kw: list(queries.search(qs, **kw)[:21]), repeat)
    centre = Client()
    centre.force_login(User.objects.get(username="qyfw"))
    out["search page (HTTP): name prefix"] = timed(lambda: centre.get("/enterprises/", {"q": "明湖"}), repeat)
    ids = list(Enterprise.objects.order_by("?").values_list("pk", flat=True)[:repeat + 1])
    it = iter(ids * 3)
    out["enterprise page (HTTP)"] = timed(lambda: centre.get(f"/enterprises/{next(it)}/"), repeat)
    busiest = Assignment.objects.values("department_id").annotate(n=Count("id")).order_by("-n").first()
    if busiest:
        dep = busiest["department_id"]
        out["department inbox (open assignments, first 50)"] = timed(
            lambda: list(dq.department_inbox([dep])[:50]), repeat)
        out["department demands list (visible_demands, first page)"] = timed(
            lambda: list(dq.visible_demands(User.objects.get(username="scj_demand")).order_by(
                "-submitted_at", "-id")[:21]), repeat)
        handler = Client()
        handler.force_login(User.objects.get(username="scj_demand"))
        out["demands page (HTTP) as a department handler"] = timed(lambda: handler.get("/demands/"), repeat)
    return out


def main(argv=None) -> None:
    import django

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--small", type=int, default=10000)
    p.add_argument("--large", type=int, default=1000000)
    p.add_argument("--demands-small", type=int, default=10000)
    p.add_argument("--demands-large", type=int, default=1000000)
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--json", help="also write the figures here")
    p.add_argument("--write-docs", action="store_true", help="replace the registry section of docs/performance.md")
    args = p.parse_args(argv)
    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench/registry.py measures PostgreSQL (set DATABASE_URL)")
    from yiwang.common import kek

    # the development key-encryption key (derived from SECRET_KEY in DEBUG) is pinned before DEBUG goes
    # off, so the demo's personal data and signing keys still open
    settings.YIWANG_KEY_ENCRYPTION_KEY = kek.secret()
    settings.DEBUG = False
    from yiwang.enterprises.models import Enterprise

    if Enterprise.objects.count() > args.small:
        sys.exit(f"the database already has more than {args.small} enterprises: start from a fresh `yiwang demo`")
    t = time.perf_counter()
    grow_enterprises(args.small)
    grow_demands(args.demands_small, seed=11)
    small = measure(args.repeat)
    grow_started = time.perf_counter()
    grow_enterprises(args.large)
    grow_demands(args.demands_large, seed=12)
    grow_s = time.perf_counter() - grow_started
    large = measure(args.repeat)
    result = {"small": args.small, "large": args.large, "demands_small": args.demands_small,
              "demands_large": args.demands_large, "grow_seconds": round(grow_s), "total_seconds":
              round(time.perf_counter() - t), "figures": {k: {"small_ms": small[k], "large_ms": large.get(k),
                                                              "ratio": round(large[k] / small[k], 2) if small[k] else None}
                                                          for k in small}}
    print(json.dumps(result, ensure_ascii=False, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.write_docs:
        write_docs(result)


def write_docs(r: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    lines = [START, "## Enterprise registry and demands inbox at scale (issue 11)", "",
             f"Measured by `bench/registry.py` on {datetime.now():%Y-%m-%d} (PostgreSQL {version}, the shared 2-core "
             "development machine with other jobs running; medians of repeated runs after a warm-up). "
             f"Registry: {r['small']:,} then {r['large']:,} enterprises (`yiwang synth --enterprises`); demands: "
             f"{r['demands_small']:,} then {r['demands_large']:,} with their department assignments. "
             "Ratios are large ÷ small in the same run.", "",
             "| what | small (ms) | large (ms) | ratio |", "| --- | ---: | ---: | ---: |"]
    for k, v in r["figures"].items():
        lines.append(f"| {k} | {v['small_ms']} | {v['large_ms']} | {v['ratio']} |")
    lines += ["", "Targets: search first page < 100 ms at 1M and within 2× of 10k; the enterprise page < 200 ms; the "
              "department inbox within 2× of its time at 10k. How: name prefix by a `text_pattern_ops` index "
              "(`LIKE 'prefix%'` indexed under any collation) ordered by (name, id); USCC by its unique index; "
              "industry by the FK column holding the code (`text_pattern_ops`) and the section column; park, scale "
              "and region by (column, name) indexes; tags by (tag, enterprise); pages without a COUNT (one row "
              "more tells whether there is a next page); the inbox by (department, status, dispatched_on).", END]
    replace_section("\n".join(lines), START, END)


if __name__ == "__main__":
    main()
