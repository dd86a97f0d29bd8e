"""Nightly catalogue work in Beijing time through the jobs ledger."""
from yiwang.jobs.nightly import nightly

from . import services


@nightly("catalog.activate_versions", at="00:05", label="到生效日期的事项版本转为现行版本")
def activate_due_versions(day):
    """Each night: versions whose effective date has come become the versions in force."""
    return services.activate_due_versions(today=day)
