"""`yiwang nightly`: list the nightly tasks and what they owe, run what is owed now, or run one task for a day."""
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from yiwang.jobs import nightly as ledger
from yiwang.jobs.models import NightlyRun


class Command(BaseCommand):
    help = "夜间任务：list 列出任务及待补跑日期；run 补跑所有待运行的日期；run NAME --day YYYY-MM-DD 为某日重跑某任务"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "run"])
        parser.add_argument("name", nargs="?", help="任务名（如 cases.deemed_acceptance）")
        parser.add_argument("--day", help="业务日期（北京时间），与任务名一起使用；已完成的也会重跑")

    def handle(self, *args, action, name=None, day=None, **options):
        jobs = ledger.registry()
        if name and name not in jobs:
            raise CommandError(f"没有任务“{name}”。可用：" + "、".join(jobs))
        if action == "list":
            self.stdout.write(f"现在（北京时间）：{ledger.local_now():%Y-%m-%d %H:%M}")
            for job in jobs.values():
                last = NightlyRun.objects.filter(task=job.name, status=NightlyRun.Status.DONE).order_by("-day").first()
                due = ", ".join(map(str, ledger.owed(job))) or "无"
                self.stdout.write(f"{job.slot:%H:%M} {job.name}：{job.label}；最近完成 {last.day if last else '从未'}；"
                                  f"待运行 {due}")
            return
        if day:
            if not name:
                raise CommandError("--day 须与任务名一起使用")
            try:
                the_day = date.fromisoformat(day)
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
            results = [(name, the_day, ledger.run_one(jobs[name], the_day, force=True))]
        else:
            results = ledger.run_due(names={name} if name else None)
        failed = 0
        for task, the_day, status in results:
            failed += status == "failed"
            self.stdout.write(f"{task} {the_day}: {status}")
        if not results:
            self.stdout.write("没有待运行的夜间任务")
        if failed:
            raise CommandError(f"{failed}个任务运行失败（详见日志与运行记录）", returncode=1)
