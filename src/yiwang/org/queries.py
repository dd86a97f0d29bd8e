"""Which applicants a person may read. Org knows applicants but not the cases above it, so the apps that hold an
applicant's dealings with a department or a hall (cases) register how a staff member reaches an applicant through
them (`register_reach`, called from their AppConfig.ready) — the arrow still points down."""
from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from .models import Applicant
from .scoping import Scope, scope_of

# Each reach: (scope) -> Q over Applicant, or None when it opens nothing for this scope.
_REACHES: list[Callable[[Scope], Q | None]] = []


def register_reach(reach: Callable[[Scope], Q | None]) -> None:
    if reach not in _REACHES:
        _REACHES.append(reach)


def applicants_visible_to(user, *, for_reveal: bool = False) -> QuerySet[Applicant]:
    """Applicants: themselves and those they act for. Staff who handle cases: the applicants of the cases of
    their departments and halls. Read-all roles: everyone (their data masked; see masking.may_reveal). Other
    staff — a catalogue manager, an administrator — no applicant."""
    qs = Applicant.objects.all()
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_of(user)
    if scope.reads_all and not for_reveal:
        return qs
    cond = Q(pk__in=scope.applicant_ids)
    for reach in _REACHES:
        more = reach(scope)
        if more is not None:
            cond |= more
    return qs.filter(cond)
