"""The backup and restore procedures (see the package docstring and docs/deployment.md)."""
from __future__ import annotations

import hashlib
import io
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from . import keys

FORMAT = "yiwang-backup/1"
# Rows that are rebuilt, not restored (content types and permissions come from migrate; sessions and the
# cache table are transient).
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    pass


def _sha256_of(opened) -> str:
    h = hashlib.sha256()
    for chunk in iter(lambda: opened.read(1024 * 1024), b""):
        h.update(chunk)
    return h.hexdigest()


def _file_fields():
    from django.db import models

    return [(m, f.name) for m in apps.get_models() for f in m._meta.get_fields()
            if isinstance(f, models.FileField) and not f.many_to_many]


def _chain_head() -> dict:
    from yiwang.audit.models import ChainHead

    return ChainHead.objects.filter(pk=1).values("seq", "hash").first() or {"seq": 0, "hash": "0" * 64}


def backup(target: Path) -> dict:
    """Write the database dump, the media files and the manifest into `target` (an empty or new folder)."""
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空的")
    checked, failed = keys.check_database()
    if failed:
        raise BackupError("密钥加密密钥（YIWANG_KEY_ENCRYPTION_KEY）打不开以下密钥，备份将无法使用：" + "、".join(failed))
    (target / "media").mkdir(parents=True)
    with transaction.atomic():  # one consistent view of the database (REPEATABLE READ-like within the dump)
        head = _chain_head()
        out = io.StringIO()
        call_command("dumpdata", exclude=EXCLUDE, natural_foreign=True, format="yjson", indent=None, stdout=out)
        files = {}
        for model, name in _file_fields():
            for stored in model._base_manager.exclude(**{name: ""}).values_list(name, flat=True):
                if stored in files:
                    continue
                dest = target / "media" / stored
                dest.parent.mkdir(parents=True, exist_ok=True)
                with default_storage.open(stored, "rb") as src, open(dest, "wb") as fh:
                    shutil.copyfileobj(src, fh)
                with open(dest, "rb") as fh:
                    files[stored] = _sha256_of(fh)
    (target / "database.yjson").write_text(out.getvalue(), encoding="utf-8")
    manifest = {
        "format": FORMAT, "created_at": timezone.now().isoformat(), "database": connection.vendor,
        "audit_head": head, "sealed_keys": checked, "files": files,
        "database_sha256": hashlib.sha256(out.getvalue().encode()).hexdigest(),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _database_is_empty() -> bool:
    from yiwang.audit.models import AuditEvent
    from yiwang.org.models import Applicant, User

    return not (AuditEvent.objects.exists() or User.objects.exists() or Applicant.objects.exists())


def restore(source: Path) -> dict:
    """Load a backup into a freshly migrated, empty database and its media store; then check the audit chain and
    every blob's SHA-256. Refused if the key-encryption key does not open the backup's keys."""
    from yiwang.audit.services import verify
    from yiwang.cases.models import Blob

    source = Path(source)
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
        dump = (source / "database.yjson").read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise BackupError(f"不是有效的备份目录：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份格式不符（应由 yiwang backup 产生）")
    if hashlib.sha256(dump.encode()).hexdigest() != manifest["database_sha256"]:
        raise BackupError("数据库转储与清单的 SHA-256 不符：备份已损坏或被改动")
    objects = json.loads(dump)
    checked, failed = keys.check_dump(objects)
    if failed:
        raise BackupError("当前的密钥加密密钥（YIWANG_KEY_ENCRYPTION_KEY）打不开备份中的密钥：" + "、".join(failed)
                          + "。请使用备份时的同一密钥加密密钥。")
    if not _database_is_empty():
        raise BackupError("目标数据库不是空的：请在新建并已迁移（yiwang migrate）的数据库上恢复")
    for name, sha in manifest["files"].items():
        path = source / "media" / name
        if not path.is_file():
            raise BackupError(f"备份中缺少文件 {name}")
        with open(path, "rb") as fh:
            if _sha256_of(fh) != sha:
                raise BackupError(f"备份文件 {name} 的 SHA-256 与清单不符")
    with transaction.atomic():
        fixture = source / "database.yjson"
        call_command("loaddata", str(fixture), verbosity=0)
        for name in manifest["files"]:
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(source / "media" / name, "rb") as fh:
                saved = default_storage.save(name, File(fh))
            if saved != name:
                raise BackupError(f"文件 {name} 无法按原名写回存储（得到 {saved}）")
        _reset_sequences()
    from yiwang.org import pii

    pii.reset_cache()
    report = verify()
    if not report.ok:
        raise BackupError(f"恢复后审计链校验失败：{report.message}")
    head = _chain_head()
    if head != manifest["audit_head"]:
        raise BackupError(f"恢复后的审计链头 #{head['seq']} 与备份清单 #{manifest['audit_head']['seq']} 不符")
    bad = []
    for blob in Blob.objects.all().iterator():
        with default_storage.open(blob.file.name, "rb") as fh:
            if _sha256_of(fh) != blob.sha256:
                bad.append(blob.sha256[:12])
    if bad:
        raise BackupError("恢复后以下材料文件的 SHA-256 不符：" + "、".join(bad))
    _, failed = keys.check_database()
    if failed:
        raise BackupError("恢复后密钥无法打开：" + "、".join(failed))
    return {"events": report.count, "blobs": Blob.objects.count(), "files": len(manifest["files"]),
            "sealed_keys": checked, "audit_head": head["seq"]}


def _reset_sequences():
    """PostgreSQL: move each table's id sequence past the restored rows."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    models = [m for m in apps.get_models() if m._meta.managed]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
