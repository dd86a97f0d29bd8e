"""Completeness, supplement notices, 容缺 and 告知承诺 rules (pure)."""
from datetime import date

import pytest

from yiwang.cases.domain.files import FileRuleError, check_file
from yiwang.cases.domain.materials import (
    COMMITTED, DEFERRED, PROVIDED, MaterialRuleError, Requirement, check_commitments, check_deferral,
    check_supplement_notice, completeness,
)
from yiwang.cases.domain.numbers import format_case_number

FORM = Requirement(1, "申请表", is_key=True)
LICENCE = Requirement(2, "营业执照", is_key=True, commitment_allowed=True)
PLAN = Requirement(3, "平面图", deferrable=True)
PHOTO = Requirement(4, "照片", required=False)
REQ = [FORM, LICENCE, PLAN, PHOTO]


def test_complete_when_every_required_material_is_provided_or_committed():
    c = completeness(REQ, {1: PROVIDED, 2: COMMITTED, 3: PROVIDED})
    assert c.complete and c.missing == ()


def test_missing_deferrable_only():
    c = completeness(REQ, {1: PROVIDED, 2: PROVIDED, 3: DEFERRED})
    assert not c.complete and c.deferrable_only and c.missing == (PLAN,)
    c = completeness(REQ, {1: PROVIDED})
    assert not c.deferrable_only


def test_first_notice_lists_every_missing_material_even_if_the_clerk_forgot_one():
    assert check_supplement_notice([2], missing=[3, 1], earlier_notices=0, resupplied_since_last_notice=[]) == [1, 2, 3]


def test_second_notice_for_a_material_the_first_could_have_named_is_refused():
    with pytest.raises(MaterialRuleError, match="不得再次告知"):
        check_supplement_notice([1], missing=[], earlier_notices=1, resupplied_since_last_notice=[3],
                                names={1: "申请表"})


def test_second_notice_for_a_defect_of_the_supplement_itself_is_allowed():
    assert check_supplement_notice([3], missing=[], earlier_notices=1, resupplied_since_last_notice=[3]) == [3]


def test_deferral_rules():
    ok = dict(accepted_on=date(2026, 3, 2), promised_deadline=date(2026, 3, 30), applicant_may=True)
    check_deferral([PLAN], date(2026, 3, 30), **ok)
    with pytest.raises(MaterialRuleError, match="应晚于受理日期"):  # issue 13: a date before acceptance
        check_deferral([PLAN], date(2026, 2, 1), **ok)
    with pytest.raises(MaterialRuleError, match="不能晚于"):
        check_deferral([PLAN], date(2026, 3, 31), **ok)
    with pytest.raises(MaterialRuleError, match="关键材料"):
        check_deferral([FORM], date(2026, 3, 20), **ok)
    with pytest.raises(MaterialRuleError, match="期限"):
        check_deferral([PLAN], None, **ok)
    with pytest.raises(MaterialRuleError, match="信用修复"):
        check_deferral([PLAN], date(2026, 3, 20), accepted_on=date(2026, 3, 2), promised_deadline=date(2026, 3, 30),
                       applicant_may=False)


def test_commitment_rules():
    check_commitments(REQ, [2], item_allows=True, applicant_may=True)
    with pytest.raises(MaterialRuleError, match="不适用告知承诺"):
        check_commitments(REQ, [2], item_allows=False, applicant_may=True)
    with pytest.raises(MaterialRuleError, match="信用修复"):
        check_commitments(REQ, [2], item_allows=True, applicant_may=False)
    with pytest.raises(MaterialRuleError, match="不能以告知承诺代替"):
        check_commitments(REQ, [1], item_allows=True, applicant_may=True)


def test_file_limits_and_sniffed_type():
    allowed = frozenset({"application/pdf", "image/png"})
    sha, size, kind = check_file(b"%PDF-1.7 hello", "image/png", max_bytes=100, allowed=allowed)
    assert kind == "application/pdf" and size == 14 and len(sha) == 64
    with pytest.raises(FileRuleError, match="大小"):
        check_file(b"%PDF-" + b"x" * 200, "application/pdf", max_bytes=100, allowed=allowed)
    with pytest.raises(FileRuleError, match="只能上传 PDF 或图片文件"):
        check_file(b"MZ\x90\x00 executable", "application/pdf", max_bytes=100, allowed=allowed)
    with pytest.raises(FileRuleError, match="为空"):
        check_file(b"", "application/pdf", max_bytes=100, allowed=allowed)


def test_case_number_format():
    assert format_case_number("310114000000", date(2026, 11, 23), 42) == "YW-310114-20261123-000042"
