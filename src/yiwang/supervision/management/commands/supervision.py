"""yiwang supervision warnings|anomalies [--full]|escalate|rollup --from YYYY-MM-DD [--to YYYY-MM-DD]"""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yiwang.supervision import figures, services


class Command(BaseCommand):
    help = "电子监察：刷新预警、扫描程序异常、督办升级、重算效能汇总"

    def add_arguments(self, parser):
        parser.add_argument("job", choices=["warnings", "anomalies", "escalate", "rollup"])
        parser.add_argument("--full", action="store_true", help="异常扫描：全部办件")
        parser.add_argument("--from", dest="start")
        parser.add_argument("--to", dest="end")

    def handle(self, job, full=False, start=None, end=None, **_):
        if job == "warnings":
            self.stdout.write(str(services.sync_warnings()))
        elif job == "anomalies":
            self.stdout.write(str(services.sync_anomalies(full=full)))
        elif job == "escalate":
            self.stdout.write(f"升级督办 {len(services.escalate_orders())} 件")
        else:
            try:
                s = date.fromisoformat(start) if start else None
                e = date.fromisoformat(end) if end else timezone.localdate()
            except ValueError as exc:
                raise CommandError("日期格式应为 YYYY-MM-DD") from exc
            if s is None:
                self.stdout.write(f"汇总行 {figures.refresh_recent()}")
            else:
                self.stdout.write(f"汇总行 {figures.refresh_rollups(s, e)}")
