"""Reform's nightly work in Beijing time, through the jobs ledger (caught up and retried; idempotent for a day):
quarterly report reminders and overdue warnings (each sent once per task and quarter), and the bound indicators
measured for the day."""
from yiwang.jobs.nightly import nightly

from . import services_reports


@nightly("reform.report_notices", at="07:30", label="改革任务季度报送提醒与逾期预警")
def report_notices(day):
    return services_reports.send_report_notices(today=day)


@nightly("reform.indicators", at="02:00", label="改革任务绑定指标计算")
def measure_indicators(day):
    return services_reports.measure_indicators(today=day)
