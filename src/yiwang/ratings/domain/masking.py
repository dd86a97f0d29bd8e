"""Masking for publication: phone numbers, ID numbers (居民身份证号, USCC) and e-mail addresses in free text."""
from __future__ import annotations

import re

# Order matters: the 18-character identifiers first, then phones (a mobile number is 11 digits inside them).
_ID18 = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9])[0-9]{15}(?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]{4}){2}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])(?:0[0-9]{2,3}[- ]?)?[2-9][0-9]{6,7}(?![0-9])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LONG_DIGITS = re.compile(r"[0-9]{7,}")

MASK = "＊＊＊"


def mask(text: str | None) -> str:
    """The text with every phone number, ID number and e-mail address replaced by ＊＊＊ (and any remaining run of
    seven or more digits, which may be part of an identifier written with odd separators)."""
    if not text:
        return ""
    out = _EMAIL.sub(MASK, text)
    for pattern in (_ID18, _USCC, _ID15, _MOBILE, _LANDLINE, _LONG_DIGITS):
        out = pattern.sub(MASK, out)
    return out
