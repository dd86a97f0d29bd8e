"""Catalogue import from Excel as real districts have their data (see docs/catalog-import.md).

`plan(...)` reads a workbook and works out, without writing anything, what an import would do: items created,
updated, left alone, departments matched or unknown, defaults applied, every problem by sheet, row and column.
`apply(plan, ...)` writes a plan in one transaction with bulk statements (all or nothing). `jobs` runs both as a
background huey job, one at a time, with progress and a downloadable report.
"""
from .planner import Plan, plan  # noqa: F401
from .writer import apply  # noqa: F401
