"""Synthetic cases for benchmarks (`yiwang synth --cases N`), over the demo district's catalogue.

FOR BENCHMARKS ONLY. The generator deliberately bypasses the case services: it writes Case rows and their
CaseMaterial, CaseEvent, CaseStep, SupplementNotice, Suspension and PostCheck rows directly (COPY on PostgreSQL,
executemany on SQLite), leaves no audit events and sends no messages. Every row is nevertheless consistent with
what the services would have written: states reachable through the lifecycle table, deadlines computed with the
real working-day calendar by the deadline ledger, case numbers in the real format taken from (and advancing) the
per-area-and-day counters, `version` equal to 1 + the actions taken. (The counters are read once at the start:
do not run it while the same database takes real acceptances.)

Where the demo names no section head or unit leader for a department whose items need one, the generator adds
one (account `syn_<department>_<role>`, no usable password), so that multi-step items can be decided.

Synthetic rows are marked: their cases carry `form_data = {"synth": 1}`, their applicants and accounts the
username/address prefix `syn`.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from django.db import connection, transaction

from .generator import Batch, Generator, SynthError, load_context
from .store import (
    CASE_COLS, TABLES, _skip_fk_triggers, allocate_ids, existing_counters, make_applicants, save_counters, write,
)

__all__ = ["SynthError", "run"]


# ---- the run ------------------------------------------------------------------------------------------------------
def run(cases: int, *, seed: int = 2026, batch_size: int = 20000, years: float = 2.0, applicants: int | None = None,
        today: date | None = None) -> Iterator[int]:
    """Generate `cases` synthetic cases in batches (one transaction each); yields the count after each batch."""
    from django.utils import timezone

    rng = random.Random(seed)
    today = today or timezone.localdate()
    vendor = connection.vendor
    with transaction.atomic():
        ctx = load_context(rng, today)
        with connection.cursor() as cursor:
            people = make_applicants(applicants if applicants is not None else max(20, cases // 10), rng, cursor,
                                     vendor, today)
    gen = Generator(ctx, rng, people, years, existing_counters())
    done = 0
    while done < cases:
        n = min(batch_size, cases - done)
        batch = Batch()
        with transaction.atomic(), connection.cursor() as cursor:
            fast = vendor == "postgresql" and _skip_fk_triggers(cursor)
            for case_id in allocate_ids(cursor, vendor, "cases_case", n):
                gen.case(case_id, batch)
            write(cursor, vendor, "cases_case", CASE_COLS, batch.cases)
            for table, cols in TABLES.items():
                write(cursor, vendor, table, cols, batch.rows[table])
            save_counters(cursor, vendor, batch.counters)
            if fast:
                cursor.execute("SET LOCAL session_replication_role = origin")
        done += n
        yield done


