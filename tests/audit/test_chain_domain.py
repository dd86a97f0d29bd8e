"""The pure chain rules: canonical JSON, SM3, and what check_chain reports."""
import datetime as dt
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiwang.audit.domain.chain import (
    GENESIS_HASH, NotSerialisable, canonical_json, check_chain, event_hash, sm3_hex, to_jsonable,
)


def test_sm3_matches_the_standard_test_vector():
    # GB/T 32905-2016, example 1: SM3("abc")
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_values_become_agreed_json():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    value = {
        "when": dt.datetime(2026, 3, 2, 9, 0, tzinfo=shanghai),
        "day": dt.date(2026, 3, 2),
        "fee": Decimal("12.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "tags": {"b", "a"},
        3: (1, 2),
    }
    assert to_jsonable(value) == {
        "when": "2026-03-02T01:00:00.000000+00:00", "day": "2026-03-02", "fee": "12.50",
        "id": "12345678-1234-5678-1234-567812345678", "tags": ["a", "b"], "3": [1, 2],
    }


def test_naive_datetimes_and_unknown_objects_are_refused():
    with pytest.raises(NotSerialisable):
        to_jsonable({"t": dt.datetime(2026, 1, 1)})
    with pytest.raises(NotSerialisable):
        to_jsonable({"o": object()})
    with pytest.raises(NotSerialisable):
        to_jsonable(float("nan"))


def test_canonical_json_keeps_chinese_and_sorts_keys():
    assert canonical_json({"b": 1, "a": "受理"}) == '{"a":"受理","b":1}'


def _chain(n):
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        e = {"seq": seq, "at": f"2026-01-01T00:00:0{seq % 10}.000000+00:00", "actor_id": 1, "actor_name": "张三",
             "role": "clerk", "action": "case.accept", "target_type": "cases.case", "target_id": str(seq),
             "target_repr": f"办件{seq}", "before": None, "after": {"state": "accepted"}, "data": None}
        e["prev_hash"], e["hash"] = prev, event_hash(prev, e)
        prev = e["hash"]
        events.append(e)
    return events


def test_intact_chain_passes():
    events = _chain(5)
    report = check_chain(events, {"seq": 5, "hash": events[-1]["hash"]})
    assert report.ok and report.count == 5
    assert report.message == "审计链完整：5 条事件"


def test_altered_content_is_found_at_its_seq():
    events = _chain(5)
    events[2]["after"] = {"state": "approved"}
    report = check_chain(events, {"seq": 5, "hash": events[-1]["hash"]})
    assert not report.ok and report.broken.seq == 3 and "篡改" in report.broken.reason


def test_deleted_event_is_a_gap():
    events = _chain(5)
    del events[1]
    report = check_chain(events, {"seq": 5, "hash": events[-1]["hash"]})
    assert not report.ok and report.broken.seq == 2 and "缺失" in report.broken.reason


def test_rehashed_event_breaks_the_next_link():
    events = _chain(4)
    events[1]["after"] = {"state": "forged"}
    events[1]["hash"] = event_hash(events[1]["prev_hash"], events[1])
    report = check_chain(events, {"seq": 4, "hash": events[-1]["hash"]})
    assert not report.ok and report.broken.seq == 3 and "前序哈希" in report.broken.reason


def test_deleted_tail_and_altered_head_are_found():
    events = _chain(4)
    truncated = check_chain(events[:3], {"seq": 4, "hash": events[-1]["hash"]})
    assert not truncated.ok and truncated.broken.seq == 4
    head_altered = check_chain(events, {"seq": 4, "hash": "f" * 64})
    assert not head_altered.ok and "链头" in head_altered.broken.reason
    assert not check_chain(events, None).ok


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | st.decimals(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=15,
)


@given(json_values)
def test_normalised_values_are_stable(value):
    once = to_jsonable(value)
    assert to_jsonable(once) == once
    assert canonical_json(once) == canonical_json(to_jsonable(once))
