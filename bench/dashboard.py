"""Time each efficiency figure over the rollup for a year and the whole district (target: each under 1 s).

Run after `yiwang synth` (e.g. 5M cases on PostgreSQL):
    DATABASE_URL=postgres://... .venv/bin/python bench/dashboard.py --year 2026 [--refresh]
--refresh rebuilds the year's rollup first (timed separately: that is the nightly task's work, not the page's).
"""
import argparse
import os
import sys
import time
from datetime import date


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=date.today().year)
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiwang.settings")
    import django

    django.setup()
    from yiwang.supervision import figures
    from yiwang.supervision.models import DailyRollup

    start, end = date(args.year, 1, 1), date(args.year, 12, 31)
    if args.refresh:
        t = time.perf_counter()
        n = figures.refresh_rollups(start, end)
        print(f"rollup refresh {args.year}: {n} rows in {time.perf_counter() - t:.1f} s")
    print(f"rollup rows in {args.year}: {DailyRollup.objects.filter(day__range=(start, end)).count()}")
    timings = {
        **{f"figures by {dim}": (lambda d=dim: figures.rollup_groups(start, end, d)) for dim in figures.DIMENSIONS},
        "warnings/anomalies/orders by department": lambda: figures.supervision_counts(start, end),
        "ratings by department": lambda: figures.rating_figures(start, end),
        "department ranking": lambda: figures.department_ranking(start, end),
        "whole dashboard (department view)": lambda: figures.dashboard(start, end, "department"),
    }
    worst = 0.0
    for name, fn in timings.items():
        best = min(_time(fn) for _ in range(args.repeat))
        worst = max(worst, best)
        print(f"{name:45s} {best * 1000:9.1f} ms {'OK' if best < 1 else 'SLOW'}")
    sys.exit(0 if worst < 1 else 1)


def _time(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


if __name__ == "__main__":
    main()
