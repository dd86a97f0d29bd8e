"""`yiwang sweep_orphans`: delete uploaded files no row points to (older than the grace period)."""
from django.core.management.base import BaseCommand

from yiwang.cases.services.sweep import sweep_orphans


class Command(BaseCommand):
    help = "清理孤立文件：删除没有任何记录指向、且早于宽限期的上传文件（从不删除仍被引用的文件）"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")
        parser.add_argument("--grace-minutes", type=int, default=None,
                            help="宽限期（分钟，默认 YIWANG_CASES_ORPHAN_GRACE_MINUTES，即24小时）；"
                                 "仅在确认没有正在进行的上传时（如服务已停止）设为0")

    def handle(self, *args, dry_run=False, grace_minutes=None, **options):
        report = sweep_orphans(grace_minutes=grace_minutes, dry_run=dry_run)
        for name in report.deleted:
            self.stdout.write(("将删除 " if dry_run else "已删除 ") + name)
        self.stdout.write(self.style.SUCCESS(
            f"检查{report.scanned}个文件：{report.referenced}个仍被引用，{report.young}个未过宽限期，"
            f"{'可删除' if dry_run else '已删除'}{len(report.deleted)}个孤立文件"))
