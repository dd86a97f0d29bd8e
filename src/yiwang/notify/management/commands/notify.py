"""`yiwang notify send`: send every due pending delivery now (for sites without the huey consumer)."""
from django.core.management.base import BaseCommand

from yiwang.notify.sending import send_pending


class Command(BaseCommand):
    help = "通知：send 立即发送所有待发送的邮件和短信"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["send"], help="send：发送到期的待发送投递")
        parser.add_argument("--limit", type=int, default=None, help="每批最多发送条数")

    def handle(self, *args, action, limit=None, **options):
        total = None
        while True:  # batch after batch until nothing due is left
            report = send_pending(limit=limit)
            if total is None:
                total = report
            else:
                for key in ("sent", "retrying", "failed", "dead"):
                    setattr(total, key, getattr(total, key) + getattr(report, key))
            if not (report.sent or report.retrying or report.failed or report.dead):
                break
        self.stdout.write(total.summary)
