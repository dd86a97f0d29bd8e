"""Signed checkpoints of the audit chain: sign the head (periodically, and on request), export them, verify the
chain against an exported file (`yiwang audit verify --against FILE`)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.utils import timezone

from yiwang.common import kek, sm

from . import conf
from .domain import checkpoints as cp
from .domain.chain import iso_utc
from .models import AuditEvent, ChainHead, Checkpoint, CheckpointKey


def _master() -> bytes:
    return kek.master_for("audit")


def signing_key() -> CheckpointKey:
    key = CheckpointKey.objects.filter(active=True).order_by("-id").first()
    if key is not None:
        return key
    private, public = sm.generate_keypair()
    key_id = f"AUDIT-{timezone.now():%Y%m%d}-{secrets.token_hex(3)}"
    return CheckpointKey.objects.create(key_id=key_id, public_key=public.hex(),
                                        private_key_sealed=sm.wrap_key(private, _master(), key_id))


def rotate_key() -> CheckpointKey:
    with transaction.atomic():
        CheckpointKey.objects.filter(active=True).update(active=False)
        return signing_key()


def opens() -> bool:
    """Whether the configured key-encryption key opens the checkpoint signing key (True when there is none yet)."""
    key = CheckpointKey.objects.filter(active=True).first()
    if key is None:
        return True
    try:
        sm.unwrap_key(bytes(key.private_key_sealed), _master(), key.key_id)
        return True
    except sm.KeyUnwrapError:
        return False


def sign_checkpoint(*, path: Path | None = None, using: str | None = None) -> dict:
    """Sign the chain head as it is now, keep it (a Checkpoint row) and append it to the export file."""
    using = using or router.db_for_write(Checkpoint) or DEFAULT_DB_ALIAS
    head = ChainHead.objects.using(using).filter(pk=1).values("seq", "hash").first() or {"seq": 0, "hash": "0" * 64}
    key = signing_key()
    private = sm.unwrap_key(bytes(key.private_key_sealed), _master(), key.key_id)
    signed = cp.sign(head["seq"], head["hash"], iso_utc(timezone.now()), key.key_id, private,
                     bytes.fromhex(key.public_key))
    Checkpoint.objects.using(using).create(seq=signed["seq"], hash=signed["hash"], at=signed["at"],
                                           key_id=signed["key_id"], signature=signed["signature"])
    target = path or conf.checkpoint_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a", encoding="utf-8") as fh:
        fh.write(cp.dumps(signed) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    return signed


def export(path: Path) -> int:
    """Write every stored checkpoint to `path` (JSON lines, oldest first); how many."""
    keys = dict(CheckpointKey.objects.values_list("key_id", "public_key"))
    rows = Checkpoint.objects.order_by("seq", "id")
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(cp.dumps({"format": cp.FORMAT, "seq": r.seq, "hash": r.hash, "at": r.at, "key_id": r.key_id,
                               "public_key": keys.get(r.key_id, ""), "signature": r.signature}) + "\n")
    return rows.count()


def verify_against(path: Path, *, trusted_keys: dict[str, bytes] | None = None,
                   using: str | None = None) -> cp.CheckpointReport:
    """The chain as stored now against the checkpoints in `path`."""
    using = using or router.db_for_read(AuditEvent) or DEFAULT_DB_ALIAS
    with open(path, encoding="utf-8") as fh:
        checkpoints = cp.parse(fh)
    head = ChainHead.objects.using(using).filter(pk=1).values_list("seq", flat=True).first()
    top = AuditEvent.objects.using(using).order_by("-seq").values_list("seq", flat=True).first() or 0
    hashes = dict(AuditEvent.objects.using(using).filter(seq__in={int(c["seq"]) for c in checkpoints})
                  .values_list("seq", "hash"))
    return cp.verify_against(checkpoints, hash_at=hashes.get, head_seq=min(head or 0, top),
                             trusted_keys=trusted_keys)
