"""The compact payload (pure core): round trip, link length, scope digest fallback."""
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yiwang.licences.domain import crypto
from yiwang.licences.domain.payload import (
    LicenceFields, MalformedPayload, canonical, choose_payload, decode_token, make_token, verify_link,
)
from yiwang.licences.domain.verify import PublicKey, check_signature

BASE = "https://zwfw.example.gov.cn"
SK, PK = crypto.generate_keypair()
KEYS = {"SCJ-K1": PublicKey("SCJ-K1", "SCJ", PK)}


def fields(**kw):
    base = dict(number="SCJ-2026-000001", licence_type="食品经营许可证", holder_name="张三",
                holder_id_masked="310***********001X", scope="预包装食品销售", valid_from=dt.date(2026, 1, 5),
                valid_until=None, department_code="SCJ", issued_on=dt.date(2026, 1, 5), key_id="SCJ-K1")
    base.update(kw)
    return LicenceFields(**base)


@settings(max_examples=25, deadline=None)
@given(name=st.text(min_size=1, max_size=40), scope=st.text(min_size=1, max_size=400))
def test_any_names_round_trip_and_the_link_stays_short(name, scope):
    payload = choose_payload(fields(holder_name=name, scope=scope), BASE)
    token = make_token(payload, crypto.sign(payload, SK))
    assert len(verify_link(BASE, token)) <= 600
    verdict = check_signature(verify_link(BASE, token), KEYS)
    assert verdict.status == "valid"
    assert verdict.decoded.fields["holder_name"] == name
    assert verdict.decoded.fields["scope"] in ("", scope)


def test_long_scope_is_replaced_by_its_digest_and_too_long_names_are_refused():
    assert b'"s":' in choose_payload(fields(scope="短"), BASE)
    long_payload = choose_payload(fields(scope="很长的许可范围" * 100), BASE)
    assert b'"sd":' in long_payload and "很长".encode() not in long_payload
    with pytest.raises(ValueError):
        choose_payload(fields(licence_type="类" * 100, holder_name="名" * 100), BASE)


def test_canonical_form_is_stable_and_long_term_validity_is_empty():
    assert canonical(fields()) == canonical(fields())
    assert b'"u":""' in canonical(fields())


@pytest.mark.parametrize("bad", ["", "abc", "a.b.c", "!!!!.????", "e30." + "A" * 86])
def test_malformed_tokens_are_refused(bad):
    with pytest.raises(MalformedPayload):
        decode_token(bad)
    assert check_signature(bad, KEYS).status == "forged"
