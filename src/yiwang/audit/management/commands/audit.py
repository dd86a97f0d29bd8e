"""`yiwang audit verify`: walk the hash chain; exits non-zero at the first break."""
from django.core.management.base import BaseCommand, CommandError

from yiwang.audit.services import verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链是否完整"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"], help="verify：校验审计哈希链")
        parser.add_argument("--database", default=None, help="数据库别名（默认 default）")

    def handle(self, *args, action, database=None, **options):
        report = verify(using=database)
        if not report.ok:
            raise CommandError(report.message, returncode=2)
        self.stdout.write(self.style.SUCCESS(report.message))
