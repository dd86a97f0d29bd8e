"""Nightly ratings work in Beijing time through the jobs ledger: the local default-grade option."""
from yiwang.jobs.nightly import nightly

from .services import apply_default_ratings


@nightly("ratings.default_ratings", at="00:50", label="逾期未评价的默认评价（本地选项）")
def default_ratings_task(day):
    return len(apply_default_ratings(today=day))


@nightly("ratings.reminders", at="09:30", label="评价提醒（邀请发出后仍未评价的，提醒一次）")
def reminders_task(day):
    from .invitations import send_reminders

    return send_reminders()
