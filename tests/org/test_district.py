"""Bringing up a real district from one workbook: the platform's own template, filled and loaded by the page and
the command; every row checked, all or nothing; 三员分立 between the organisation sheets and the role sheet."""
import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from yiwang.audit.models import AuditEvent
from yiwang.org import district
from yiwang.org.identifiers import make_uscc
from yiwang.org.models import Department, FilingCode, Hall, Park, Region, Role, StaffRole, User, Window

pytestmark = pytest.mark.django_db

SCJ = make_uscc("11330114MB0012345")
CDC = make_uscc("12330114MB0098765")


def workbook(**sheets) -> bytes:
    """The platform's template with its example rows replaced by the given rows (sheet name → rows)."""
    wb = load_workbook(io.BytesIO(district.template()))
    for name, rows in sheets.items():
        ws = wb[name]
        ws.delete_rows(3, ws.max_row)
        for row in rows:
            ws.append(row)
    for name in district.SHEETS:
        if name not in sheets:
            wb[name].delete_rows(3, wb[name].max_row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def a_district() -> bytes:
    return workbook(
        区划=[["330100000000", "江澄市", "市", ""], ["330114000000", "明湖区", "区", "330100000000"],
            ["330114001000", "湖滨街道", "街镇", "330114000000"]],
        部门=[["SCJ", "明湖区市场监督管理局", "区市场监管局", "委办局", SCJ, "330114000000", "0571-88000001",
             "明湖区政务大道1号", "区市场监管局；明湖区市监局", CDC],
            ["HBJD", "湖滨街道办事处", "", "街镇", "", "330114001000", "", "", "", ""]],
        园区=[["MHKF", "明湖经济开发区", "开发区", "330114000000", "明湖经济开发区管理委员会", "SCJ", "", ""]],
        大厅=[["MH01", "明湖区行政服务中心", "行政服务中心", "330114000000", "明湖区政务大道1号", "0571-88000000", "",
             "是"]],
        窗口=[["MH01", "1", "综合受理1号窗口", "综合窗口", "SCJ；HBJD"], ["MH01", "9", "出件窗口", "出件窗口", ""]],
        人员=[["wangfang", "王芳", "13900001111", ""], ["chenjing", "陈静", "", "chenjing@mh.gov.cn"]],
        岗位=[["wangfang", "窗口受理人员", "", "MH01", "1", "否"], ["chenjing", "审核人员", "SCJ", "", "", ""]],
    )


def test_the_template_lists_every_sheet_with_chinese_headers_and_its_example_loads(org):
    wb = load_workbook(io.BytesIO(district.template()))
    assert wb.sheetnames == ["说明", *district.SHEETS]
    assert [c.value for c in wb["部门"][1]][:3] == ["*部门代码", "*部门名称", "简称"]
    report = district.load(district.template(), actor=User.objects.create_superuser("root", password="x"))
    assert not report.errors and Department.objects.filter(code="SCJ", name="明湖区市场监督管理局").exists()


def test_a_superuser_brings_up_a_district_in_one_load_and_a_second_load_changes_nothing_new():
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    report = district.load(a_district(), actor=root)
    assert report.created == {"区划": 3, "部门": 2, "园区": 1, "大厅": 1, "窗口": 2, "人员": 2, "岗位": 2}
    scj = Department.objects.get(code="SCJ")
    assert scj.alias_list == ["区市场监管局", "明湖区市监局"] and CDC in scj.filing_code_list
    assert Region.objects.get(code="330114001000").parent.code == "330114000000"
    assert Park.objects.get(code="MHKF").managing_department == scj
    assert Hall.objects.get(code="MH01").open_on_holidays
    window = Window.objects.get(hall__code="MH01", number="1")
    assert set(window.departments.values_list("code", flat=True)) == {"SCJ", "HBJD"}
    wang = User.objects.get(username="wangfang")
    assert wang.kind == User.Kind.STAFF and wang.phone == "13900001111"
    assert StaffRole.objects.get(user=wang).window == window
    assert StaffRole.objects.get(user__username="chenjing", role=Role.REVIEWER).department == scj
    # new accounts have a generated initial password that works once and must be changed
    assert set(report.passwords) == {"wangfang", "chenjing"} and wang.check_password(report.passwords["wangfang"])
    from yiwang.security.services import password_change_reason

    assert password_change_reason(wang)
    event = AuditEvent.objects.get(action="org.district.load")
    assert event.actor_name and "wangfang" in str(event.data)
    again = district.load(a_district(), actor=root)
    assert again.created == {} and again.updated["部门"] == 2 and not again.passwords
    assert Department.objects.count() == 2 and FilingCode.objects.filter(code=CDC).count() == 1
    assert StaffRole.objects.count() == 2 and wang.check_password(report.passwords["wangfang"])


def test_every_wrong_row_is_named_and_nothing_is_saved():
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    data = workbook(
        区划=[["33011400000", "明湖区", "区", ""], ["330114001000", "湖滨街道", "乡", "330114000000"]],
        部门=[["SCJ", "明湖区市场监督管理局", "", "委办局", SCJ, "330199000000", "", "", "", ""]],
        岗位=[["nobody", "窗口受理人员", "", "", "", ""]],
    )
    regions = Region.objects.count()
    with pytest.raises(district.DistrictError) as caught:
        district.load(data, actor=root)
    errors = caught.value.report.errors
    assert any(e.startswith("「区划」第3行") and "12位" in e for e in errors), errors
    assert any(e.startswith("「区划」第4行") and "层级" in e and "乡" in e for e in errors), errors
    assert any(e.startswith("「部门」第3行") and "330199000000 不存在" in e for e in errors), errors
    assert any(e.startswith("「岗位」第3行") and "nobody 不存在" in e for e in errors), errors
    assert Region.objects.count() == regions and not Department.objects.filter(code="SCJ").exists()
    assert not AuditEvent.objects.filter(action="org.district.load").exists()


def test_a_malformed_department_code_is_kept_with_a_warning():
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    report = district.load(workbook(
        区划=[["511602000000", "广安区", "区", ""]],
        部门=[["ZRZY", "广安区自然资源局", "", "", "TE5116020105116050", "511602000000", "", "", "", ""]]),
        actor=root)
    assert Department.objects.get(code="ZRZY").uscc == "TE5116020105116050"
    assert any("TE5116020105116050" in w and "按原样保存" in w for w in report.warnings)


def test_the_system_administrator_loads_the_organisation_and_the_security_administrator_the_roles(org):
    org_only = workbook(区划=[["310114102000", "示范二街道", "街镇", org.district.code]],
                        人员=[["wangfang", "王芳", "", ""]])
    roles_only = workbook(岗位=[["wangfang", "审核人员", org.market.code, "", "", ""]])
    with pytest.raises(Exception, match="安全管理员"):
        district.load(a_district(), actor=org.sysadmin)  # the role sheet is not theirs
    with pytest.raises(Exception, match="系统管理员"):
        district.load(org_only, actor=org.security_admin)
    with pytest.raises(Exception, match="系统管理员"):
        district.load(org_only, actor=org.catalog_admin)
    district.load(org_only, actor=org.sysadmin)
    assert not StaffRole.objects.filter(user__username="wangfang").exists()
    district.load(roles_only, actor=org.security_admin)
    assert StaffRole.objects.get(user__username="wangfang").department == org.market


def test_the_page_gives_the_template_checks_loads_and_shows_the_initial_passwords_once(client):
    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    template = client.get("/org/district/?template=1")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    checked = client.post("/org/district/", {"file": _upload(a_district()), "dry_run": "1"})
    assert checked.status_code == 200 and "检查通过" in checked.content.decode()
    assert not Department.objects.exists()
    loaded = client.post("/org/district/", {"file": _upload(a_district())})
    page = loaded.content.decode()
    assert "已导入" in page and "wangfang" in page and loaded["Cache-Control"] == "no-store"
    wrong = client.post("/org/district/", {"file": _upload(b"not a workbook")})
    assert wrong.status_code == 400 and "无法读取该文件" in wrong.content.decode()


def test_the_page_is_closed_to_other_staff(org, client):
    client.force_login(org.clerk)
    assert client.get("/org/district/").status_code == 403


def test_the_command_writes_the_template_and_loads_with_the_passwords_in_a_private_file(tmp_path):
    User.objects.create_superuser("root", password="Root-pass-2026")
    call_command("district", "template", str(tmp_path / "t.xlsx"), stdout=io.StringIO())
    assert load_workbook(tmp_path / "t.xlsx").sheetnames[1] == "区划"
    book = tmp_path / "district.xlsx"
    book.write_bytes(a_district())
    with pytest.raises(CommandError, match="--passwords"):
        call_command("district", "load", str(book), "--user", "root", stdout=io.StringIO())
    assert not Department.objects.exists()  # refused before anything was written
    out = tmp_path / "passwords.csv"
    call_command("district", "load", str(book), "--user", "root", "--passwords", str(out), stdout=io.StringIO())
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["用户名", "初始密码"] and {r[0] for r in rows[1:]} == {"wangfang", "chenjing"}
    assert (out.stat().st_mode & 0o777) == 0o600
    assert User.objects.get(username="chenjing").check_password(dict(rows[1:])["chenjing"])


def test_createsuperuser_makes_a_staff_account():
    call_command("createsuperuser", "--noinput", "--username", "ops", "--email", "ops@mh.gov.cn",
                 stdout=io.StringIO())
    assert User.objects.get(username="ops").kind == User.Kind.STAFF


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("district.xlsx", data,
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
