"""Catalogue work in the background: the nightly switch to due versions (Beijing time, through the jobs ledger),
and imports (huey tasks)."""
from huey.contrib.djhuey import db_task

from yiwang.jobs.nightly import nightly

from . import services


@nightly("catalog.activate_versions", at="00:05", label="到生效日期的事项版本转为现行版本")
def activate_due_versions(day):
    """Each night: versions whose effective date has come become the versions in force."""
    return services.activate_due_versions(today=day)


@db_task()
def catalog_import_check(job_id: int):
    """Dry run of an uploaded catalogue file (nothing written)."""
    from .importing import jobs

    jobs.check(job_id)


@db_task()
def catalog_import_run(job_id: int):
    """The confirmed import, all or nothing."""
    from .importing import jobs

    jobs.run(job_id)
