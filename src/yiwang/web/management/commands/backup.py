"""`yiwang backup DIR`: database dump, media files and manifest (see yiwang.web.backup)."""
from django.core.management.base import BaseCommand, CommandError

from yiwang.web.backup.run import BackupError, backup


class Command(BaseCommand):
    help = "备份：数据库转储（个人信息保持加密）、全部材料文件及其 SHA-256、审计链头；先确认密钥加密密钥能打开库中的全部密钥"

    def add_arguments(self, parser):
        parser.add_argument("directory", help="备份目录（新建或空目录）")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(
            f"已备份到 {directory}：审计链头 #{manifest['audit_head']['seq']}，{len(manifest['files'])}个文件，"
            f"{manifest['sealed_keys']}个密钥可由密钥加密密钥打开"))
