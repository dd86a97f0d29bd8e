"""yiwang district template|load — bring up a real district from one workbook (org.district): regions,
departments with their filing codes, parks, halls, windows, staff accounts and their post roles."""
import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yiwang.api.errors import DomainError
from yiwang.org import district
from yiwang.org.models import User


class Command(BaseCommand):
    help = "组织机构：写出导入模板；导入区划、部门、园区、大厅、窗口、人员和岗位（全部成功或全部不导入）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("template", help="写出导入模板（.xlsx，中文列名）")
        p.add_argument("out")
        p = sub.add_parser("load", help="导入填好的工作簿")
        p.add_argument("file")
        p.add_argument("--user", required=True,
                       help="以该管理员名义导入（审计记录）：系统管理员导入组织机构和账号，安全管理员导入岗位，超级管理员可一并导入")
        p.add_argument("--passwords", help="把新账号的初始密码写入该 CSV 文件（新建账号时必填；文件仅本人可读）")
        p.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, action, **options):
        if action == "template":
            Path(options["out"]).write_bytes(district.template())
            self.stdout.write(f"已写出导入模板：{options['out']}")
            return
        actor = User.objects.filter(username=options["user"]).first()
        if actor is None:
            raise CommandError(f"没有用户 {options['user']}")
        try:
            data = Path(options["file"]).read_bytes()
            if not options["dry_run"] and not options["passwords"] and district.load(
                    data, actor=actor, dry_run=True).passwords:
                raise CommandError("该工作簿会新建账号：请用 --passwords FILE.csv 指定初始密码的保存位置（未导入任何数据）")
            report = district.load(data, actor=actor, dry_run=options["dry_run"])
        except district.DistrictError as exc:
            for line in exc.report.errors:
                self.stderr.write(line)
            raise CommandError(f"工作簿有 {len(exc.report.errors)} 处错误，未导入任何数据") from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        except FileNotFoundError:
            raise CommandError(f"找不到文件 {options['file']}") from None
        for w in report.warnings:
            self.stdout.write(f"提示：{w}")
        self.stdout.write(("检查通过（未写入）：" if options["dry_run"] else "已导入：") + report.summary())
        if report.passwords and not options["dry_run"]:
            path = Path(options["passwords"])
            path.touch(mode=0o600)
            path.chmod(0o600)
            with path.open("w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(["用户名", "初始密码"])
                writer.writerows(sorted(report.passwords.items()))
            self.stdout.write(f"{len(report.passwords)} 个新账号的初始密码已写入 {path}（首次登录须修改）")
