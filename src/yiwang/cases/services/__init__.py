"""The only place a case changes state: one function per action, each in a transaction, checked against the
lifecycle table and the expected version, leaving a case event, an audit event and the applicant's messages.

API views and HTMX pages both call these; errors are yiwang.api.errors.DomainError (400), Conflict (409) or
Forbidden (403) with {"state", "allowed_actions"} where it applies."""
from .approval import approve, deny, extend, extend_bundle, forward, resume, send_back, suspend
from .bundles import deliver_bundle, file_bundle, submit_bundle
from .clock import recompute_open_deadlines
from .common import Forbidden, case_roles, ledger_for
from .files import Upload, store_blob
from .deferral import sign_deferral_commitment
from .hearings import (
    announce_hearing, decide_recusal, notify_hearing_right, record_hearing, request_hearing, request_recusal,
    schedule_hearing,
)
from .intake import (
    accept, apply_deemed_acceptance, file_case, notify_supplement, record_deemed_acceptance, refuse, submit_case,
    supplement,
)
from .outcomes import (
    apply_deferral_lapses, deliver, record_post_check, repair_credit, supply_deferred, terminate, withdraw,
)

__all__ = [
    "announce_hearing", "decide_recusal", "notify_hearing_right", "record_hearing", "request_hearing",
    "request_recusal", "schedule_hearing",
    "Forbidden", "Upload", "accept", "apply_deemed_acceptance", "apply_deferral_lapses", "approve", "case_roles",
    "deliver", "deliver_bundle", "deny", "extend", "extend_bundle", "file_bundle", "file_case", "forward", "ledger_for",
    "notify_supplement", "recompute_open_deadlines", "record_deemed_acceptance", "record_post_check", "refuse",
    "repair_credit", "resume", "send_back", "sign_deferral_commitment", "store_blob", "submit_bundle", "submit_case",
    "supplement", "supply_deferred", "suspend", "terminate",
    "withdraw",
]
