"""Signed checkpoints anchor the audit chain: removing the last events and moving the head back, or rewriting an
event and recomputing every later hash, passes the plain chain walk but not `yiwang audit verify --against`."""
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from yiwang.audit import checkpoints
from yiwang.audit.domain import checkpoints as cp
from yiwang.audit.domain.chain import event_hash
from yiwang.audit.models import AuditEvent, ChainHead
from yiwang.audit.services import record, verify
from yiwang.common import sm

pytestmark = pytest.mark.django_db


def _events(org, n):
    for i in range(n):
        with transaction.atomic():
            record(actor=org.clerk, action="department.update", target=org.market, data={"i": i})


def _truncate_to(seq):
    """What an intruder with database access does: delete the last events and move the head back."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq > %s", [seq])
        cursor.execute("SELECT hash FROM audit_auditevent WHERE seq = %s", [seq])
        (head,) = cursor.fetchone()
        cursor.execute("UPDATE audit_chainhead SET seq = %s, hash = %s WHERE id = 1", [seq, head])


def _rewrite_from(seq):
    """Edit one event and recompute its hash and every later one, and the head: a consistent forged chain."""
    events = list(AuditEvent.objects.filter(seq__gte=seq).order_by("seq"))
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    with connection.cursor() as cursor:
        for e in events:
            fields = e.hashed_fields()
            if e.seq == seq:
                fields["data"] = {"i": "改过的"}
            digest = event_hash(prev, {k: v for k, v in fields.items() if k not in ("prev_hash", "hash")})
            cursor.execute("UPDATE audit_auditevent SET data = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                           [json.dumps(fields["data"]), prev, digest, e.seq])
            prev = digest
        cursor.execute("UPDATE audit_chainhead SET hash = %s WHERE id = 1", [prev])


def test_truncation_passes_the_chain_walk_but_not_the_checkpoints(org, tmp_path):
    _events(org, 5)
    path = tmp_path / "checkpoints.jsonl"
    signed = checkpoints.sign_checkpoint(path=path)
    assert signed["seq"] == ChainHead.objects.get().seq
    call_command("audit", "verify", "--against", str(path))  # intact: passes

    _truncate_to(signed["seq"] - 2)

    assert verify().ok  # the defect: the chain alone cannot tell
    with pytest.raises(CommandError, match="截断") as e:
        call_command("audit", "verify", "--against", str(path))
    assert e.value.returncode == 3


def test_rewriting_with_recomputed_hashes_is_detected(org, tmp_path):
    _events(org, 6)
    path = tmp_path / "checkpoints.jsonl"
    signed = checkpoints.sign_checkpoint(path=path)
    _rewrite_from(signed["seq"] - 3)
    assert verify().ok
    report = checkpoints.verify_against(path)
    assert not report.ok and "改写" in report.message


def test_a_forged_checkpoint_or_an_unpinned_key_is_refused(org, tmp_path):
    _events(org, 2)
    path = tmp_path / "checkpoints.jsonl"
    signed = checkpoints.sign_checkpoint(path=path)
    forged = dict(signed, seq=1, hash=AuditEvent.objects.get(seq=1).hash)  # same signature, other statement
    path.write_text(cp.dumps(forged) + "\n", encoding="utf-8")
    assert "签名无效" in checkpoints.verify_against(path).message
    # a checkpoint signed with an intruder's own key, but the operator pinned the platform's public key
    private, public = sm.generate_keypair()
    own = cp.sign(1, forged["hash"], signed["at"], signed["key_id"], private, public)
    path.write_text(cp.dumps(own) + "\n", encoding="utf-8")
    assert checkpoints.verify_against(path).ok  # self-certified: only pinning the key stops it
    pinned = {signed["key_id"]: bytes.fromhex(signed["public_key"])}
    assert "签名无效" in checkpoints.verify_against(path, trusted_keys=pinned).message
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--against", str(path), "--public-key",
                     f"{signed['key_id']}={signed['public_key']}")


def test_the_checkpoint_key_is_kept_sealed_under_the_key_encryption_key(org, settings, tmp_path):
    checkpoints.sign_checkpoint(path=tmp_path / "c.jsonl")
    assert checkpoints.opens()
    settings.YIWANG_KEY_ENCRYPTION_KEY = "not-the-key"
    assert not checkpoints.opens()


def test_retention_is_never_set_below_six_months(settings):
    from yiwang.audit import conf

    settings.YIWANG_AUDIT_RETENTION_DAYS = 30
    assert conf.retention_days() == 180
    settings.YIWANG_AUDIT_RETENTION_DAYS = 400
    assert conf.retention_days() == 400
