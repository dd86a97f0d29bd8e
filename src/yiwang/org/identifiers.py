"""Chinese identifiers: 居民身份证号 (GB 11643) and 统一社会信用代码 (GB 32100-2015).

Pure Python. python-stdnum does the arithmetic; its `cn.uscc` rejects codes whose registering-authority
character is a letter (A military, N agriculture), which GB 32100 allows, so USCC validation is done here with
the standard's own check: weights 3^i mod 31 over the 31-character alphabet.
"""
from __future__ import annotations

import datetime as dt

from stdnum.cn import ric as _ric

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 32100-2015 registering-authority codes (first character).
USCC_AUTHORITIES = set("123456789ANY")


class InvalidIdentifier(ValueError):
    """Raised with a Chinese message a user can act on."""


def _clean(value: str) -> str:
    return "".join(str(value or "").split()).upper().replace("－", "-").replace("-", "")


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> str:
    """Return the normalised 统一社会信用代码 or raise InvalidIdentifier."""
    code = _clean(value)
    if len(code) != 18:
        raise InvalidIdentifier(f"统一社会信用代码应为18位，当前为{len(code)}位")
    bad = [c for c in code if c not in USCC_ALPHABET]
    if bad:
        raise InvalidIdentifier(f"统一社会信用代码含有不允许的字符：{''.join(sorted(set(bad)))}（不使用I、O、Z、S、V）")
    if code[0] not in USCC_AUTHORITIES:
        raise InvalidIdentifier(f"统一社会信用代码第1位登记管理部门代码“{code[0]}”无效")
    if not code[2:8].isdigit():
        raise InvalidIdentifier("统一社会信用代码第3至8位应为行政区划码（数字）")
    if uscc_check_char(code[:17]) != code[17]:
        raise InvalidIdentifier("统一社会信用代码校验码错误，请核对后重新输入")
    return code


def validate_ric(value: str) -> str:
    """Return the normalised 居民身份证号 or raise InvalidIdentifier."""
    code = _clean(value)
    if len(code) != 18:
        raise InvalidIdentifier(f"居民身份证号应为18位，当前为{len(code)}位")
    if not code[:17].isdigit() or not (code[17].isdigit() or code[17] == "X"):
        raise InvalidIdentifier("居民身份证号前17位应为数字，最后一位为数字或X")
    try:
        birth = dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        raise InvalidIdentifier("居民身份证号中的出生日期无效") from None
    if birth > dt.date.today() or birth.year < 1880:
        raise InvalidIdentifier("居民身份证号中的出生日期无效")
    if _ric.calc_check_digit(code) != code[17]:  # stdnum takes the full number
        raise InvalidIdentifier("居民身份证号校验码错误，请核对后重新输入")
    return code


def is_valid_uscc(value: str) -> bool:
    try:
        validate_uscc(value)
        return True
    except InvalidIdentifier:
        return False


def is_valid_ric(value: str) -> bool:
    try:
        validate_ric(value)
        return True
    except InvalidIdentifier:
        return False


def make_uscc(first17: str) -> str:
    """Complete 17 characters with their check character (demo data and tests)."""
    return first17 + uscc_check_char(first17)


def make_ric(first17: str) -> str:
    return first17 + _ric.calc_check_digit(first17 + "0")


def mask_ric(code: str) -> str:
    """The platform's masking rule (yiwang.org.masking.mask_id_number): 110101********1234."""
    from .masking import mask_id_number

    return mask_id_number(code)


def mask_uscc(code: str) -> str:
    """The platform's masking rule (yiwang.org.masking.mask_uscc): 9131**********001X."""
    from .masking import mask_uscc as rule

    return rule(code)
