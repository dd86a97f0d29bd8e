"""Department management: aliases, several filing codes, a code two departments share reported, not merged."""
import pytest
from django.core.exceptions import ValidationError

from yiwang.org import departments
from yiwang.org.identifiers import make_uscc

pytestmark = pytest.mark.django_db


def test_a_department_files_under_several_codes_and_shared_ones_are_reported(org):
    centre = make_uscc("12511602MB0000009")
    dept, warnings = departments.save_department(
        actor=org.sysadmin, department=org.health, name=org.health.name, code=org.health.code,
        uscc=org.health.uscc, region=org.district, aliases="区卫健局\n卫健委",
        filing_codes=f"{centre} 区疾控中心\n{org.market.uscc} 共用")
    assert dept.alias_list == ["区卫健局", "卫健委"]
    assert set(dept.filing_code_list) == {org.health.uscc, centre, org.market.uscc}
    assert any("共用" in w and org.market.name in w for w in warnings)
    assert org.market.filing_code_list == [org.market.uscc]  # not merged into the other department


def test_a_malformed_code_is_kept_and_shown(org, client):
    dept, warnings = departments.save_department(
        actor=org.sysadmin, name="广安区自然资源局", code="ZRZY", uscc="TE5116020105116050", region=org.district)
    assert dept.uscc == "TE5116020105116050" and any("不是有效" in w for w in warnings)
    client.force_login(org.sysadmin)
    page = client.get("/org/departments/").content.decode()
    assert "TE5116020105116050" in page and "登记管理部门" in page


def test_only_system_administrators_manage_departments(org, client):
    with pytest.raises(departments.NotOrgAdmin):
        departments.save_department(actor=org.catalog_admin, name="x", code="X", region=org.district)
    client.force_login(org.catalog_admin)
    assert client.get("/org/departments/").status_code == 403
    with pytest.raises(ValidationError):
        departments.save_department(actor=org.sysadmin, name="", code="", region=org.district)


def test_the_department_form_saves_through_the_page(org, client):
    client.force_login(org.sysadmin)
    r = client.post("/org/departments/new/", {"code": "MZ", "name": "区民政局", "kind": "bureau",
                                              "region": org.district.pk, "uscc": "", "filing_codes": "A1 救助站"})
    assert r.status_code == 302
    from yiwang.org.models import Department

    assert Department.objects.get(code="MZ").filing_code_list == ["A1"]
