"""`yiwang pii status | rotate | reencrypt`: the keys of personal data at rest (ID and phone numbers, SM4)."""
from django.core.management.base import BaseCommand

from yiwang.org import pii
from yiwang.org.models import DataKey


class Command(BaseCommand):
    help = ("个人信息加密：status 查看密钥及使用情况；rotate 生成新密钥并用其重新加密全部证件号码和电话号码；"
            "reencrypt 把仍在旧密钥下的数据改用在用密钥加密（轮换中断后续做）")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "rotate", "reencrypt"])
        parser.add_argument("--batch", type=int, default=500, help="每批处理的行数")

    def handle(self, *args, action, batch=500, **options):
        if action == "rotate":
            key = pii.create_key()
            self.stdout.write(f"新的在用密钥：{key.key_id}")
        if action in ("rotate", "reencrypt"):
            n = pii.reencrypt_all(batch=batch)
            self.stdout.write(self.style.SUCCESS(f"已重新加密 {n} 行"))
        used = pii.keys_in_use()
        for key in DataKey.objects.order_by("sequence"):
            self.stdout.write(f"{key.key_id} {key.get_status_display()} 创建于 {key.created_at:%Y-%m-%d %H:%M}"
                              + ("（仍有数据使用）" if key.key_id in used else ""))
