import pytest
from django.core.exceptions import ValidationError

from yiwang.org.models import Role, StaffRole

pytestmark = pytest.mark.django_db


def test_reviewer_must_belong_to_a_department(org):
    role = StaffRole(user=org.reviewer, role=Role.SECTION_HEAD)
    with pytest.raises(ValidationError) as exc:
        role.full_clean()
    assert "department" in exc.value.error_dict


def test_only_clerks_can_be_window_officers(org):
    role = StaffRole(user=org.reviewer, role=Role.REVIEWER, department=org.market, is_window_officer=True)
    with pytest.raises(ValidationError) as exc:
        role.full_clean()
    assert "is_window_officer" in exc.value.error_dict


def test_dishonest_or_breached_applicants_lose_lenient_procedures(org):
    assert org.person.may_use_lenient_procedures
    org.person.is_dishonest = True
    assert not org.person.may_use_lenient_procedures
    org.person.is_dishonest = False
    org.person.commitment_breached = True
    assert not org.person.may_use_lenient_procedures


def test_a_malformed_department_uscc_is_kept_with_its_problem_shown(org, settings):
    org.market.uscc = org.market.uscc[:17] + ("0" if org.market.uscc[17] != "0" else "1")
    org.market.full_clean()
    assert "校验码" in org.market.uscc_problem
    org.market.uscc = "TE5116020105116050"
    assert "登记管理部门" in org.market.uscc_problem
    settings.YIWANG_STRICT_CODES = True
    with pytest.raises(ValidationError) as exc:
        org.market.full_clean()
    assert "uscc" in exc.value.error_dict
