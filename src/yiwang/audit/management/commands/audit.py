"""`yiwang audit verify [--against CHECKPOINTS]`: walk the hash chain (and hold it against signed checkpoints kept
outside the database); `yiwang audit checkpoint`: sign the chain head now; `yiwang audit export-checkpoints FILE`."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.audit import checkpoints
from yiwang.audit.services import verify


class Command(BaseCommand):
    help = ("审计日志：verify 校验哈希链是否完整（--against 检查点文件：同时发现截断和改写）；"
            "checkpoint 立即签署链头检查点；export-checkpoints 导出全部检查点")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "export-checkpoints"])
        parser.add_argument("file", nargs="?", help="export-checkpoints 的输出文件")
        parser.add_argument("--against", help="签名检查点文件（JSON lines，由 checkpoint/export-checkpoints 产生）")
        parser.add_argument("--public-key", action="append", default=[], metavar="KEY_ID=HEX",
                            help="受信的检查点公钥（可重复）；给出时只认这些公钥签的检查点")
        parser.add_argument("--database", default=None, help="数据库别名（默认 default）")

    def handle(self, *args, action, file=None, against=None, public_key=(), database=None, **options):
        if action == "checkpoint":
            signed = checkpoints.sign_checkpoint(using=database)
            self.stdout.write(self.style.SUCCESS(f"已签署检查点 #{signed['seq']}（{signed['key_id']}）"))
            return
        if action == "export-checkpoints":
            if not file:
                raise CommandError("请给出输出文件")
            n = checkpoints.export(Path(file))
            self.stdout.write(self.style.SUCCESS(f"已导出{n}个检查点到 {file}"))
            return
        report = verify(using=database)
        if not report.ok:
            raise CommandError(report.message, returncode=2)
        self.stdout.write(self.style.SUCCESS(report.message))
        if against:
            trusted = None
            if public_key:
                try:
                    trusted = {k: bytes.fromhex(v) for k, v in (p.split("=", 1) for p in public_key)}
                except ValueError:
                    raise CommandError("--public-key 应写作 KEY_ID=十六进制公钥") from None
            try:
                anchored = checkpoints.verify_against(Path(against), trusted_keys=trusted, using=database)
            except (OSError, ValueError) as exc:
                raise CommandError(f"无法读取检查点文件：{exc}") from None
            if not anchored.ok:
                raise CommandError(anchored.message, returncode=3)
            self.stdout.write(self.style.SUCCESS(anchored.message))
