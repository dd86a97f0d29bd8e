"""Signing keys at rest: sealed with SM4 under the master key, never stored raw."""
import pytest

from yiwang.api.errors import Conflict
from yiwang.licences.domain import crypto
from yiwang.licences.keys import generate_key, private_key_of, rotate_key
from yiwang.licences.models import SigningKey


def test_private_key_at_rest_is_sealed_and_opens_only_with_the_master_key(keyed_org, settings):
    key = SigningKey.objects.get(key_id="SCJ-K1")
    sealed = bytes(key.private_key_sealed)
    private = private_key_of(key)
    assert len(private) == 32
    assert private not in sealed
    assert crypto.public_key_of(private).hex() == key.public_key
    # the sealed blob does not open with another master key, nor under another key id
    with pytest.raises(crypto.KeyUnwrapError):
        crypto.unwrap_key(sealed, crypto.derive_master("another-master-key"), key.key_id)
    with pytest.raises(crypto.KeyUnwrapError):
        crypto.unwrap_key(sealed, crypto.derive_master(settings.YIWANG_KEY_ENCRYPTION_KEY), "WJW-K1")
    settings.YIWANG_KEY_ENCRYPTION_KEY = "rotated-away-master"
    with pytest.raises(crypto.KeyUnwrapError):
        private_key_of(key)


def test_altered_sealed_blob_is_refused():
    master = crypto.derive_master("m")
    sk, _ = crypto.generate_keypair()
    blob = bytearray(crypto.wrap_key(sk, master, "X-K1"))
    assert crypto.unwrap_key(bytes(blob), master, "X-K1") == sk
    blob[20] ^= 1
    with pytest.raises(crypto.KeyUnwrapError):
        crypto.unwrap_key(bytes(blob), master, "X-K1")


def test_keygen_twice_is_refused_and_rotate_keeps_the_old_key(keyed_org):
    with pytest.raises(Conflict):
        generate_key(keyed_org.market)
    rotate_key(keyed_org.market)
    rotate_key(keyed_org.market)
    keys = list(SigningKey.objects.filter(department=keyed_org.market).values_list("key_id", "status"))
    assert keys == [("SCJ-K1", "retired"), ("SCJ-K2", "retired"), ("SCJ-K3", "active")]


def test_rotate_without_a_key_is_refused(org):
    with pytest.raises(Conflict):
        rotate_key(org.market)


def test_debug_derives_master_from_secret_key_and_production_requires_it(org, settings, monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from yiwang.licences import conf

    monkeypatch.delenv("YIWANG_KEY_ENCRYPTION_KEY", raising=False)
    settings.YIWANG_KEY_ENCRYPTION_KEY = None
    settings.DEBUG = True
    assert conf.master_key() == crypto.derive_master("debug-derived:" + settings.SECRET_KEY)
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        conf.master_key()


def test_signatures_use_fresh_nonces():
    sk, pk = crypto.generate_keypair()
    a, b = crypto.sign(b"same", sk), crypto.sign(b"same", sk)
    assert a != b and crypto.verify(b"same", a, pk) and crypto.verify(b"same", b, pk)
    assert not crypto.verify(b"other", a, pk)
