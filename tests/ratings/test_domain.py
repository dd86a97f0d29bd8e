from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yiwang.org.identifiers import make_ric, make_uscc
from yiwang.ratings.domain.grades import InvalidGrade, check_grade, check_tags, is_negative
from yiwang.ratings.domain.masking import mask
from yiwang.ratings.domain.occasions import ACCEPTANCE, CASE, DELIVERY, CaseFacts, occasions

D1, D2 = date(2026, 3, 2), date(2026, 3, 9)


def test_grades_are_one_to_five_and_negative_follows_the_setting():
    assert check_grade("5") == 5
    for bad in (0, 6, "x", None):
        with pytest.raises(InvalidGrade):
            check_grade(bad)
    assert is_negative(1, (2, 1)) and is_negative(2, (2, 1)) and not is_negative(3, (2, 1))
    assert not is_negative(1, (2,))  # some places count only 不满意


def test_tags_must_be_on_the_list():
    assert check_tags(["服务热情", "服务热情", ""], ["服务热情"]) == ["服务热情"]
    with pytest.raises(InvalidGrade):
        check_tags(["随便写"], ["服务热情"])


def test_online_cases_are_rated_once_when_concluded():
    facts = CaseFacts(channel="online", promised=True, accepted_on=D1)
    assert occasions(facts) == {}
    assert occasions(CaseFacts(channel="online", promised=True, accepted_on=D1, delivered_on=D2,
                               concluded_on=D2)) == {CASE: D2}


def test_on_site_cases_are_rated_per_service():
    facts = CaseFacts(channel="window", promised=False, accepted_on=D1)
    assert occasions(facts) == {ACCEPTANCE: D1}
    facts = CaseFacts(channel="window", promised=False, accepted_on=D1, delivered_on=D2, concluded_on=D2)
    assert occasions(facts) == {ACCEPTANCE: D1, DELIVERY: D2}
    refused = CaseFacts(channel="window", promised=False, refused_on=D1, concluded_on=D1)
    assert occasions(refused) == {ACCEPTANCE: D1}


def test_promised_items_rated_twice_only_with_the_local_option():
    facts = CaseFacts(channel="online", promised=True, accepted_on=D1, delivered_on=D2, concluded_on=D2)
    assert occasions(facts, twice_for_promised=True) == {ACCEPTANCE: D1, DELIVERY: D2}
    immediate = CaseFacts(channel="online", promised=False, accepted_on=D1, delivered_on=D2, concluded_on=D2)
    assert occasions(immediate, twice_for_promised=True) == {CASE: D2}


def test_mask_removes_phones_ids_and_emails():
    ric, uscc = make_ric("31011419800101001"), make_uscc("91310114MA1000001")
    text = f"我的电话13812345678，座机021-64471234，身份证{ric}，公司{uscc}，邮箱a.b@example.cn，等了2小时"
    out = mask(text)
    for secret in ("13812345678", "64471234", ric, uscc, "a.b@example.cn"):
        assert secret not in out
    assert "等了2小时" in out and "我的电话" in out


@given(prefix=st.text(alphabet="窗口态度很差请联系我", max_size=10),
       number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       sep=st.sampled_from(["", " ", "-"]))
def test_any_mobile_number_is_masked(prefix, number, sep):
    written = number[:3] + sep + number[3:7] + sep + number[7:]
    out = mask(f"{prefix}{written}。")
    assert not any(c.isdigit() for c in out) and "＊" in out
