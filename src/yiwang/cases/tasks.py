"""Nightly case work in Beijing time through the jobs ledger (caught up if the consumer was down, retried on
failure): art. 32 deemed acceptance, 容缺 lapses, and the sweep of uploaded files no row points to."""
from yiwang.jobs.nightly import nightly

from .services import apply_deemed_acceptance, apply_deferral_lapses
from .services.sweep import sweep_orphans


@nightly("cases.deemed_acceptance", at="00:30", label="第三十二条逾期视为受理")
def deemed_acceptance_task(day):
    return len(apply_deemed_acceptance(today=day))


@nightly("cases.deferral_lapses", at="00:40", label="容缺材料逾期未补交，终止办理")
def deferral_lapse_task(day):
    return len(apply_deferral_lapses(today=day))


@nightly("cases.orphan_sweep", at="03:00", label="清理没有记录指向的上传文件")
def orphan_sweep_task(day):
    return sweep_orphans().as_dict()
