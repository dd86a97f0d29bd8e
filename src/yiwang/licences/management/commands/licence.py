"""yiwang licence keygen|rotate|export-pubkeys|verify — department signing keys and offline verification."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from yiwang.api.errors import DomainError
from yiwang.licences import keys
from yiwang.licences.domain.verify import VALID
from yiwang.licences.verification import shown_fields, token_from_pdf, verify_token


def _read_file(source: str) -> bytes | None:
    """The file's bytes if `source` names a readable file (a token is also a valid-looking file name)."""
    try:
        path = Path(source)
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


class Command(BaseCommand):
    help = "电子证照：生成/轮换部门签名密钥、导出公钥、离线核验证照"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("keygen", help="为部门生成 SM2 签名密钥（私钥以 SM4 加密保存）")
        p.add_argument("department_code")
        p = sub.add_parser("rotate", help="轮换部门签名密钥：新密钥启用，旧密钥保留用于核验")
        p.add_argument("department_code")
        p = sub.add_parser("export-pubkeys", help="导出全部公钥（JSON），供离线核验")
        p.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
        p = sub.add_parser("verify", help="核验证照：PDF 文件、含核验码的文件、核验链接或核验码")
        p.add_argument("source", help="PDF 文件路径、核验链接或核验码")
        p.add_argument("--pubkey", help="使用导出的公钥文件离线核验（不查询数据库，无法得知注销状态）")

    def handle(self, *args, action, **options):
        try:
            return getattr(self, "do_" + action.replace("-", "_"))(**options)
        except DomainError as exc:
            raise CommandError(exc.message) from None

    def do_keygen(self, department_code, **_):
        key = keys.generate_key(keys.department_by_code(department_code))
        self.stdout.write(self.style.SUCCESS(f"已生成签名密钥 {key.key_id}"))
        self.stdout.write(f"公钥：{key.public_key}")

    def do_rotate(self, department_code, **_):
        key = keys.rotate_key(keys.department_by_code(department_code))
        self.stdout.write(self.style.SUCCESS(f"已轮换，在用签名密钥为 {key.key_id}（旧密钥保留用于核验）"))
        self.stdout.write(f"公钥：{key.public_key}")

    def do_export_pubkeys(self, output=None, **_):
        text = json.dumps(keys.export_public_keys(), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"已导出公钥到 {output}"))
        else:
            self.stdout.write(text)

    def do_verify(self, source, pubkey=None, **_):
        token = source
        data = _read_file(source)
        if data is not None:
            token = token_from_pdf(data) if data[:5] == b"%PDF-" else data.decode("utf-8", "replace").strip()
            if not token:
                raise CommandError("文件中没有找到证照核验码")
        if pubkey:
            try:
                public = keys.load_public_keys(json.loads(Path(pubkey).read_text(encoding="utf-8")))
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"无法读取公钥文件：{exc}") from None
            verdict = verify_token(token, keys=public, with_status=False)
        else:
            verdict = verify_token(token)
        self.stdout.write(f"核验结果：{verdict.label}（{verdict.status}）")
        if verdict.reason:
            self.stdout.write(f"原因：{verdict.reason}")
        if verdict.revoked_at:
            self.stdout.write(f"注销时间：{timezone.localtime(verdict.revoked_at):%Y-%m-%d %H:%M}　注销原因：{verdict.revoked_reason}")
        if pubkey and verdict.status == VALID:
            self.stdout.write("（离线核验：仅校验签名，未查询注销状态）")
        fields = shown_fields(verdict)
        for label, key in (("证照编号", "number"), ("证照类型", "licence_type"), ("持证主体", "holder_name"),
                           ("证件号码", "holder_id"), ("许可范围", "scope"), ("有效期起", "valid_from"),
                           ("有效期至", "valid_until"), ("发证部门", "department_name"), ("发证日期", "issued_on")):
            if fields and fields.get(key):
                self.stdout.write(f"{label}：{fields[key]}")
        if verdict.status != VALID:
            raise SystemExit(1)
