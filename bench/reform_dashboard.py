"""The reform dashboard over 50 plans and 20,000 tasks with their reports (target < 1 s on PostgreSQL).

    DATABASE_URL=postgres://... .venv/bin/python bench/reform_dashboard.py [--plans 50] [--tasks 20000]

Creates (once, bulk) the plans, tasks, units, status history and three quarters of reports for a migrated
database with at least one department and user, then times one plan's dashboard (progress by chapter and unit,
a baseline date, lagging tasks, reports outstanding, indicator trends) rendered by Django's test client as the
reform office, against the same page over a 172-task plan (ratio). Prints the lines for docs/performance.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def build(plans: int, tasks: int):
    from yiwang.org.models import Department, Role, StaffRole, User
    from yiwang.reform.models import Plan, Report, StatusChange, Task, TaskUnit

    deps = list(Department.objects.all()[:30])
    user = User.objects.filter(staff_roles__role=Role.REFORM_OFFICER).first()
    if user is None:
        user = User.objects.create(username="bench_reform", kind="staff")
        StaffRole.objects.create(user=user, role=Role.REFORM_OFFICER, department=deps[0])
    if Plan.objects.filter(title__startswith="基准方案").count() >= plans:
        return user
    per = tasks // plans
    statuses = ["in_progress"] * 5 + ["done", "lagging", "not_started"]
    for n in range(plans):
        p = Plan.objects.create(title=f"基准方案{n:02d}", year=2025, status="published", created_by=user,
                                published_on=date(2025, 1, 10))
        ts = Task.objects.bulk_create([Task(
            plan=p, path=f"{i // 40 + 1}.({i // 8 % 5 + 1}).{i % 8 + 1}", position=i, chapter=f"第{i // 40 + 1}章",
            text=f"任务{i}：推进改革事项", lead_name=deps[i % len(deps)].name, lead=deps[i % len(deps)],
            status=statuses[i % len(statuses)]) for i in range(per)])
        TaskUnit.objects.bulk_create([TaskUnit(task=t, name=t.lead_name, department=t.lead, role="lead") for t in ts]
                                     + [TaskUnit(task=t, name=deps[(i + 3) % len(deps)].name,
                                                 department=deps[(i + 3) % len(deps)], role="co", position=1)
                                        for i, t in enumerate(ts)])
        StatusChange.objects.bulk_create([StatusChange(task=t, status="not_started", on=date(2025, 1, 10)) for t in ts]
                                         + [StatusChange(task=t, status=t.status, on=date(2025, 6, 1)) for t in ts])
        Report.objects.bulk_create([Report(task=t, year=2025, quarter=q, department=t.lead,
                                           due_on=date(2025, 3 * q, 14), progress="进展", status_reported=t.status,
                                           submitted_on=date(2025, 3 * q, 10), submitted_by=user)
                                    for t in ts for q in (1, 2, 3) if (t.position + q) % 6])
    return user


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=50)
    ap.add_argument("--tasks", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from yiwang.reform.models import Plan

    from yiwang.common import kek

    # the development key-encryption key (derived from SECRET_KEY in DEBUG) is pinned before DEBUG goes
    # off, so the demo's personal data and signing keys still open
    settings.YIWANG_KEY_ENCRYPTION_KEY = kek.secret()
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    user = build(a.plans, a.tasks)
    big = Plan.objects.filter(title__startswith="基准方案").order_by("id").first()
    small = Plan.objects.exclude(title__startswith="基准方案").filter(status="published").first() or big
    c = Client()
    c.force_login(user)

    def page(p):
        r = c.get(f"/reform/dashboard/?plan={p.pk}&on=2025-03-31" if p else "/reform/")
        assert r.status_code == 200, r.status_code

    def timed(p):
        page(p)
        runs = []
        for _ in range(a.repeat):
            t = time.perf_counter()
            page(p)
            runs.append(time.perf_counter() - t)
        return statistics.median(runs), max(runs)

    sm, _ = timed(small)
    bm, bx = timed(big)
    im, ix = timed(None)
    print(f"| reform dashboard page | tasks in plan | median s | max s | ratio to the small plan |")
    print(f"| --- | --- | --- | --- | --- |")
    print(f"| small plan | {small.tasks.count()} | {sm:.3f} | | 1.0 |")
    print(f"| one of {a.plans} plans ({a.tasks} tasks in all) | {big.tasks.count()} | {bm:.3f} | {bx:.3f} | {bm / sm:.1f} |")
    print(f"| reform home (every plan's reports due and overdue) | {a.tasks} | {im:.3f} | {ix:.3f} | {im / sm:.1f} |")


if __name__ == "__main__":
    main()
