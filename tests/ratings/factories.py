"""Cases at the points where they are rated, for the ratings tests."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from yiwang.cases import services as cases
from tests.cases.factories import MON, accepted

SH = ZoneInfo("Asia/Shanghai")


def at(day, hour=10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SH)


def delivered(org, version, *, window=False, applicant=None, submitter=None, today=MON):
    """A one-step case accepted, approved and delivered at the window on `today` (online unless `window`)."""
    if window:
        submitter = org.clerk
    case = accepted(org, version, today=today, applicant=applicant, submitter=submitter)
    case = cases.approve(case, actor=org.clerk, expected_version=case.version, today=today)
    return cases.deliver(case, actor=org.clerk, expected_version=case.version, method="window", today=today)


def accepted_at_window(org, version, today=MON):
    return accepted(org, version, today=today, submitter=org.clerk)


NEXT_DAY = MON + timedelta(days=1)
