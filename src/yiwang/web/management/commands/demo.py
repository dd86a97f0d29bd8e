"""`yiwang demo`: load the fictional demo district 江澄市明湖区 (idempotent); `yiwang demo --accounts` prints
its accounts and the shared demo password."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from yiwang.web.demo import DEMO_PASSWORD
from yiwang.web.demo.loader import accounts, accounts_table, load, reset


class Command(BaseCommand):
    help = "载入示范区（江澄市明湖区）的区划、部门、大厅、人员、申请人和事项目录；重复运行不会产生重复数据。"

    def add_arguments(self, parser):
        parser.add_argument("--accounts", action="store_true", help="只列出示范账号（角色、用户名、姓名、部门/大厅）")
        parser.add_argument("--reset", action="store_true",
                            help="清空数据库（全部数据！）后重新载入示范区和它的办件历史")
        parser.add_argument("--history", choices=["full", "fast", "none"],
                            help="办件历史：full 近几个月的数千件办件（默认，约1–2分钟），fast 少量（测试用），none 不写；"
                                 "默认取设置 YIWANG_DEMO_HISTORY")
        parser.add_argument("--force", action="store_true",
                            help=f"在 DEBUG 关闭时也载入（会创建使用公开密码 {DEMO_PASSWORD} 的账号）")

    def handle(self, *args, **options):
        if options["accounts"]:
            rows = accounts()
            if not rows:
                raise CommandError("尚未载入示范数据，请先运行 yiwang demo")
            self.stdout.write(accounts_table(rows))
            return
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                f"DEBUG 已关闭：示范数据会创建使用公开密码（{DEMO_PASSWORD}）的账号，生产环境请勿载入。"
                "确需载入请加 --force。")
        if options["reset"]:
            reset()
            self.stdout.write("已清空数据库，重新载入示范区……")
        history = options.get("history") or getattr(settings, "YIWANG_DEMO_HISTORY", "full")
        if history == "full":
            self.stdout.write("正在写入示范区近几个月的办件历史（约1–2分钟）……")
        created = load(history=history)
        if not created:
            self.stdout.write("示范数据已是最新，无需变更。")
            return
        labels = {"regions": "行政区划", "departments": "部门", "halls": "大厅", "windows": "窗口", "users": "账号",
                  "staff_roles": "岗位角色", "applicants": "申请人", "topics": "主题", "items": "事项",
                  "published": "发布事项版本", "bundles": "一件事", "bundles_published": "发布一件事",
                  "signing_keys": "证照签名密钥", "cases": "办件", "accepted": "受理", "approved": "准予许可",
                  "denied": "不予许可", "delivered": "出件", "licences": "电子证照", "ratings": "评价",
                  "negative_ratings": "差评", "orders": "督办", "supplement_notices": "补正告知",
                  "suspended": "特别程序", "extended": "延期", "deemed_accepted": "视为受理",
                  "deferral_lapsed": "容缺逾期终止", "default_ratings": "默认好评", "messages_sent": "消息发送",
                  "orders_closed": "督办办结", "licences_revoked": "证照注销"}
        summary = "，".join(f"{labels.get(k, k)} {v}" for k, v in created.items())
        self.stdout.write(self.style.SUCCESS(f"已载入示范区（江澄市明湖区）：{summary}。"))
        self.stdout.write("运行 yiwang demo --accounts 查看示范账号。")
