"""`calendar_changed` is sent after the transaction that loaded calendar data commits.

Keyword argument `years`: set[int] — the years whose holidays or adjusted working days (or status) changed.
Receivers (e.g. the case ledger) recompute whatever depended on those years; they run after commit, so
`yiwang.workdays.services.get_calendar()` already answers with the new data."""
from django.dispatch import Signal

calendar_changed = Signal()
