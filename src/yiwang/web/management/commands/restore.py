"""`yiwang restore DIR`: into a freshly migrated, empty database (see yiwang.web.backup)."""
from django.core.management.base import BaseCommand, CommandError

from yiwang.web.backup.run import BackupError, restore


class Command(BaseCommand):
    help = "恢复：在新建并已迁移的空数据库上载入备份和材料文件，然后校验审计链、每个材料文件的 SHA-256 和全部密钥"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="yiwang backup 产生的备份目录")

    def handle(self, *args, directory, **options):
        try:
            report = restore(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"已恢复：审计链 {report['events']} 个事件完整（链头 #{report['audit_head']}），"
            f"{report['blobs']}个材料文件 SHA-256 一致，{report['sealed_keys']}个密钥可以打开"))
