"""SM2 signatures, SM3 HMAC and SM4 sealing, no Django (shared by the e-licences, personal data at rest and the
audit checkpoints).

Signatures: SM2 (GB/T 32918) via gmalg, over the SM3 digest of Z_A || message with the default user ID
1234567812345678 (GM/T 0009); nonces come from gmalg's default `secrets.randbits`. A signature is r || s, each
padded to 32 bytes (64 bytes in all).

Private keys at rest: SM4-CBC with PKCS7 padding, then HMAC-SM3 over (version || key id || IV || ciphertext)
(encrypt-then-MAC). The SM4 and HMAC keys are derived from the master key with HMAC-SM3 and distinct labels, so the
stored blob decrypts only with the master key and only for the key id it was sealed for.
"""
from __future__ import annotations

import hmac as _hmac
import os

import gmalg
from cryptography.hazmat.primitives import hashes, hmac, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

DEFAULT_UID = b"1234567812345678"
_BLOB_VERSION = b"\x01"
_IV_LEN = 16
_MAC_LEN = 32


class KeyUnwrapError(Exception):
    """The sealed private key could not be opened (wrong master key, altered blob or wrong key id)."""


def generate_keypair() -> tuple[bytes, bytes]:
    """A fresh SM2 key pair: (32-byte private key, 65-byte uncompressed public key 04||x||y)."""
    sk, pk = gmalg.SM2().generate_keypair()
    return sk.rjust(32, b"\0"), pk


def public_key_of(private_key: bytes) -> bytes:
    return gmalg.SM2().generate_pk(private_key)


def sign(message: bytes, private_key: bytes) -> bytes:
    signer = gmalg.SM2(sk=private_key, uid=DEFAULT_UID)
    r, s = signer.sign(message)
    return r.rjust(32, b"\0") + s.rjust(32, b"\0")


def verify(message: bytes, signature: bytes, public_key: bytes) -> bool:
    if len(signature) != 64:
        return False
    try:
        verifier = gmalg.SM2(pk=public_key, uid=DEFAULT_UID)
        return bool(verifier.verify(message, signature[:32], signature[32:]))
    except Exception:  # a malformed public key or point: not a valid signature
        return False


def sm3_hmac(key: bytes, data: bytes) -> bytes:
    h = hmac.HMAC(key, hashes.SM3())
    h.update(data)
    return h.finalize()


def derive_master(secret: str | bytes) -> bytes:
    """A 32-byte master key from the configured secret (any string; long and random in production)."""
    raw = secret.encode() if isinstance(secret, str) else secret
    return sm3_hmac(b"yiwang/licences/master", raw)


def _subkeys(master: bytes) -> tuple[bytes, bytes]:
    return sm3_hmac(master, b"sm4-cbc")[:16], sm3_hmac(master, b"hmac-sm3")


def wrap_key(private_key: bytes, master: bytes, key_id: str) -> bytes:
    enc_key, mac_key = _subkeys(master)
    iv = os.urandom(_IV_LEN)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(private_key) + padder.finalize()
    encryptor = Cipher(algorithms.SM4(enc_key), modes.CBC(iv)).encryptor()
    ciphertext = encryptor.update(plain) + encryptor.finalize()
    body = _BLOB_VERSION + iv + ciphertext
    mac = sm3_hmac(mac_key, key_id.encode() + b"\0" + body)
    return body + mac


def unwrap_key(blob: bytes, master: bytes, key_id: str) -> bytes:
    if len(blob) < 1 + _IV_LEN + 16 + _MAC_LEN or blob[:1] != _BLOB_VERSION:
        raise KeyUnwrapError("密钥密文格式无效")
    enc_key, mac_key = _subkeys(master)
    body, mac = blob[:-_MAC_LEN], blob[-_MAC_LEN:]
    if not _hmac.compare_digest(mac, sm3_hmac(mac_key, key_id.encode() + b"\0" + body)):
        raise KeyUnwrapError("密钥完整性校验失败：主密钥不符或密文已被改动")
    iv, ciphertext = body[1:1 + _IV_LEN], body[1 + _IV_LEN:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.CBC(iv)).decryptor()
    plain = decryptor.update(ciphertext) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(plain) + unpadder.finalize()
    except ValueError:
        raise KeyUnwrapError("密钥密文填充无效") from None
