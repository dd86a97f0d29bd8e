"""Nightly credit work in Beijing time through the jobs ledger: end publication at the maximum period, then
recompute both grades for every subject (bulk) and keep the applicants' derived flags in step."""
from yiwang.jobs.nightly import nightly

from .services import expire_due
from .services.bulk import regrade_bulk
from .services.grades import link_enterprises, sync_applicant_flags


@nightly("credit.nightly", at="01:20", label="信用：公示期满停止公示，重新计算信用风险分类和公共信用综合评价")
def nightly_credit_task(day):
    result = {"expired": expire_due(today=day), "enterprises_linked": link_enterprises()}
    result.update(regrade_bulk(today=day))
    result["applicants"] = sync_applicant_flags()
    return result
