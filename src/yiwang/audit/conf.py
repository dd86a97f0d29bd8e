"""Settings of the audit app, with their defaults."""
from django.conf import settings


def verify_chunk_size() -> int:
    return int(getattr(settings, "YIWANG_AUDIT_VERIFY_CHUNK", 2000))


def checkpoint_file():
    """Where signed checkpoints are appended (JSON lines). Put it outside the database server — another machine's
    mount, a write-once bucket — or copy it there: it is the anchor the chain is verified against."""
    from pathlib import Path

    value = getattr(settings, "YIWANG_AUDIT_CHECKPOINT_FILE", None)
    return Path(value) if value else Path(settings.DATA_DIR) / "audit-checkpoints.jsonl"


def retention_days() -> int:
    """How long audit events are kept at least (网络安全法 art. 21: not less than six months). The chain is
    append-only: nothing deletes events; the setting is the floor an archive-and-prune procedure must respect."""
    return max(int(getattr(settings, "YIWANG_AUDIT_RETENTION_DAYS", 180)), 180)
