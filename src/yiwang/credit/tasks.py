"""Nightly credit work (huey), after midnight Beijing time: end publication at the maximum period, then recompute
both grades for every subject."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import expire_due
from .services.bulk import regrade_bulk
from .services.grades import sync_applicant_flags


@db_periodic_task(crontab(hour="17", minute="20"))
def nightly_credit_task():
    expired = expire_due()
    result = regrade_bulk()
    result["expired"] = expired
    result["applicants"] = sync_applicant_flags()
    return result
