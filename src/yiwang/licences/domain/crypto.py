"""SM2 signatures and SM4 key wrapping for the e-licences: the platform's shared national-crypto core
(`yiwang.common.sm`, no Django), named here as the licence code has always used it."""
from yiwang.common.sm import (  # noqa: F401  (re-exported)
    DEFAULT_UID, KeyUnwrapError, derive_master, generate_keypair, public_key_of, sign, sm3_hmac, unwrap_key, verify,
    wrap_key,
)
