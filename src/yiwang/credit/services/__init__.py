"""Credit services: the only place credit data changes (each in a transaction, each audited)."""
from .grades import activate_model, current_grades, ensure_shipped_models, new_model_version, regrade, regrade_all
from .imports import import_records, template_xlsx
from .measures import (figures, intake_verdict, measures_for, record_check, save_measure, state_of,
                       switch_measure)
from .repairs import apply_repair, decide_repair
from .reports import issue_report, verify as verify_report
from .records import (add_record, correct_record, end_record, ensure_subject, expire_due, find_subject,
                      publish_licensing_decision, record_commitment, record_commitment_result,
                      repair_breaches, subject_for_applicant)

__all__ = [
    "apply_repair", "decide_repair", "issue_report", "verify_report",
    "activate_model", "current_grades", "ensure_shipped_models", "new_model_version", "regrade", "regrade_all",
    "import_records", "template_xlsx", "figures", "intake_verdict", "measures_for", "record_check",
    "save_measure", "state_of", "switch_measure", "add_record", "correct_record", "end_record", "ensure_subject",
    "expire_due", "find_subject", "publish_licensing_decision", "record_commitment", "record_commitment_result",
    "subject_for_applicant", "repair_breaches",
]
