"""Signed checkpoints of the audit chain, in pure Python (no Django).

A checkpoint says "at <time> the chain's head was event <seq> with hash <hash>", signed with an SM2 key. Kept outside
the database (a file on another machine, a write-once store), checkpoints anchor the chain: whoever can rewrite the
database can recompute every hash, but cannot sign. Verifying the chain *against* checkpoints detects

- truncation: the chain ends before a checkpointed seq (the last N events removed, the head moved back);
- rewriting: the event at a checkpointed seq has another hash (events edited and the chain recomputed);
- forged or altered checkpoints: a signature that does not verify under the pinned public key."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from yiwang.common import sm

FORMAT = "yiwang-audit-checkpoint/1"


def message(seq: int, head_hash: str, at: str, key_id: str) -> bytes:
    """The exact bytes signed."""
    return f"{FORMAT}|{int(seq)}|{head_hash}|{at}|{key_id}".encode()


def sign(seq: int, head_hash: str, at: str, key_id: str, private_key: bytes, public_key: bytes) -> dict:
    return {"format": FORMAT, "seq": int(seq), "hash": head_hash, "at": at, "key_id": key_id,
            "public_key": public_key.hex(),
            "signature": sm.sign(message(seq, head_hash, at, key_id), private_key).hex()}


def dumps(checkpoint: dict) -> str:
    return json.dumps(checkpoint, sort_keys=True, ensure_ascii=False)


def parse(lines: Iterable[str]) -> list[dict]:
    """Checkpoints from a JSON-lines export (blank lines ignored); a line that is not a checkpoint is an error."""
    out = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            cp = json.loads(line)
        except ValueError:
            raise ValueError(f"检查点文件第{n}行不是有效的 JSON") from None
        if not isinstance(cp, dict) or cp.get("format") != FORMAT:
            raise ValueError(f"检查点文件第{n}行不是审计检查点（应由 yiwang audit checkpoint 导出）")
        out.append(cp)
    return out


@dataclass
class CheckpointReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    latest_seq: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计链与{self.checked}个签名检查点一致（最新检查点 #{self.latest_seq}）"
        return "审计链与签名检查点不一致：" + "；".join(self.problems[:5])


def verify_against(checkpoints: list[dict], *, hash_at: Callable[[int], str | None], head_seq: int,
                   trusted_keys: dict[str, bytes] | None = None) -> CheckpointReport:
    """Check each checkpoint's signature (under `trusted_keys` if given — the public keys pinned by the operator —
    else the key the checkpoint names), then that the chain still holds it: `hash_at(seq)` is the hash of the event
    now stored at that seq (None if there is none) and `head_seq` the chain head's seq now."""
    report = CheckpointReport()
    for cp in checkpoints:
        seq, want, key_id = int(cp["seq"]), str(cp["hash"]), str(cp["key_id"])
        report.checked += 1
        if trusted_keys is not None:
            public = trusted_keys.get(key_id)
            if public is None:
                report.problems.append(f"检查点 #{seq} 的签名密钥 {key_id} 不在受信公钥中")
                continue
        else:
            public = bytes.fromhex(cp["public_key"])
        if not sm.verify(message(seq, want, cp["at"], key_id), bytes.fromhex(cp["signature"]), public):
            report.problems.append(f"检查点 #{seq} 签名无效（检查点被伪造或改动）")
            continue
        report.latest_seq = max(report.latest_seq, seq)
        if seq == 0:
            continue
        if head_seq < seq:
            report.problems.append(f"审计链被截断：链头为 #{head_seq}，而 {cp['at']} 的检查点已签至 #{seq}")
            continue
        got = hash_at(seq)
        if got is None:
            report.problems.append(f"检查点 #{seq} 对应的审计事件已不存在")
        elif got != want:
            report.problems.append(f"审计事件 #{seq} 被改写：哈希与 {cp['at']} 签名的检查点不符")
    return report
