"""Signals the cases app sends for the apps above it (which cases must not import).

`decision_revoked(case, reason, actor)` is sent inside the revoking transaction: a receiver that fails rolls the
revocation back, so a revoked decision never leaves a result (an e-licence) standing."""
from django.dispatch import Signal

decision_revoked = Signal()
