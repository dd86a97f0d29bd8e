import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from yiwang.org.identifiers import (
    USCC_ALPHABET, InvalidIdentifier, make_ric, make_uscc, validate_ric, validate_uscc,
)


def test_known_real_uscc_passes():
    assert validate_uscc("91110000600037341L") == "91110000600037341L"


@pytest.mark.parametrize("first17", ["A1000000MA0000001", "N2330100MA0000001"])
def test_military_and_agricultural_codes_pass_although_stdnum_rejects_them(first17):
    code = make_uscc(first17)
    assert not stdnum_uscc.is_valid(code)  # the upstream bug this wrapper exists for
    assert validate_uscc(code) == code


def test_uscc_wrong_check_character_is_refused_in_chinese():
    code = make_uscc("91310114MA1000001")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(InvalidIdentifier, match="校验码错误"):
        validate_uscc(wrong)


def test_uscc_forbidden_letters_and_length():
    with pytest.raises(InvalidIdentifier, match="18位"):
        validate_uscc("9131011")
    with pytest.raises(InvalidIdentifier, match="不允许的字符"):
        validate_uscc("91310114MA100000IO")


@given(st.text(alphabet="0123456789", min_size=8, max_size=8), st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9))
def test_uscc_agrees_with_stdnum_for_digit_authorities(area, rest):
    code = make_uscc("9" + area[:7] + rest[:9])
    assert validate_uscc(code) == code
    assert stdnum_uscc.is_valid(code)


def test_ric_check_digit_x_and_lowercase():
    assert validate_ric("11010519491231002x") == "11010519491231002X"
    assert validate_ric(make_ric("31011419800101001")).startswith("3101141980")


def test_ric_bad_birth_date_and_check_digit():
    with pytest.raises(InvalidIdentifier, match="出生日期"):
        validate_ric(make_ric("31011419801301001"))
    good = make_ric("31011419800101001")
    with pytest.raises(InvalidIdentifier, match="校验码"):
        validate_ric(good[:17] + ("1" if good[17] != "1" else "2"))
