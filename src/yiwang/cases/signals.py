"""Signals the cases app sends for the apps above it (which cases must not import).

`decision_revoked(case, reason, actor)` is sent inside the revoking transaction: a receiver that fails rolls the
revocation back, so a revoked decision never leaves a result (an e-licence) standing.

`case_changed(case, action, from_state, on)` is sent by every service action after its case event is written,
inside the same transaction (ratings invites a rating when a service of the case has just been rendered)."""
from django.dispatch import Signal

decision_revoked = Signal()
case_changed = Signal()
