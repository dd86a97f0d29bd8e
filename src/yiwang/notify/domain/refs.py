"""Which message references a person may read (pure Python).

A message's `ref` is either a number people use — a case number (YW-…), a demand number (SQ…), an order number
(DB-…), a bundle number (B2026-0007) — or an internal key the sender uses to find its own record again
("warning:14", "anomaly:3", "meeting-5", "reform-reminder:7:2026Q3"). Only the first kind is shown."""
from __future__ import annotations

import re

# An internal key: a lower-case word (with - or _) followed by ":" or "-" and more.
INTERNAL = re.compile(r"^[a-z][a-z_-]*[:\-]")


def shown_ref(ref: str | None) -> str:
    """The reference as shown to the person, or "" for an internal key."""
    ref = (ref or "").strip()
    return "" if not ref or INTERNAL.match(ref) or ":" in ref else ref
