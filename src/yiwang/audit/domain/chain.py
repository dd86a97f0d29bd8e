"""The hash chain, in pure Python: canonical JSON and SM3 over (previous hash || event).

No Django import: values are normalised by duck typing (a model instance is anything with `_meta` and `pk`),
so the rule that decides what an event's hash covers can be tested and re-implemented anywhere."""
from __future__ import annotations

import datetime as dt
import enum
import json
import math
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable

from cryptography.hazmat.primitives import hashes

GENESIS_HASH = "0" * 64

# The fields an event's hash covers, in the order they are documented (the JSON itself sorts keys).
HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_name", "role", "action",
    "target_type", "target_id", "target_repr", "before", "after", "data",
)


class NotSerialisable(TypeError):
    """A value in before/after/data that has no agreed JSON form."""


def iso_utc(value: dt.datetime) -> str:
    """An aware datetime as ISO 8601 in UTC with microseconds, e.g. 2026-03-02T01:02:03.000004+00:00."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise NotSerialisable(f"时间 {value!r} 缺少时区，无法写入审计记录")
    return value.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def to_jsonable(value: Any, fallback: Callable[[Any], Any] | None = None) -> Any:
    """Turn a value into plain JSON types, the one way the chain agrees on.

    datetimes → ISO UTC, dates/times → ISO, Decimal → its string, UUID → str, Enum → its value,
    sets → sorted lists, model instances → their pk. Anything else goes to `fallback` or is refused."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, fallback)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise NotSerialisable(f"数值 {value!r} 不能写入审计记录")
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotSerialisable(f"数值 {value!r} 不能写入审计记录")
        return str(value)
    if isinstance(value, dt.datetime):
        return iso_utc(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(to_jsonable(k, fallback)): to_jsonable(v, fallback) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        items = [to_jsonable(v, fallback) for v in value]
        return sorted(items, key=canonical_json)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v, fallback) for v in value]
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return to_jsonable(value.pk, fallback)
    if fallback is not None:
        converted = fallback(value)
        if converted is not value:
            return to_jsonable(converted, None)
    raise NotSerialisable(f"无法把 {type(value).__name__} 类型的值写入审计记录")


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 characters kept (ensure_ascii off), NaN refused."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def event_payload(fields: dict) -> dict:
    """The part of an event the hash covers; `at` must already be a string (see iso_utc)."""
    return {name: fields.get(name) for name in HASHED_FIELDS}


def event_hash(prev_hash: str, fields: dict) -> str:
    """hash = SM3(prev_hash || canonical JSON of the event's fields), all as UTF-8."""
    return sm3_hex((prev_hash + canonical_json(event_payload(fields))).encode("utf-8"))


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    last_seq: int = 0
    broken: Break | None = None

    @property
    def message(self) -> str:
        if self.ok:
            return f"审计链完整：{self.count} 条事件"
        return f"审计链断裂：第 {self.broken.seq} 号事件：{self.broken.reason}"


def check_chain(events: Iterable[dict], head: dict | None) -> ChainReport:
    """Walk events in seq order. Each is a dict with the HASHED_FIELDS plus `prev_hash` and `hash`.
    `head` is {"seq", "hash"} of the chain-head row or None if it is missing.

    Finds the first: gap in seq (a deleted event), prev_hash not the previous event's hash (deleted or
    re-chained), stored hash not matching the content (an altered event), head not pointing at the last event
    (deleted tail or altered head)."""
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    for e in events:
        seq = e["seq"]
        if seq != expected_seq:
            if seq > expected_seq:
                missing = f"第 {expected_seq} 号" if seq == expected_seq + 1 else f"第 {expected_seq}–{seq - 1} 号"
                return ChainReport(False, count, expected_seq - 1,
                                   Break(expected_seq, f"序号不连续，{missing}事件缺失（可能被删除）"))
            return ChainReport(False, count, expected_seq - 1, Break(seq, "序号重复或倒序"))
        if e["prev_hash"] != prev:
            return ChainReport(False, count, seq - 1,
                               Break(seq, "前序哈希与上一条事件的哈希不符（上一条事件被删除或改动）"))
        actual = event_hash(e["prev_hash"], e)
        if actual != e["hash"]:
            return ChainReport(False, count, seq - 1, Break(seq, "内容与哈希不符（事件被篡改）"))
        prev, count, expected_seq = e["hash"], count + 1, seq + 1
    last_seq = expected_seq - 1
    if head is None:
        if count:
            return ChainReport(False, count, last_seq, Break(last_seq + 1, "链头记录缺失"))
        return ChainReport(True, 0, 0)
    if head["seq"] != last_seq or head["hash"] != prev:
        if head["seq"] > last_seq:
            reason = f"链头指向第 {head['seq']} 号事件，但链上只有 {last_seq} 条（末尾事件被删除）"
            return ChainReport(False, count, last_seq, Break(last_seq + 1, reason))
        if head["seq"] < last_seq:
            return ChainReport(False, count, last_seq, Break(
                head["seq"] + 1, "链头落后于最后一条事件（链头被改动，或有事件绕过链头写入）"))
        return ChainReport(False, count, last_seq, Break(last_seq, "链头哈希与最后一条事件不符（链头被改动）"))
    return ChainReport(True, count, last_seq)
