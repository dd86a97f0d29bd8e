#!/usr/bin/env python
"""Where a cases-API request spends its time, in-process (no server): queries and milliseconds per request for the
case detail, a submission and the inbox, optionally with cProfile's top functions.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yw_perf_prof .venv/bin/python bench/profile_api.py [--profile]

Needs a database with the demo district and some synthetic cases (`yiwang demo`, `yiwang synth --cases 20000`).
It writes submissions into that database: never point it at a real one.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
os.environ.setdefault("SECRET_KEY", "profile-" + uuid.uuid4().hex * 2)


def main(argv=None) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from yiwang.catalog.models import ItemVersion
    from yiwang.cases.models import Case
    from yiwang.org.models import User

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=200, help="requests per scenario")
    p.add_argument("--profile", action="store_true", help="print cProfile's top functions per scenario")
    p.add_argument("--show-queries", action="store_true")
    args = p.parse_args(argv)

    clerk, applicant = User.objects.get(username="clerk01"), User.objects.get(username="zhangwei")
    ids = list(Case.objects.filter(hall__code="MHZX").order_by("?").values_list("pk", flat=True)[:args.n])
    version = ItemVersion.objects.filter(item__current_version=models_F("pk"), item__status="active",
                                         state="published", approval_tier="one_step").order_by("item__code").first()
    staff, person = Client(HTTP_X_FORWARDED_PROTO="https"), Client(HTTP_X_FORWARDED_PROTO="https")
    staff.force_login(clerk)
    person.force_login(applicant)

    def detail(i):
        return staff.get(f"/api/v1/cases/{ids[i % len(ids)]}/", HTTP_ACCEPT="application/json")

    def submit(i):
        return person.post("/api/v1/cases/", {"item_version": version.pk, "form_data": {"profile": i}},
                           content_type="application/json", HTTP_IDEMPOTENCY_KEY=uuid.uuid4().hex)

    def inbox(i):
        return staff.get("/api/v1/cases/inbox/", HTTP_ACCEPT="application/json")

    def healthz(i):
        return staff.get("/healthz")

    for name, fn, n in (("healthz", healthz, args.n), ("detail", detail, args.n), ("submit", submit, args.n // 4),
                        ("inbox", inbox, max(5, args.n // 20))):
        fn(0)
        seen = []

        def spy(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(spy):
            r = fn(1)
        assert r.status_code in (200, 201), (name, r.status_code, r.content[:300])
        prof = cProfile.Profile() if args.profile else None
        times = []
        for i in range(2, n + 2):
            t0 = time.perf_counter()
            if prof:
                prof.enable()
            fn(i)
            if prof:
                prof.disable()
            times.append(time.perf_counter() - t0)
        print(f"{name:8} {len(seen):3} queries  median {1000 * statistics.median(times):7.2f} ms  "
              f"(n={n})")
        if args.show_queries:
            for q in seen:
                print("    ", q[:220])
        if prof:
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("TOP", "25")))
            print(out.getvalue())


def models_F(name):
    from django.db.models import F

    return F(name)


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    main()
