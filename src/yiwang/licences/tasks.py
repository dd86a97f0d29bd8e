"""Periodic tasks (huey, utc=True; 16:50 UTC is 00:50 Beijing time): deemed renewals first (art. 50), then the
cancellation of licences expired without renewal (art. 70 (1)), then the holders' renewal reminders."""
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .lifecycle import apply_deemed_renewals, cancel_expired, send_renewal_reminders


@db_periodic_task(crontab(hour="16", minute="50"))
def licence_terms_task():
    return {"deemed_renewed": len(apply_deemed_renewals()), "cancelled": len(cancel_expired()),
            "reminded": send_renewal_reminders()}
